import Foundation
import LMDB
@testable import Ledger
import Testing

/// `verify --indexes` tells a log that breaks its own rules from damaged indexes, so that no one is sent to a rebuild that cannot help.
struct IndexCheckLogDamageTests {
    /// Replaces the stored record at `position` with `change` applied to it, encoded plain (its chain tag left as it was).
    static func rewriteRecord(_ ledger: Ledger, at position: UInt64, _ change: (inout EventRecord) -> Void) throws {
        var record = try #require(try ledger.read { try $0.record(at: position) })
        change(&record)
        try ledger.environment.write { txn in
            try txn.put(record.encoded(), forKey: try #require(ledger.logKey(position)).array, in: ledger.log)
        }
    }

    /// Damage to the log of `MerkleLedgerTests.makeLedger(events: 20)` (sends at 1–4, 6–9, …; at 5 and 10 acceptances of the send before), and what names it.
    static let logDamages: [(name: String, damage: @Sendable (Ledger) throws -> Void, position: UInt64, detail: String)] = [
        ("a middle record deleted", { ledger in
            _ = try ledger.environment.write { txn in try txn.delete(try #require(ledger.logKey(7)).array, in: ledger.log) }
        }, 7, "position 7 is missing from the log"),
        ("a sent made a second sent of an earlier invitation", { ledger in
            try rewriteRecord(ledger, at: 6) { $0.explicitInvitation = "inv-1" }
        }, 6, "invitation inv-1 was also sent at position 2"),
        ("a follow-up's sent made an acceptance", { ledger in
            try rewriteRecord(ledger, at: 10) { $0.sentPosition = 5 }
        }, 10, "its sent at position 5 is not a sent before it"),
    ]

    /// A log with a hole, an invitation sent twice, or a follow-up of no send is named in the log, and `rebuildIndexes` refuses it (audit 107 F5).
    @Test(arguments: 0..<3)
    func aLogBreakingItsOwnRulesIsNamedAsTheLogs(damage: Int) throws {
        let (_, apply, position, detail) = Self.logDamages[damage]
        let (ledger, folder) = try MerkleLedgerTests.makeLedger(events: 20, batch: 20)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try ledger.read { try $0.record(at: 5)?.kind } == .accepted)
        #expect(try ledger.read { try $0.record(at: 10)?.sentPosition } == 9)
        #expect(try ledger.checkIndexes() == nil)
        try apply(ledger)
        let mismatch = try #require(try ledger.checkIndexes())
        #expect(mismatch.position == position && mismatch.detail == detail && mismatch.inTheLog, "\(mismatch)")
        #expect(throws: IndexMismatch.self) { try ledger.rebuildIndexes() }
    }

    /// A stored key sorting after every key the log gives, in any index, is named as an entry no event accounts for, and a rebuild drops it (audit 107 F5).
    @Test(arguments: ["ids", "invitations", "pairs"])
    func anExtraKeyPastEveryOtherIsNamedAndRebuilt(index name: String) throws {
        let (ledger, folder) = try MerkleLedgerTests.makeLedger(events: 20, batch: 20)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try #require(["ids": ledger.ids, "invitations": ledger.invitations, "pairs": ledger.pairs][name])
        let written = try IndexCheckTests.dump(ledger)
        try ledger.environment.write { txn in try txn.put([1], forKey: [UInt8](repeating: 0xFF, count: 8), in: database) }
        let mismatch = try #require(try ledger.checkIndexes())
        #expect(mismatch.position == 0 && !mismatch.inTheLog, "\(mismatch)")
        #expect(mismatch.detail == "the \(name) index holds an entry no event accounts for (key ffffffffffffffff)", "\(mismatch)")
        #expect(try ledger.rebuildIndexes() > 0)
        #expect(try ledger.checkIndexes() == nil)
        #expect(try IndexCheckTests.dump(ledger) == written)
    }
}
