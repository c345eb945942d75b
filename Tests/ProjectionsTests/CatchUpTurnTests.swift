import Foundation
import Ledger
@testable import Projections
import Testing

/// One catch-up at a time: a query that finds the projections behind while another catches them up waits for it, then reads (audit 60 M1).
struct CatchUpTurnTests {
    @Test func aQueryWaitsForAnotherCatchUpAndDoesNotRepeatIt() throws {
        try withLedger { ledger in
            let runner = try ProjectionRunner(ledger: ledger)
            try append(RandomStream.events(count: 400, seed: 3), to: ledger)
            // Another query's catch-up, slow: it holds the turn, then builds every projection.
            let holding = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                CatchUpTurn(ledger: ledger).taking {
                    holding.signal()
                    Thread.sleep(forTimeInterval: 0.4)
                    _ = try? ProjectionRunner(ledger: ledger).rebuild(ProjectionRunner.names)
                }
                done.signal()
            }
            holding.wait()
            let start = Date()
            #expect(try runner.catchUp(unlessWriting: true))
            #expect(Date().timeIntervalSince(start) > 0.3, "it waited for the other catch-up")
            done.wait()
            // Built once, by the other, into generation 0: a second rebuild would have switched to generation 1.
            let generations = try ledger.read { view in try ProjectionRunner.names.map { try runner.state($0, txn: view.txn)?.generation } }
            #expect(generations == [0, 0, 0])
            let head = try ledger.read { try $0.head().position }
            #expect(try ledger.read { view in try runner.state("pending", txn: view.txn)?.position } == head)
        }
    }

    /// A lag is applied in place up to 20,000 events or a thirty-second of the log, where a rebuild of the whole log costs less (audit 60 M2).
    @Test func theRebuildThresholdGrowsWithTheLog() {
        #expect(ProjectionRunner.catchUpLimit(head: 0) == 20_000)
        #expect(ProjectionRunner.catchUpLimit(head: 640_000) == 20_000)
        #expect(ProjectionRunner.catchUpLimit(head: 3_300_000) == 103_125)
    }
}
