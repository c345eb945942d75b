import Foundation
import LMDB
import Ledger
@testable import Projections
import Testing
import TestSupport

/// A scan lets go only of the memory map's pages, never of a heap buffer a decoder handed it.
struct ScannedPagesTests {
    /// `count` sends, each to a person of its own.
    private func sends(_ count: Int) -> [ProposedEvent] {
        (0..<count).map { index in
            ProposedEvent(kind: .sent, id: "e-\(index)", at: Timestamp(milliseconds: 1_736_000_000_000 + Int64(index)),
                          invitation: "inv-\(index)", account: "acct-\(index % 3)", recipient: "linkedin.com/in/person-\(index)")
        }
    }

    /// Notes every record of the log in `scanned`, as a scan of the whole log would.
    private func noteEveryRecord(of log: Database, in txn: Transaction, into scanned: inout ScannedPages) throws {
        try txn.withCursor(log) { cursor in
            var entry = try cursor.first()
            while let current = entry {
                scanned.note(current.value)
                entry = try cursor.next()
            }
        }
    }

    /// In a write transaction values may lie in dirty heap pages: only what lies in the map is let go there.
    @Test func aWriteTransactionReleasesOnlyTheMap() throws {
        try withLedger { ledger in
            try append(sends(20_000), to: ledger)
            let heap = [UInt8](repeating: 0xAB, count: 2 << 20)
            try ledger.environment.write { txn in
                let map = ledger.environment.mapMappings()
                var scanned = ScannedPages(txn: txn)
                heap.withUnsafeBytes { scanned.note($0) }
                scanned.release()  // a heap span past 1 MiB, none of it in the map
                let log = try #require(try ledger.environment.openExistingDatabase("log"))
                try noteEveryRecord(of: log, in: txn, into: &scanned)
                let read = residentKiB(of: map)
                scanned.release()
                #expect(read > 1_024 && residentKiB(of: map) < read / 4, "resident KiB of the map: \(read) → \(residentKiB(of: map))")
            }
            #expect(heap.allSatisfy { $0 == 0xAB })
        }
    }

    /// A short read (a follower's poll) lets go of the few pages it read, cut to the map: a span
    /// running past the map (a damaged length) leaves the heap beside it alone (review 52, audit 49).
    @Test func aShortReadLetsGoOfItsPagesInTheMapOnly() throws {
        try withLedger { ledger in
            try append(sends(2_000), to: ledger)
            let heap = [UInt8](repeating: 0xCD, count: 64 << 10)
            try ledger.environment.read { txn in
                let map = ledger.environment.mapMappings()
                var scanned = ScannedPages(txn: txn)
                let log = try #require(try ledger.environment.openExistingDatabase("log"))
                try noteEveryRecord(of: log, in: txn, into: &scanned)
                let read = residentKiB(of: map)
                scanned.release()
                #expect(read > 64 && residentKiB(of: map) < read / 2, "resident KiB of the map: \(read) → \(residentKiB(of: map))")
                // A value of the map and a heap buffer noted together: the span covers both, only the map's part goes.
                try txn.withCursor(log) { cursor in
                    if let first = try cursor.first() { scanned.note(first.value) }
                }
                heap.withUnsafeBytes { scanned.note($0) }
                scanned.release()
            }
            #expect(heap.allSatisfy { $0 == 0xCD })
        }
    }

    /// Profile recipients of record version 2 are spelled into a scan-owned buffer: folding them must leave the heap intact.
    @Test func foldingCompactedRecipientsKeepsEveryText() throws {
        try withLedger { ledger in
            let count = 70_000
            let events = (0..<count).map { index in
                ProposedEvent(kind: .sent, id: "e-\(index)", at: Timestamp(milliseconds: 1_736_000_000_000 + Int64(index)),
                              invitation: "inv-\(index)", account: "acct-\(index % 3)",
                              recipient: "https://www.linkedin.com/in/person-\(index)/")
            }
            try append(events, to: ledger)
            let fold = try ledger.read { view in try InvitationFold.build(view: view) }
            let runner = try ProjectionRunner(ledger: ledger)
            try runner.rebuild()
            let pending = try runner.query(TimeTravel()) { model, _ in try model.pending(accountID: nil) }
            #expect(pending.count == count)
            #expect(Set(pending.map(\.recipient)).count == count)
            #expect(pending.allSatisfy { $0.recipient.hasPrefix("linkedin.com/in/person-") && $0.invitation.hasPrefix("inv-") })
            #expect(fold.position == UInt64(count))
        }
    }

    /// The fold notes each entry's stored bytes, which lie in the map (file-backed pages of `data.mdb`) even when its texts were spelled out elsewhere.
    @Test func foldEntriesPointIntoTheMap() throws {
        try withLedger { ledger in
            try append([ProposedEvent(kind: .sent, id: "e-1", at: Timestamp(milliseconds: 1_736_000_000_000), invitation: "inv-1",
                                      account: "acct", recipient: "https://www.linkedin.com/in/someone/")], to: ledger)
            try ledger.read { view in
                let map = try Self.dataFileMapping(of: view.txn.environment)
                var seen = 0
                try view.scanFolding { entry in
                    let stored = UInt(bitPattern: entry.stored.baseAddress)
                    #expect(map.contains(stored) && stored + UInt(entry.stored.count) <= map.upperBound)
                    #expect(!map.contains(UInt(bitPattern: entry.recipient.baseAddress)))
                    #expect(String(decoding: entry.recipient, as: UTF8.self) == "linkedin.com/in/someone")
                    seen += 1
                    return true
                }
                #expect(seen == 1)
            }
        }
    }

    /// Where this process maps `data.mdb` of the environment at `path` (`Environment.mapMappings`).
    static func dataFileMapping(of environment: Environment) throws -> Range<UInt> {
        guard let map = environment.mapMappings().first else { throw LedgerError("\(environment.path)/data.mdb is not mapped") }
        return map
    }
}
