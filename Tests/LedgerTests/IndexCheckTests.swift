import Foundation
import LMDB
@testable import Ledger
import Testing

/// `verify --indexes` names damage to the indexes the lifecycle rules read, and `rebuild indexes` repairs it (audit 22).
struct IndexCheckTests {
    /// Every entry of the ids, invitations and pairs indexes, key then value, in key order.
    static func dump(_ ledger: Ledger) throws -> [[UInt8]] {
        try ledger.read { view in
            var entries: [[UInt8]] = []
            for database in [ledger.ids, ledger.invitations, ledger.pairs] {
                try view.txn.withCursor(database) { cursor in
                    var entry = try cursor.first()
                    while let current = entry {
                        entries.append(Array(current.key) + [0xFF] + Array(current.value))
                        entry = try cursor.next()
                    }
                }
                entries.append([])
            }
            return entries
        }
    }

    /// Whether the stored indexes are the ones the log derives.
    static func indexesHold(_ ledger: Ledger) throws -> Bool {
        try ledger.checkIndexes() == nil
    }

    /// The key and value of the `index`-th entry of `database`.
    static func entry(_ ledger: Ledger, _ database: Database, at index: Int) throws -> (key: [UInt8], value: [UInt8]) {
        try ledger.read { view in
            try view.txn.withCursor(database) { cursor in
                var entry = try cursor.first()
                for _ in 0..<index { entry = try cursor.next() }
                let found = try #require(entry)
                return (Array(found.key), Array(found.value))
            }
        }
    }

    /// Each kind of damage to each index is named, and `rebuildIndexes` gives back what the writer wrote.
    @Test(arguments: ["ids", "invitations", "pairs"], ["lost", "changed", "extra"])
    func damageIsNamedAndRepaired(index name: String, damage: String) throws {
        let (ledger, folder) = try MerkleLedgerTests.makeLedger(events: 300, batch: 40)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = [ledger.ids, ledger.invitations, ledger.pairs][["ids", "invitations", "pairs"].firstIndex(of: name) ?? 0]
        let written = try Self.dump(ledger)
        #expect(try Self.indexesHold(ledger))
        let victim = try Self.entry(ledger, database, at: 17)
        try ledger.environment.write { txn in
            switch damage {
            case "lost": _ = try txn.delete(victim.key, in: database)
            case "changed": try txn.put(victim.value.dropLast() + [victim.value.last.map { $0 ^ 1 } ?? 1], forKey: victim.key, in: database)
            default: try txn.put(victim.value, forKey: victim.key + [0x7E], in: database)
            }
        }
        let mismatch = try #require(try ledger.checkIndexes())
        #expect(mismatch.detail.contains("the \(name) index"), "\(mismatch)")
        switch damage {
        case "lost": #expect(mismatch.detail.contains("lacks") && mismatch.position > 0, "\(mismatch)")
        case "changed": #expect(mismatch.detail.contains("differs") && mismatch.position > 0, "\(mismatch)")
        default: #expect(mismatch.detail.contains("no event accounts for") && mismatch.position == 0, "\(mismatch)")
        }
        #expect(try ledger.rebuildIndexes() > 0)
        #expect(try Self.indexesHold(ledger))
        #expect(try Self.dump(ledger) == written)
    }

    /// A lost ids entry let a retry be recorded twice; after the repair it is a duplicate again.
    @Test func aRepairedIdsIndexCountsTheRetryAsADuplicate() throws {
        let (ledger, folder) = try MerkleLedgerTests.makeLedger(events: 120, batch: 40)
        defer { try? FileManager.default.removeItem(at: folder) }
        let retry = try #require(try ledger.read { try $0.event(at: 57) })
        let proposed = ProposedEvent(kind: retry.kind, id: retry.id, at: retry.at, invitation: retry.invitation,
                                     account: retry.account, recipient: retry.recipient, source: retry.source, note: retry.note,
                                     template: retry.template, reason: retry.reason, by: retry.by)
        let key = try ledger.read { view in try view.withLookupKey(retry.id) { Array($0) } }
        try ledger.environment.write { txn in _ = try txn.delete(key, in: ledger.ids) }
        #expect(try ledger.checkIndexes()?.position == 57)
        try ledger.rebuildIndexes()
        let outcome = try ledger.append([proposed])
        #expect(outcome.appended == 0 && outcome.duplicates == 1)
    }
}
