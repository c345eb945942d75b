import Foundation
import LMDB
import Ledger
@testable import Projections
import Testing

/// A scan lets go only of the memory map's pages, never of a heap buffer a decoder handed it.
struct ScannedPagesTests {
    @Test func heapBuffersAreNeverReleased() throws {
        try withLedger { ledger in
            let heap = [UInt8](repeating: 0xAB, count: 64 * 1024)
            try ledger.read { view in
                var scanned = ScannedPages(txn: view.txn)
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
}
