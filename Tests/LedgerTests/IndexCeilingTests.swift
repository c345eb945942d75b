import Testing
@testable import Ledger
import TestSupport

/// Ids past the index's last key go straight into LMDB during a batch; repeats, conflicts and out-of-order ids are still found.
struct IndexCeilingTests {
    /// Every event id and invitation of the ledger, looked up through its index, names the right position.
    static func expectIndexesMatchTheLog(_ ledger: Ledger) throws {
        try ledger.read { view in
            var records: [EventRecord] = []
            try view.scan { records.append($0); return true }
            var sentPositions: [String: UInt64] = [:]
            for record in records {
                let found = try view.position(ofEventID: record.id)
                #expect(found == record.position, "\(record.id)")
                if record.kind == .sent { sentPositions[record.explicitInvitation ?? "inv-\(record.position)"] = record.position }
            }
            for (invitation, position) in sentPositions {
                #expect(try view.positions(ofInvitation: invitation)?.first == position, "\(invitation)")
            }
        }
    }

    @Test func repeatsInOneBatchAreDuplicatesOrConflictsWhetherAppendedOrHeld() throws {
        try withLedger { ledger, _ in
            // e-5 goes past the (empty) index; e-3 sorts below it and waits in the batch's table.
            let batch = [sent("a", "r1", at: "2026-01-01T00:00:00Z", id: "e-5", invitation: "inv-5"),
                         sent("a", "r2", at: "2026-01-01T00:00:01Z", id: "e-3", invitation: "inv-3"),
                         sent("a", "r1", at: "2026-01-01T00:00:00Z", id: "e-5", invitation: "inv-5"),
                         sent("a", "r2", at: "2026-01-01T00:00:01Z", id: "e-3", invitation: "inv-3"),
                         sent("a", "r3", at: "2026-01-01T00:00:02Z", id: "plain-id"),
                         followUp(.reminded, invitation: "inv-3", at: "2026-01-02T00:00:00Z", id: "e-6")]
            let outcome = try ledger.append(batch)
            #expect(outcome.appended == 4 && outcome.duplicates == 2 && outcome.rejected == 0,
                    "\(outcome.rejections.map { "\($0.line): \($0.rejection)" })")
            #expect(try ledger.appendCode([sent("a", "r9", at: "2026-01-03T00:00:00Z", id: "e-5")]) == .idConflict)
            #expect(try ledger.appendCode([sent("a", "r1", at: "2026-01-03T00:00:00Z", id: "e-7", invitation: "inv-5")])
                    == .duplicateInvitation)
            // In one batch: an id appended a moment ago, with other content, conflicts.
            let conflict = try ledger.append([sent("a", "r7", at: "2026-01-04T00:00:00Z", id: "e-100"),
                                               sent("a", "r8", at: "2026-01-04T00:00:00Z", id: "e-100")])
            #expect(conflict.rejections.first?.rejection.code == .idConflict && conflict.appended == 0)
            try Self.expectIndexesMatchTheLog(ledger)
            let head = try ledger.read { try $0.head() }
            #expect(try ledger.verify() == .ok(events: 4, position: 4, hash: head.hash))
        }
    }

    @Test func idsInAnyOrderOverManyBatchesStayFindable() throws {
        try withLedger { ledger, _ in
            var generator = SeededGenerator(seed: 7)
            var numbers = Array(1...600)
            numbers.shuffle(using: &generator)
            // Mostly increasing, with runs shuffled: some ids go past the index, others below it.
            let order = numbers.sorted().chunks(of: 50).flatMap { chunk in
                Bool.random(using: &generator) ? chunk.shuffled(using: &generator) : Array(chunk)
            }
            var seconds = 0
            for batch in order.chunks(of: 120) {
                let events = batch.map { number -> ProposedEvent in
                    seconds += 1
                    return sent("acct", "r-\(number)", at: "2026-01-01T00:\(String(format: "%02d:%02d", seconds / 60, seconds % 60))Z",
                                id: "e-\(number)", invitation: number.isMultiple(of: 7) ? "custom-\(number)" : "inv-\(number)")
                }
                let outcome = try ledger.append(events)
                #expect(outcome.rejected == 0, "\(outcome.rejections.prefix(2).map { "\($0.line): \($0.rejection)" })")
                // A retry of the whole batch is all duplicates.
                #expect(try ledger.append(events).duplicates == events.count)
            }
            try Self.expectIndexesMatchTheLog(ledger)
            #expect(try ledger.read { try $0.head().position } == 600)
        }
    }
}

extension Array {
    /// The array cut into consecutive pieces of `size` (the last may be shorter).
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
