import Testing
@testable import Ledger
import TestSupport

/// A plain model of SPEC §2's lifecycle rules, written independently of the ledger.
private struct LifecycleModel {
    struct Invitation { var account: String; var recipient: String; var status: String }
    struct Pair { var latest: String; var latestAt: Timestamp }
    var invitations: [String: Invitation] = [:]
    var pairs: [String: Pair] = [:]
    var events: [String: ProposedEvent] = [:]
    var log: [(ProposedEvent, String)] = []

    /// Returns nil when recorded, "duplicate" for a retry, else the rejection code.
    mutating func apply(_ event: ProposedEvent) -> String? {
        if let id = event.id, let known = events[id] {
            let same = known.kind == event.kind && known.at == event.at
                && (event.invitation == nil || event.invitation == resolvedInvitation(of: id))
                && (event.account == nil || event.account == invitations[resolvedInvitation(of: id)]?.account)
                && (event.recipient == nil || event.recipient == invitations[resolvedInvitation(of: id)]?.recipient)
                && known.note == event.note && known.reason == event.reason && known.source == event.source
            return same ? "duplicate" : "id_conflict"
        }
        var recorded = event
        if event.kind == .sent {
            let account = event.account ?? "", recipient = event.recipient ?? ""
            if let invitation = event.invitation, invitations[invitation] != nil { return "duplicate_invitation" }
            if let pair = pairs[account + "|" + recipient], let latest = invitations[pair.latest] {
                if latest.status == "pending" { return "already_pending" }
                if latest.status == "accepted" { return "already_connected" }
                if pair.latestAt > event.at { return "out_of_order" }
            }
            let invitation = event.invitation ?? "inv-\(log.count + 1)"
            recorded.invitation = invitation
            invitations[invitation] = Invitation(account: account, recipient: recipient, status: "pending")
            pairs[account + "|" + recipient] = Pair(latest: invitation, latestAt: event.at)
        } else {
            let invitation: String
            if let given = event.invitation {
                guard let known = invitations[given] else { return "unknown_invitation" }
                if let account = event.account, account != known.account { return "invalid_event" }
                if let recipient = event.recipient, recipient != known.recipient { return "invalid_event" }
                invitation = given
            } else {
                guard let pair = pairs[(event.account ?? "") + "|" + (event.recipient ?? "")] else { return "unknown_invitation" }
                invitation = pair.latest
            }
            guard var known = invitations[invitation] else { return "unknown_invitation" }
            if known.status != "pending" { return "already_closed" }
            let key = known.account + "|" + known.recipient
            if let pair = pairs[key], pair.latestAt > event.at { return "out_of_order" }
            if event.kind.closes { known.status = event.kind.name }
            invitations[invitation] = known
            pairs[key]?.latestAt = event.at
            recorded.invitation = invitation
            recorded.account = known.account
            recorded.recipient = known.recipient
        }
        let id = event.id ?? "ev-\(log.count + 1)"
        events[id] = recorded
        log.append((recorded, id))
        return nil
    }

    private func resolvedInvitation(of id: String) -> String { events[id]?.invitation ?? "" }
}

@Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
func randomStreamsGetTheModelsDecisionsAndExport(seed: UInt64) throws {
    try checkRandomStream(seed: seed, largestBatch: 8)
}

/// The same in batches of up to 60 events, where most follow-ups name an invitation sent in their own
/// batch (found through the batch's tables, `InvitationEntry`) rather than in an earlier one.
@Test(arguments: [7, 8, 9] as [UInt64])
func randomStreamsInLargeBatchesGetTheModelsDecisions(seed: UInt64) throws {
    try checkRandomStream(seed: seed, largestBatch: 60)
}

