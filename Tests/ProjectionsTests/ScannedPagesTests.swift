import Foundation
import LMDB
import Ledger
@testable import Projections
import Testing

/// A scan lets go only of the memory map's pages, never of a heap buffer a decoder handed it.
struct ScannedPagesTests {
    /// In a write transaction values may lie in dirty heap pages: nothing is released there.
    @Test func aWriteTransactionReleasesNothing() throws {
        try withLedger { ledger in
            let heap = [UInt8](repeating: 0xAB, count: 64 * 1024)
            try ledger.environment.write { txn in
                var scanned = ScannedPages(txn: txn)
                heap.withUnsafeBytes { scanned.note($0) }
                scanned.release()
            }
            #expect(heap.allSatisfy { $0 == 0xAB })
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
                let map = try Self.dataFileMapping(of: view.txn.environment.path)
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

    /// Where this process maps `data.mdb` of the environment at `path` (from /proc/self/maps).
    static func dataFileMapping(of path: String) throws -> Range<UInt> {
        let file = URL(fileURLWithPath: path).appendingPathComponent("data.mdb").resolvingSymlinksInPath().path
        let maps = try String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        for line in maps.split(separator: "\n") where line.hasSuffix(file) {
            let bounds = line.split(separator: " ")[0].split(separator: "-").compactMap { UInt($0, radix: 16) }
            if bounds.count == 2 { return bounds[0]..<bounds[1] }
        }
        throw LedgerError("\(file) is not mapped")
    }
}
