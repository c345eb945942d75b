import Foundation
import LMDB
@testable import Ledger
import Testing
import TestSupport

/// Ledgers whose ids and invitations indexes key ids by their text (before key format 2) are migrated on open.
struct IndexKeyMigrationTests {
    /// What the two indexes answer for every event and invitation of the ledger, and for a few unknown ids.
    struct Answers: Equatable {
        var positions: [String: UInt64?]
        var invitations: [String: [UInt64]?]
    }

    static let unknown = ["e-100000", "zz-1", "i-", "e-007", "inv-3"]

    static func answers(_ ledger: Ledger) throws -> Answers {
        let events = try ledger.allEvents()
        return try ledger.read { view in
            Answers(
                positions: Dictionary(uniqueKeysWithValues: try (events.map(\.id) + unknown).map { ($0, try view.position(ofEventID: $0)) }),
                invitations: Dictionary(try (events.map(\.invitation) + unknown).map { ($0, try view.positions(ofInvitation: $0)) },
                                        uniquingKeysWith: { first, _ in first }))
        }
    }

    /// Every entry of the two indexes, and the recorded format.
    static func indexes(_ ledger: Ledger) throws -> (ids: [[UInt8]], invitations: [[UInt8]], format: [UInt8]?) {
        try ledger.read { view in
            (try view.txn.entries(of: ledger.ids).map { $0.key + [0xFF] + $0.value },
             try view.txn.entries(of: ledger.invitations).map { $0.key + [0xFF] + $0.value },
             try view.txn.get(IndexKeyFormat.metaKey, in: ledger.meta).map { Array($0) })
        }
    }

    /// A closed ledger of the mixed-form events of `RecordVersionTests` (numbered, plain and assigned ids), with its answers and index entries.
    static func build(path: String) throws -> (Answers, (ids: [[UInt8]], invitations: [[UInt8]], format: [UInt8]?)) {
        let ledger = try Ledger.open(at: path)
        #expect(try ledger.append(RecordVersionTests.proposedEvents(from: 0, count: 30)).rejected == 0)
        #expect(try ledger.append(RecordVersionTests.proposedEvents(from: 30, count: 30)).rejected == 0)
        return (try answers(ledger), try indexes(ledger))
    }

    /// Rewrites both indexes of the (closed) ledger at `path` as an earlier build kept them (the id's text), without a recorded format.
    ///
    /// Keys are read back with the ledger's name table, then written as text, independently of `IndexKey`'s encoder.
    static func moveToTextKeys(path: String, extra: [UInt8]? = nil) throws {
        let environment = try Environment(path: path)
        let names = NameTable(byName: try environment.openDatabase("names"), byID: try environment.openDatabase("name-ids"))
        let meta = try environment.openDatabase("meta")
        let indexes = [try environment.openDatabase("ids"), try environment.openDatabase("invitations")]
        try environment.write { txn in
            for database in indexes {
                let entries = try txn.entries(of: database)
                try txn.clear(database)
                for entry in entries {
                    let text = try entry.key.withUnsafeBytes { key in
                        try IndexKey.decode(key).string { try names.name(.idPrefix, $0, in: txn) }
                    }
                    try txn.put(entry.value, forKey: Array(text.utf8), in: database)
                }
                if database.name == "invitations", let extra { try txn.put([1], forKey: extra, in: database) }
            }
            #expect(try txn.delete(IndexKeyFormat.metaKey, in: meta))
        }
    }

    @Test func aLedgerWithTextKeysIsMigratedOnOpenAndAnswersTheSame() throws {
        let path = NSTemporaryDirectory() + "index-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (before, stored) = try Self.build(path: path)
        #expect(stored.format == [IndexKeyFormat.current.rawValue])
        #expect(stored.ids.contains { $0.first == IndexKey.plainMarker } && stored.ids.contains { $0.first != IndexKey.plainMarker })
        try Self.moveToTextKeys(path: path)
        do {
            let environment = try Environment(path: path)
            let ids = try environment.openDatabase("ids")
            #expect(try environment.read { try $0.entries(of: ids) }.contains { $0.key == Array("e-0".utf8) })
        }

        let ledger = try Ledger.open(at: path)
        let migrated = try Self.indexes(ledger)
        // The same bytes a ledger written by this build holds: the assigned ids' prefixes were already interned.
        #expect(migrated.ids == stored.ids)
        #expect(migrated.invitations == stored.invitations)
        #expect(migrated.format == [2])
        #expect(try Self.answers(ledger) == before)
        #expect(try ledger.migrateIndexKeys() == 0)

        // The migrated indexes keep working for the write side: a retried event is a duplicate, a known invitation closes.
        let retried = try ledger.append(RecordVersionTests.proposedEvents(from: 0, count: 4))
        #expect(retried.appended == 0 && retried.duplicates > 0)
        #expect(try ledger.appendCode([sent("acct-1", "someone", at: "2026-06-01T00:00:00Z", id: "e-5000", invitation: "i-5000")]) == nil)
        #expect(try ledger.appendCode([followUp(.accepted, invitation: "i-5000", at: "2026-06-02T00:00:00Z", id: "e-5001")]) == nil)
        #expect(try ledger.appendCode([sent("acct-1", "another", at: "2026-06-01T00:00:00Z", invitation: "i-5000")]) == .duplicateInvitation)
        guard case .ok = try ledger.verify() else { Issue.record("the migrated ledger does not verify"); return }
    }