/// Appends 40 random batches of 1…`largestBatch` events and checks each decision and the export against `LifecycleModel`.
private func checkRandomStream(seed: UInt64, largestBatch: Int) throws {
    var random = SeededGenerator(seed: seed)
    let accounts = ["acct-1", "acct-2"]
    // Enough recipients that pairs are not all connected after a few batches (review 13).
    let recipients = (0..<12).map { "linkedin.com/in/p\($0)" }
    let kinds: [EventKind] = [.sent, .sent, .reminded, .withdrawn, .expired, .accepted]
    var model = LifecycleModel()
    var clock: Int64 = 1_767_225_600_000
    var history: [ProposedEvent] = []
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    do {
        for _ in 0..<40 {
            var batch: [ProposedEvent] = []
            for _ in 0..<Int.random(in: 1...largestBatch, using: &random) {
                // A quarter of the steps are 0: events at the very instant of their pair's latest one,
                // where `out_of_order` ("earlier than") must not apply (review 13).
                clock += Int.random(in: 0..<4, using: &random) == 0 ? 0 : Int64.random(in: -3_600_000...86_400_000, using: &random)
                let at = Timestamp(milliseconds: clock)
                let roll = Int.random(in: 0..<100, using: &random)
                if roll < 8, let old = history.randomElement(using: &random) {
                    batch.append(old)  // an exact retry
                    continue
                }
                let kind = kinds.randomElement(using: &random) ?? .sent
                var event = ProposedEvent(kind: kind, at: at)
                if Bool.random(using: &random) { event.id = "e\(Int.random(in: 0..<400, using: &random))" }
                let account = accounts.randomElement(using: &random) ?? "", recipient = recipients.randomElement(using: &random) ?? ""
                if kind == .sent {
                    event.account = account
                    event.recipient = recipient
                    event.source = Bool.random(using: &random) ? "src-\(Int.random(in: 0..<3, using: &random))" : "unknown"
                    if Int.random(in: 0..<4, using: &random) == 0 { event.invitation = "i\(Int.random(in: 0..<60, using: &random))" }
                    if Bool.random(using: &random) { event.note = "note \(Int.random(in: 0..<9, using: &random))" }
                } else if Bool.random(using: &random), let sentInvitation = model.invitations.keys.randomElement(using: &random) {
                    event.invitation = Int.random(in: 0..<10, using: &random) == 0 ? "missing" : sentInvitation
                    if Int.random(in: 0..<8, using: &random) == 0 { event.account = account }
                } else {
                    event.account = account
                    event.recipient = recipient
                }
                if kind == .withdrawn, Bool.random(using: &random) { event.reason = "stale" }
                batch.append(event)
                history.append(event)
            }
            let outcome = try ledger.append(batch, skipInvalid: true)
            var rejected: [Int: String] = [:]
            for (line, rejection) in outcome.rejections { rejected[line] = rejection.code.rawValue }
            var duplicates = 0
            for (index, event) in batch.enumerated() {
                let decision = model.apply(event)
                if decision == "duplicate" { duplicates += 1; continue }
                #expect(rejected[index + 1] == decision, "seed \(seed): \(event) → ledger \(rejected[index + 1] ?? "ok"), model \(decision ?? "ok")")
            }
            #expect(outcome.duplicates == duplicates)
        }
        let exported = try ledger.allEvents()
        #expect(exported.count == model.log.count)
        for (event, (expected, id)) in zip(exported, model.log) {
            #expect(event.id == id)
            #expect(event.kind == expected.kind && event.at == expected.at)
            #expect(event.invitation == expected.invitation)
            #expect(event.account == expected.account && event.recipient == expected.recipient)
            #expect(event.note == expected.note && event.reason == expected.reason)
            #expect(event.source == (expected.kind == .sent ? expected.source ?? "unknown" : nil))
        }
        #expect(try ledger.verify() == .ok(events: UInt64(model.log.count), position: UInt64(model.log.count),
                                           hash: try ledger.read { try $0.head().hash }))
        // The indexes the writer kept are the ones the log derives, entry for entry (`verify --indexes`, `rebuild indexes`).
        #expect(try IndexCheckTests.indexesHold(ledger), "seed \(seed)")
        let written = try IndexCheckTests.dump(ledger)
        try ledger.rebuildIndexes()
        #expect(try IndexCheckTests.dump(ledger) == written, "seed \(seed)")
    }
}
