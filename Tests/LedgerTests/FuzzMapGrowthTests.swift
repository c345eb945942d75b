import Foundation
import Testing
@testable import Ledger
import TestSupport

/// A ledger opened with a 64 KiB map takes a large batch: the map grows on MAP_FULL, the batch is replayed
/// from its first event and recorded once, and the chain verifies (no event lost or doubled by the retry).
/// Batches of 6,000 hash their Merkle leaves on a thread (`BatchMerkle`), which each retry must stop and start afresh.
@Test(arguments: [1_500, 6_000])
func aTinyMapGrowsUnderALargeBatchWithoutLosingOrDoublingEvents(batchSize: Int) throws {
    let path = NSTemporaryDirectory() + "ledger-growth-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: path) }
    var options = Ledger.Options()
    options.mapSize = 64 << 10
    let ledger = try Ledger.open(at: path, options: options)
    let startSize = ledger.environment.mapSize
    var random = SeededGenerator(seed: 7)
    var total = 0
    for batch in 0..<3 {
        var events: [ProposedEvent] = []
        for index in 0..<batchSize {
            let n = batch * batchSize + index
            events.append(sent("acct-\(n % 7)", "linkedin.com/in/person-\(n)", at: "2026-01-05T09:30:00Z", id: "e-\(n)",
                               invitation: "inv-\(n)", note: String(repeating: "n", count: Int.random(in: 0...300, using: &random))))
        }
        let outcome = try ledger.append(events)
        #expect(outcome.committed && outcome.appended == batchSize && outcome.rejected == 0)
        total += outcome.appended
    }
    #expect(ledger.environment.mapSize > startSize, "the map did not grow from \(startSize)")
    guard case .ok(let events, let position, _) = try ledger.verify() else {
        Issue.record("the grown ledger does not verify")
        return
    }
    #expect(Int(events) == total && Int(position) == total)
    #expect(try ledger.read { try $0.digest().root } == (try MerkleLedgerTests.memoryTree(ledger).root()))
    // Reopened by another handle (as another process would), the grown map is adopted.
    let reopened = try Ledger.open(at: path, options: options)
    #expect(try reopened.read { view in try view.head() }.position == UInt64(total))
}
