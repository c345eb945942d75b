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

/// Damaged projection state is said with the projection that holds it, so the error can name the one `rebuild` that mends it.
struct DamagedStateTests {
    @Test func damageIsNamedWithItsProjection() throws {
        try withLedger { ledger in
            let events = RandomStream.events(count: 120, seed: 5)
            try append(events, to: ledger)
            let runner = try ProjectionRunner(ledger: ledger)
            _ = try runner.catchUp()
            // Every pending fact cut to one byte: a status whose other fields are missing.
            try ledger.environment.write { txn in
                let rows = try runner.storedModel(txn: txn).pendingList.rows
                var keys: [[UInt8]] = []
                try txn.forEach(in: rows, prefix: []) { key, _ in
                    keys.append(Array(key))
                    return true
                }
                #expect(!keys.isEmpty)
                for key in keys { try txn.put([0], forKey: key, in: rows) }
            }
            let now = (events.last?.at ?? RandomStream.start).plus(days: 5)
            #expect { try reports(runner, now: now) } throws: { error in
                guard let damage = error as? ProjectionError else { return false }
                return damage.projection == "pending" && "\(damage)".hasPrefix("the pending projection: ")
            }
        }
    }
}
