import Foundation
import Testing
@testable import Projections
import Ledger

/// A projection checkpoint past the head (no append writes one: damage) is rebuilt, not waited at (audit 22).
struct DamagedCheckpointTests {
    @Test func aCheckpointPastTheHeadIsRebuilt() throws {
        try withLedger { ledger in
            let events = RandomStream.events(count: 240, seed: 11)
            try append(Array(events[..<200]), to: ledger)
            let runner = try ProjectionRunner(ledger: ledger)
            _ = try runner.catchUp()
            // Every checkpoint moved far past the head, as a damaged page might leave it.
            try ledger.environment.write { txn in
                for name in ProjectionRunner.names {
                    var state = try #require(try runner.state(name, txn: txn))
                    state.position = 4_095
                    try runner.setState(state, of: name, txn: txn)
                }
            }
            try append(Array(events[200...]), to: ledger)
            let now = (events.last?.at ?? RandomStream.start).plus(days: 5)
            #expect(try reports(runner, now: now) == model(events, now: now))
            #expect(try runner.health().allSatisfy { $0.position == 240 && $0.lag == 0 })
        }
    }
}
