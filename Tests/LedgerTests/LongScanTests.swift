import Foundation
@testable import Ledger
import Merkle
import Testing

/// Scans of the whole log let go of the map's pages every 65,536 events (`ScannedPages`); what they read stays right.
struct LongScanTests {
    @Test func scansPastAReleaseReadEveryEventAndVerify() throws {
        try withLedger { ledger, _ in
            let count = 70_000
            let events = (0..<count).map { index in
                sent("acct-\(index % 5)", "linkedin.com/in/person-\(index)", at: "2026-01-05T09:30:00Z", id: "e-\(index)",
                     invitation: "inv-\(index)")
            }
            #expect(try ledger.append(events).appended == count)
            let head = try ledger.read { try $0.head() }
            var seen = 0
            var last: Digest = .zero
            try ledger.read { view in
                try view.forEachEvent { event, hash in
                    #expect(event.position == UInt64(seen + 1) && event.id == "e-\(seen)")
                    #expect(event.recipient == "linkedin.com/in/person-\(seen)")
                    seen += 1
                    last = hash
                    return true
                }
            }
            #expect(seen == count && last == head.hash)
            #expect(try ledger.verify() == .ok(events: UInt64(count), position: UInt64(count), hash: head.hash))
        }
    }
}
