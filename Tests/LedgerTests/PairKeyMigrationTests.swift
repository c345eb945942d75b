import Foundation
import LMDB
@testable import Ledger
import Testing
import TestSupport

/// Ledgers whose pairs index keys recipients in full (before key format 2) are migrated on open.
struct PairKeyMigrationTests {
    /// The key an earlier build stored a pair under, written out here independently of the ledger's code.
    static func fullRecipientKey(recipient: String, accountID: UInt32) -> [UInt8] {
        var key = Array(recipient.utf8) + [0]
        var rest = UInt64(accountID)
        while rest >= 0x80 {
            key.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        return key + [UInt8(rest)]
    }

    /// What the pairs index answers, for comparing a ledger before and after a migration.
    struct Answers: Equatable {
        var pending: [String]
        var ofRecipients: [[UInt64]]
        var latest: [String]
    }

    static let recipients = ["linkedin.com/in/person-1", "linkedin.com/in/person-4", "urn:li:person:0", "urn:li:person:3",
                             "linkedin.com/in/nobody"]

    static func answers(_ ledger: Ledger) throws -> Answers {
        try ledger.read { view in
            Answers(
                pending: try view.pendingInvitations().map { "\($0.sentPosition) \($0.accountID) \($0.recipient) \($0.latestAt)" },
                ofRecipients: try recipients.map { try view.invitationsOfRecipient($0) },
                latest: try recipients.flatMap { recipient in
                    try (0..<3).map { account in
                        let latest = try view.latestInvitation(account: "acct-\(account)", recipient: recipient)
                        return latest.map { "\($0.sentPosition) \($0.status)" } ?? "-"
                    }
                })
        }
    }

    /// A closed ledger of the mixed-form events of `RecordVersionTests`, its answers, and its pairs count.
    static func build(path: String) throws -> (Answers, Int) {
        let ledger = try Ledger.open(at: path)
        #expect(try ledger.append(RecordVersionTests.proposedEvents(from: 0, count: 40)).rejected == 0)
        let answers = try Self.answers(ledger)
        #expect(answers.pending.contains { $0.contains("linkedin.com/in/") })
        return (answers, try ledger.read { try $0.txn.count(ledger.pairs) })
    }

    /// Rewrites the pairs index of the (closed) ledger at `path` as an earlier build kept it, without a recorded format.
    static func moveToFullRecipientKeys(path: String) throws -> Int {
        let environment = try Environment(path: path)
        let pairs = try environment.openDatabase("pairs")
        let meta = try environment.openDatabase("meta")
        return try environment.write { txn in
            var moved = 0
            for entry in try txn.entries(of: pairs) where entry.key.first == 1 {
                let separator = try #require(entry.key.firstIndex(of: 0))
                let recipient = "linkedin.com/in/" + String(decoding: entry.key[1..<separator], as: UTF8.self)
                let accountID = try #require(entry.key.last)
                _ = try txn.delete(entry.key, in: pairs)
                try txn.put(entry.value, forKey: fullRecipientKey(recipient: recipient, accountID: UInt32(accountID)), in: pairs)
                moved += 1
            }
            #expect(try txn.delete(Array("pairs-key-format".utf8), in: meta))
            return moved
        }
    }

    /// The pairs index keys of the ledger, and the recorded format.
    static func keys(_ ledger: Ledger) throws -> (keys: [[UInt8]], format: [UInt8]?) {
        try ledger.read { view in
            (try view.txn.entries(of: ledger.pairs).map(\.key), try view.txn.get(Array("pairs-key-format".utf8), in: ledger.meta).map { Array($0) })
        }
    }

    @Test func aLedgerWithFullRecipientKeysIsMigratedOnOpenAndAnswersTheSame() throws {
        let path = NSTemporaryDirectory() + "pair-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (before, pairCount) = try Self.build(path: path)
        let moved = try Self.moveToFullRecipientKeys(path: path)
        #expect(moved > 0 && moved < pairCount)

        let ledger = try Ledger.open(at: path)
        let migrated = try Self.keys(ledger)
        #expect(migrated.format == [3])
        #expect(migrated.keys.count == pairCount)
        #expect(migrated.keys.filter { $0.first == 1 }.count == moved)
        #expect(!migrated.keys.contains { $0.starts(with: Array("linkedin.com/in/".utf8)) })
        #expect(try Self.answers(ledger) == before)
        #expect(try ledger.migratePairKeys() == 0)

        // The migrated index keeps working for the write side: a pending pair refuses a second send, a follow-up by pair closes it.
        #expect(try ledger.appendCode([sent("acct-1", "linkedin.com/in/person-1", at: "2026-06-01T00:00:00Z")]) == .alreadyPending)
        #expect(try ledger.appendCode([followUp(.withdrawn, account: "acct-1", recipient: "linkedin.com/in/person-1",
                                                at: "2026-06-01T00:00:00Z")]) == nil)
        guard case .ok = try ledger.verify() else { Issue.record("the migrated ledger does not verify"); return }
    }

    /// Format 2 has the keys of format 3, which is recorded only to fence off builds that know 2 but not the later formats.
    @Test func aLedgerOfFormat2IsRecordedAs3WithItsKeysUnchanged() throws {
        let path = NSTemporaryDirectory() + "pair-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (before, _) = try Self.build(path: path)
        let keysBefore: [[UInt8]]
        do {
            let environment = try Environment(path: path)
            let pairs = try environment.openDatabase("pairs")
            let meta = try environment.openDatabase("meta")
            keysBefore = try environment.write { txn in
                try txn.put([2], forKey: Array("pairs-key-format".utf8), in: meta)
                return try txn.entries(of: pairs).map(\.key)
            }
        }
        #expect(keysBefore.contains { $0.first == 1 })
        let ledger = try Ledger.open(at: path)
        #expect(try Self.keys(ledger).format == [3])
        #expect(try Self.keys(ledger).keys == keysBefore)
        #expect(try Self.answers(ledger) == before)
    }

    @Test func aNewLedgerRecordsTheCurrentFormatAndAnUnknownOneIsRefused() throws {
        let path = NSTemporaryDirectory() + "pair-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let ledger = try Ledger.open(at: path)
            #expect(try Self.keys(ledger).format == [PairKeyFormat.current.rawValue])
        }
        do {
            let environment = try Environment(path: path)
            let meta = try environment.openDatabase("meta")
            try environment.write { txn in try txn.put([9], forKey: Array("pairs-key-format".utf8), in: meta) }
        }
        #expect(throws: LedgerError.self) { try Ledger.open(at: path) }
    }
}
