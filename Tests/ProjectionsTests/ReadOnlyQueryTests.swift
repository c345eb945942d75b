import Foundation
import Testing
@testable import Projections
import Ledger

/// A ledger opened read-only answers queries without writing: from its projections when they are
/// at the head, else from a fold of the log, which gives the same answers.
struct ReadOnlyQueryTests {
    /// The three reports of `ProjectionRunner.query(ledger:)`, as the commands ask them.
    static func queried(_ ledger: Ledger, now: Timestamp) throws -> Reports {
        try ProjectionRunner.query(ledger: ledger) { model, view in
            let policy = try view.policy()
            return Reports(pending: try PendingQuery().rows(model: model, view: view, policy: policy, now: now),
                           cooldown: try CooldownQuery().rows(model: model, view: view, policy: policy, now: now),
                           metrics: try MetricsQuery(by: .source).rows(model: model, view: view, now: now))
        }
    }

    static func openReadOnly(_ path: String) throws -> Ledger {
        var options = Ledger.Options()
        options.create = false
        options.readOnly = true
        return try Ledger.open(at: path, options: options)
    }

    @Test func aReadOnlyLedgerAnswersWhetherItsProjectionsAreMissingBehindOrCurrent() throws {
        let events = RandomStream.events(count: 300, seed: 7)
        let path = NSTemporaryDirectory() + "projections-read-only-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        let now = (events.last?.at ?? RandomStream.start).plus(days: 5)
        let expected = model(events, now: now)
        #expect(!expected.pending.isEmpty && !expected.cooldown.isEmpty)
        do {
            let writer = try Ledger.open(at: path)
            try append(Array(events[..<200]), to: writer)
        }
        let dataFile = URL(fileURLWithPath: path + "/data.mdb")

        // Never built: no projection database exists, and none is made.
        var before = try Data(contentsOf: dataFile)
        #expect(try Self.queried(Self.openReadOnly(path), now: now) == model(Array(events[..<200]), now: now))
        #expect(try Data(contentsOf: dataFile) == before)

        // Built, then behind by 100 events (more than an append catches up in passing: a query would).
        do {
            let writer = try Ledger.open(at: path)
            _ = try ProjectionRunner(ledger: writer).catchUp()
            try append(Array(events[200...]), to: writer)
            #expect(try ProjectionRunner(ledger: writer).health().allSatisfy { $0.lag == 100 })
        }
        before = try Data(contentsOf: dataFile)
        let reader = try Self.openReadOnly(path)
        #expect(try Self.queried(reader, now: now) == expected)
        #expect(try Data(contentsOf: dataFile) == before)
        #expect(try ProjectionRunner(ledger: reader).health().allSatisfy { $0.lag == 100 })

        // At the head: read from the projections. To tell that from a fold of the log (which
        // answers the same), the stored pending list is emptied behind the runner's back: read-only,
        // the query must show that emptied list (review 20).
        do {
            let writer = try Ledger.open(at: path)
            let runner = try ProjectionRunner(ledger: writer)
            _ = try runner.catchUp()
            #expect(try Self.queried(Self.openReadOnly(path), now: now) == expected)
            try writer.environment.write { txn in
                let active = try #require(try runner.state(PendingList.name, txn: txn)).generation
                for database in runner.databases(PendingList.self, generation: active) { try txn.clear(database) }
            }
        }
        let stored = try Self.queried(Self.openReadOnly(path), now: now)
        #expect(stored.pending.isEmpty && stored.cooldown == expected.cooldown)
    }
}
