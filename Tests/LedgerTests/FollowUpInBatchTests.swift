import Foundation
import Testing
@testable import Ledger

/// A follow-up to an invitation sent earlier in the same batch takes the batch's own tables
/// (`InvitationEntry.pairEntry`); one to an invitation of an earlier batch reads the indexes. Both
/// must give the same answers and the same ledger.
struct FollowUpInBatchTests {
    static let events: [ProposedEvent] = [
        sent("a", "https://www.linkedin.com/in/Jane-Doe/", at: "2026-01-01T00:00:00Z", id: "s1", invitation: "i1"),
        sent("a", "urn:li:person:7", at: "2026-01-01T00:00:01Z", id: "s2"),
        sent("b", "https://www.linkedin.com/in/jane-doe", at: "2026-01-01T00:00:02Z", id: "s3", invitation: "i3"),
        followUp(.reminded, invitation: "i1", at: "2026-01-02T00:00:00Z", id: "f1"),
        followUp(.reminded, invitation: "i1", account: "b", at: "2026-01-02T00:00:01Z", id: "f2"),      // wrong account
        followUp(.reminded, invitation: "i1", recipient: "urn:li:person:7", at: "2026-01-02T00:00:02Z", id: "f3"),  // wrong recipient
        followUp(.withdrawn, invitation: "inv-2", at: "2026-01-03T00:00:00Z", id: "f4", reason: "stale"),
        followUp(.reminded, invitation: "inv-2", at: "2026-01-03T00:00:01Z", id: "f5"),                 // already withdrawn
        followUp(.accepted, invitation: "i1", account: "a", recipient: "linkedin.com/in/jane-doe", at: "2026-01-01T12:00:00Z", id: "f6"),  // out of order
        followUp(.accepted, invitation: "i1", account: "a", recipient: "linkedin.com/in/jane-doe", at: "2026-01-04T00:00:00Z", id: "f7"),
        followUp(.reminded, invitation: "i1", at: "2026-01-05T00:00:00Z", id: "f8"),                     // already accepted
        sent("a", "urn:li:person:7", at: "2026-03-01T00:00:00Z", id: "s4", invitation: "i4"),           // re-invite after the withdraw
        followUp(.reminded, invitation: "inv-2", at: "2026-03-02T00:00:00Z", id: "f9"),                 // the pair's older invitation
        followUp(.expired, invitation: "i4", at: "2026-09-01T00:00:00Z", id: "f10"),
        followUp(.reminded, invitation: "i3", at: "2026-01-06T00:00:00Z", id: "f11"),
        followUp(.reminded, invitation: "i3", at: "2026-01-06T00:00:00Z", id: "f11"),                   // a retry: duplicate
        followUp(.accepted, invitation: "nope", at: "2026-01-06T00:00:00Z", id: "f12"),                 // never sent
    ]

    /// Appends `events` in one batch, or one batch each; returns each event's refusal (code and message) and the export.
    static func run(_ events: [ProposedEvent], oneBatch: Bool) throws -> (refusals: [String], export: [String]) {
        try withLedger { ledger, _ in
            var refusals: [String] = []
            if oneBatch {
                let outcome = try ledger.append(events, skipInvalid: true)
                var byLine: [Int: String] = [:]
                for (line, rejection) in outcome.rejections { byLine[line] = "\(rejection.code.rawValue): \(rejection.message)" }
                refusals = events.indices.map { byLine[$0 + 1] ?? "" }
            } else {
                for event in events {
                    let outcome = try ledger.append([event], skipInvalid: true)
                    refusals.append(outcome.rejections.first.map { "\($0.rejection.code.rawValue): \($0.rejection.message)" } ?? "")
                }
            }
            var export: [String] = []
            try ledger.read { view in
                try view.forEachEvent { event, _ in
                    // recorded_at differs between the runs' batches: compare the events without it.
                    var copy = event
                    copy.recordedAt = Timestamp(milliseconds: 0)
                    export.append(copy.exportedJSON(hash: ""))
                    return true
                }
            }
            return (refusals, export)
        }
    }

    @Test func oneBatchAndOneBatchPerEventAgree() throws {
        let together = try Self.run(Self.events, oneBatch: true)
        let apart = try Self.run(Self.events, oneBatch: false)
        #expect(together.refusals == apart.refusals)
        #expect(together.export == apart.export)
        // The cases meant: wrong account and recipient, closed, out of order, never sent.
        let codes = together.refusals.map { $0.split(separator: ":").first.map(String.init) ?? "" }
        #expect(codes == ["", "", "", "", "invalid_event", "invalid_event", "", "already_closed", "out_of_order", "", "already_closed",
                          "", "already_closed", "", "", "", "unknown_invitation"], "\(together.refusals)")
        #expect(together.export.count == 9)
    }
}