    /// A migration that fails part way (here on a key that is not text, after the ids index was re-keyed) leaves the old format whole.
    @Test func aFailedMigrationLeavesTheTextKeysWhole() throws {
        let path = NSTemporaryDirectory() + "index-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (before, _) = try Self.build(path: path)
        try Self.moveToTextKeys(path: path, extra: [0xFF, 0xFE])
        func textIndexes() throws -> [[UInt8]] {
            let environment = try Environment(path: path)
            let meta = try environment.openDatabase("meta")
            let indexes = [try environment.openDatabase("ids"), try environment.openDatabase("invitations")]
            return try environment.read { txn in
                #expect(try txn.get(IndexKeyFormat.metaKey, in: meta) == nil)
                return try indexes.flatMap { try txn.entries(of: $0).map(\.key) }
            }
        }
        let old = try textIndexes()
        #expect(throws: StorageError.self) { try Ledger.open(at: path) }
        #expect(try textIndexes() == old)

        do {
            let environment = try Environment(path: path)
            let invitations = try environment.openDatabase("invitations")
            let deleted = try environment.write { txn in try txn.delete([0xFF, 0xFE], in: invitations) }
            #expect(deleted)
        }
        let ledger = try Ledger.open(at: path)
        #expect(try Self.answers(ledger) == before)
    }

    @Test func aNewLedgerRecordsTheCurrentFormatAndAnUnknownOneIsRefused() throws {
        let path = NSTemporaryDirectory() + "index-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let ledger = try Ledger.open(at: path)
            #expect(try Self.indexes(ledger).format == [IndexKeyFormat.current.rawValue])
        }
        do {
            let environment = try Environment(path: path)
            let meta = try environment.openDatabase("meta")
            try environment.write { txn in try txn.put([9], forKey: IndexKeyFormat.metaKey, in: meta) }
        }
        #expect(throws: LedgerError.self) { try Ledger.open(at: path) }
    }

    /// A look-up of an id whose prefix was never interned misses, and interns nothing, even inside a batch.
    @Test func lookingUpAnUnknownPrefixInternsNothing() throws {
        let path = NSTemporaryDirectory() + "index-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ledger = try Ledger.open(at: path)
        #expect(try ledger.appendCode([sent("acct", "someone", at: "2026-06-01T00:00:00Z", id: "e-1", invitation: "i-1")]) == nil)
        let prefixes = try ledger.read { view in try ledger.names.all(.idPrefix, in: view.txn).map(\.name) }
        #expect(Set(prefixes) == ["e-", "i-"])
        #expect(try ledger.read { try $0.position(ofEventID: "zz-1") } == nil)
        #expect(try ledger.read { try $0.positions(ofInvitation: "zz-1") } == nil)
        let refused = try ledger.append { writer in
            #expect(try writer.view.position(ofEventID: "yy-1") == nil)
            try writer.add(line: 1, .success(followUp(.accepted, invitation: "yy-2", at: "2026-06-02T00:00:00Z")))
        }
        #expect(refused.rejections.first?.rejection.code == .unknownInvitation)
        #expect(try ledger.read { view in try ledger.names.all(.idPrefix, in: view.txn).map(\.name) } == prefixes)
    }

    /// Ids given in increasing order, batch after batch, are appended past the last key: the ids index is as packed
    /// as when every entry went in with one sorted write.
    @Test func increasingIDsFillTheIDsIndexAsOneSortedWriteWould() throws {
        let events = (1...3_000).map { index in
            sent("acct", "person-\(index)", at: "2026-06-01T00:00:00Z", id: "e-\(index)", invitation: "inv-\(index)")
        }
        func pages(batches: Int) throws -> (ids: Int, invitations: Int) {
            let path = NSTemporaryDirectory() + "index-keys-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: path) }
            let ledger = try Ledger.open(at: path)
            let size = events.count / batches
            for start in stride(from: 0, to: events.count, by: size) {
                #expect(try ledger.append(Array(events[start..<start + size])).appended == size)
            }
            return try ledger.read { view in (try view.txn.pages(ledger.ids), try view.txn.pages(ledger.invitations)) }
        }
        let whole = try pages(batches: 1)
        let batched = try pages(batches: 30)
        #expect(batched.ids <= whole.ids + 1 && batched.invitations <= whole.invitations + 1, "\(batched) vs \(whole)")
    }
}

/// Ids up to `FieldLimits.identifierBytes` fit LMDB's 511-byte keys: a longer one is keyed by its head and a digest of the whole.
@Test func idsLongerThanAnLMDBKeyAreRecordedAndFound() throws {
    let path = NSTemporaryDirectory() + "index-keys-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: path) }
    let ledger = try Ledger.open(at: path)
    let lengths = [509, 510, 511, 600, FieldLimits.identifierBytes]
    // Ids sharing their first 900 bytes: the long ones differ only past what a key holds as text.
    let ids = lengths.flatMap { length in ["a", "b"].map { String(repeating: "x", count: length - 1) + $0 } }
    for id in ids {
        let keyed = try IndexKey.key(id) { _ in nil }
        #expect(keyed.count <= IndexKey.longestKey)
    }
    #expect(Set(try ids.map { try IndexKey.key($0) { _ in nil } }).count == ids.count)
    let events = ids.enumerated().map { index, id in
        sent("acct", "person-\(index)", at: "2026-06-01T00:00:00Z", id: id, invitation: "long-" + id.dropFirst(5))
    }
    #expect(try ledger.append(events).appended == ids.count)
    let found = try ledger.read { view in
        try ids.map { id in
            (try view.position(ofEventID: id), try view.positions(ofInvitation: "long-" + id.dropFirst(5))?.first)
        }
    }
    #expect(found.map(\.0) == (1...ids.count).map { UInt64($0) })
    #expect(found.map(\.1) == (1...ids.count).map { UInt64($0) })
    #expect(try ledger.read { try $0.position(ofEventID: String(repeating: "x", count: 700)) } == nil)
    #expect(try ledger.append(events).duplicates == ids.count)
}
