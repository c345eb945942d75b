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
                CatchUpTurn(ledger: ledger).taking(patience: 60) {
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

    /// A turn held longer than a catch-up takes (its process stopped) is waited for only so long: the query then catches up itself (review 62 M1).
    @Test func aTurnHeldTooLongIsWaitedForOnlySoLong() throws {
        try withLedger { ledger in
            let runner = try ProjectionRunner(ledger: ledger)
            try append(RandomStream.events(count: 200, seed: 5), to: ledger)
            let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                CatchUpTurn(ledger: ledger).taking(patience: 60) {
                    holding.signal()
                    _ = release.wait(timeout: .now() + 10)  // a stopped process, for long enough
                }
                done.signal()
            }
            holding.wait()
            let start = Date()
            #expect(try runner.catchUp(unlessWriting: true))
            let waited = Date().timeIntervalSince(start)
            #expect(waited >= CatchUpTurn.patience(events: 200) - 0.1 && waited < CatchUpTurn.patience(events: 200) + 2, "\(waited)")
            let head = try ledger.read { try $0.head().position }
            #expect(try ledger.read { view in try runner.state("pending", txn: view.txn)?.position } == head)
            release.signal()
            done.wait()
        }
    }

    /// A catch-up that meets another writer once it has begun (an import started since it looked) gives up, writing nothing, and the query folds (review 62 M2).
    @Test func aCatchUpThatMeetsAWriterGivesUpInsteadOfWaiting() throws {
        try withLedger { ledger in
            let runner = try ProjectionRunner(ledger: ledger)
            try append(RandomStream.events(count: 300, seed: 6), to: ledger)
            let opened = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
            var started = false
            // The writer begins while the rebuild replays the log, after the catch-up saw no one writing.
            let progress: (ProjectionRunner.Progress) -> Void = { _ in
                guard !started else { return }
                started = true
                Thread.detachNewThread {
                    try? ledger.environment.write { _ in
                        opened.signal()
                        _ = release.wait(timeout: .now() + 3)  // an import, for long enough
                    }
                    done.signal()
                }
                opened.wait()
            }
            let start = Date()
            #expect(try !runner.catchUp(unlessWriting: true, progress: progress))
            #expect(Date().timeIntervalSince(start) < 1, "it did not wait for the writer")
            #expect(try ledger.read { view in try runner.state("pending", txn: view.txn) } == nil, "nothing was written")
            release.signal()
            done.wait()
            #expect(try runner.catchUp(unlessWriting: true))
            let now = Timestamp(milliseconds: 1_900_000_000_000)
            #expect(try storedReports(runner, now: now) == reports(runner, now: now, travel: TimeTravel(position: .max)))
        }
    }
}
