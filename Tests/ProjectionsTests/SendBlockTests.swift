import Foundation
import Testing
@testable import Projections
import Ledger
import TestSupport

/// Many sends of two accounts, in an order whose times go back and forth (each to its own recipient).
private func scatteredSends(count: Int, seed: UInt64) -> [ProposedEvent] {
    var random = SeededGenerator(seed: seed)
    return (0..<count).map { index in
        let offset = Int64.random(in: 0...(30 * 86_400_000), using: &random)
        return ProposedEvent(kind: .sent, at: Timestamp(milliseconds: RandomStream.start.milliseconds + offset),
                             invitation: "s\(index)", account: index % 5 == 0 ? "acct-b" : "acct-a",
                             recipient: "person-\(index)", source: "src")
    }
}

/// The sends database answers every window as a plain filter of the sends does, after catch-up (blocks split) and after a rebuild.
@Test func sendBlocksAnswerWindowsAsAPlainFilter() throws {
    let events = scatteredSends(count: 700, seed: 31)
    try withLedger { ledger in
        let runner = try ProjectionRunner(ledger: ledger)
        func check() throws {
            try ledger.read { view in
                let stored = try runner.storedModel(txn: view.txn)
                for account in ["acct-a", "acct-b"] {
                    guard let accountID = try view.accountID(account) else { Issue.record("no \(account)"); return }
                    let times = events.filter { $0.account == account }.map(\.at).sorted()
                    for (after, upTo) in [(0, Int64.max), (3, 9), (10, 10), (12, 40), (29, 31)] as [(Int64, Int64)] {
                        let low = Timestamp(milliseconds: RandomStream.start.milliseconds + after * 86_400_000)
                        let high = upTo == .max ? Timestamp(milliseconds: .max)
                            : Timestamp(milliseconds: RandomStream.start.milliseconds + upTo * 86_400_000)
                        #expect(try stored.sends(accountID: accountID, after: low, upTo: high) == times.filter { $0 > low && $0 <= high })
                    }
                }
            }
        }
        // Rebuilt first (full blocks), then caught up with sends landing inside them (splits).
        try append(Array(events.prefix(300)), to: ledger)
        try runner.rebuild()
        for batch in stride(from: 300, to: events.count, by: 50) {
            try append(Array(events[batch..<min(batch + 50, events.count)]), to: ledger)
            try runner.catchUp()
        }
        try check()
        let blocks = try ledger.read { view in try view.txn.count(try runner.storedModel(txn: view.txn).cooldownTable.sends) }
        #expect(blocks > 5)  // 5 after the rebuild of the first 300: catch-up split some
        try runner.rebuild()
        try check()
    }
}
