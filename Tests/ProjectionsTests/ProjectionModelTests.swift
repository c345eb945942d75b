import Foundation
import Testing
@testable import Projections
import Ledger
import LMDB
import TestSupport

/// The stored projections, caught up batch by batch, give what the plain model gives.
@Test(arguments: [1, 2, 3] as [UInt64])
func caughtUpProjectionsMatchThePlainModel(seed: UInt64) throws {
    let events = RandomStream.events(count: 300, seed: seed)
    try withLedger { ledger in
        let runner = try ProjectionRunner(ledger: ledger)
        var appended: [ProposedEvent] = []
        var sawPending = false
        for batch in stride(from: 0, to: events.count, by: 70) {
            let slice = Array(events[batch..<min(batch + 70, events.count)])
            try append(slice, to: ledger)
            appended += slice
            let last = appended.last?.at ?? RandomStream.start
            for now in [last, last.plus(days: 10), last.plus(days: 40)] {
                let answer = try reports(runner, now: now)
                #expect(answer == model(appended, now: now))
                sawPending = sawPending || !answer.pending.isEmpty
            }
        }
        #expect(try runner.health().allSatisfy { $0.lag == 0 && $0.position == UInt64(events.count) })
        let final = try reports(runner, now: appended.last?.at ?? RandomStream.start)
        #expect(sawPending && !final.cooldown.isEmpty && final.metrics.count == 3)
    }
}

/// Catching up event by event leaves exactly the state a full rebuild writes.
@Test(arguments: [4, 5] as [UInt64])
func catchUpEqualsARebuild(seed: UInt64) throws {
    let events = RandomStream.events(count: 250, seed: seed)
    try withLedger { ledger in
        let runner = try ProjectionRunner(ledger: ledger)
        for batch in stride(from: 0, to: events.count, by: 40) {
            try append(Array(events[batch..<min(batch + 40, events.count)]), to: ledger)
            try runner.catchUp()
        }
        let now = (events.last?.at ?? RandomStream.start).plus(days: 3)
        let caughtUp = try storedReports(runner, now: now)
        let caughtUpFacts = try ledger.read { view in try runner.storedModel(txn: view.txn).metricsFacts() }
        try runner.rebuild()
        #expect(try storedReports(runner, now: now) == caughtUp)
        #expect(try ledger.read { view in try runner.storedModel(txn: view.txn).metricsFacts() } == caughtUpFacts)
        let fold = try ledger.read { view in try InvitationFold.build(view: view) }
        #expect(fold.facts.map(MetricsFact.init) == caughtUpFacts)
    }
}

/// `--position N` and `--as-of T` give what a ledger holding only that prefix gives.
@Test func timeTravelEqualsALedgerOfThePrefix() throws {
    let events = RandomStream.events(count: 300, seed: 9)
    try withLedger { ledger in
        try append(events, to: ledger)
        let runner = try ProjectionRunner(ledger: ledger)
        for cut in [1, 57, 150, 299] {
            let prefix = Array(events.prefix(cut))
            let asOf = events[cut - 1].at
            try withLedger { smaller in
                try append(prefix, to: smaller)
                let reference = try reports(try ProjectionRunner(ledger: smaller), now: asOf)
                #expect(try reports(runner, now: asOf, travel: TimeTravel(position: UInt64(cut))) == reference)
                // The generator's times rise with position, so the prefix is also everything with at ≤ asOf.
                #expect(try reports(runner, now: asOf, travel: TimeTravel(asOf: asOf)) == reference)
                #expect(reference == model(prefix, now: asOf))
            }
        }
    }
}

/// A rebuild stopped half way leaves the old projections answering; the next rebuild completes.
@Test func aRebuildStoppedHalfWayChangesNothing() throws {
    let events = RandomStream.events(count: 240, seed: 11)
    try withLedger { ledger in
        let runner = try ProjectionRunner(ledger: ledger)
        try append(Array(events.prefix(120)), to: ledger)
        try runner.catchUp()
        let before = try ledger.read { view in try ProjectionRunner.names.map { try runner.state($0, txn: view.txn) } }
        let now = (events.last?.at ?? RandomStream.start).plus(days: 1)
        let oldAnswer = try storedReports(runner, now: now)
        try append(Array(events.dropFirst(120)), to: ledger)

        struct Stop: Error {}
        runner.rebuildBatchBytes = 64  // many committed batches before the stop
        #expect(throws: Stop.self) {
            try runner.rebuild(interruption: { name in if name == CooldownTable.name { throw Stop() } })
        }
        let after = try ledger.read { view in try ProjectionRunner.names.map { try runner.state($0, txn: view.txn) } }
        #expect(after == before)
        #expect(try storedReports(runner, now: now) == oldAnswer)
        #expect(try runner.health().allSatisfy { $0.position == 120 && $0.lag == 120 })

        try runner.rebuild()
        let rebuilt = try ledger.read { view in try ProjectionRunner.names.map { try runner.state($0, txn: view.txn) } }
        for (old, new) in zip(before, rebuilt) {
            #expect(new?.position == 240)
            #expect(new?.generation != old?.generation)
        }
        #expect(try storedReports(runner, now: now) == model(events, now: now))
    }
}

/// A projection stored by another version of its code is rebuilt by itself at the next catch-up.
@Test func aProjectionOfAnotherVersionIsRebuilt() throws {
    try withCaughtUpLedger(count: 100, seed: 12) { ledger, runner, events in
        try ledger.environment.write { txn in
            guard var state = try runner.state(PendingList.name, txn: txn) else { return }
            state.version = 0
            state.position = 3
            try runner.setState(state, of: PendingList.name, txn: txn)
        }
        #expect(try runner.health().first { $0.name == PendingList.name }?.current == false)
        let now = (events.last?.at ?? RandomStream.start)
        #expect(try reports(runner, now: now) == model(events, now: now))
        #expect(try runner.health().allSatisfy { $0.current == true && $0.lag == 0 })
    }
}

/// Catch-up in batches of every size leaves, member for member, what a rebuild would write (`verify --projections`).
@Test(arguments: [6, 7] as [UInt64])
func caughtUpProjectionsAgreeWithAReplay(seed: UInt64) throws {
    var random = SeededGenerator(seed: seed)
    var events = RandomStream.events(count: 1_500, seed: seed)
    // Sends dated back among the others, each to a pair of its own: catch-up inserts them into earlier send blocks and splits them.
    let span = (events.last?.at ?? RandomStream.start).milliseconds - RandomStream.start.milliseconds
    for index in 0..<300 {
        let at = Timestamp(milliseconds: RandomStream.start.milliseconds + Int64.random(in: 0...span, using: &random))
        events.insert(ProposedEvent(kind: .sent, at: at, invitation: "late-\(index)", account: "acct-\(index % 3)", recipient: "late-\(index)"),
                      at: Int.random(in: (events.count / 2)...events.count, using: &random))
    }
    try withLedger { ledger in
        let runner = try ProjectionRunner(ledger: ledger)
        var start = 0
        while start < events.count {
            let end = min(events.count, start + Int.random(in: 1...60, using: &random))
            try append(Array(events[start..<end]), to: ledger)
            try runner.catchUp()
            start = end
            if start % 7 == 0 { #expect(try ProjectionRunner.firstMismatch(ledger: ledger) == nil, "after \(start) events") }
        }
        #expect(try ProjectionRunner.firstMismatch(ledger: ledger) == nil)
        // The same after a rebuild, and with a projection behind the log (compared at its own checkpoint).
        try runner.rebuild()
        try append([ProposedEvent(kind: .sent, at: (events.last?.at ?? RandomStream.start).plus(days: 1), invitation: "after",
                                  account: "acct-0", recipient: "after")], to: ledger)
        #expect(try runner.health().allSatisfy { $0.lag == 1 })
        #expect(try ProjectionRunner.firstMismatch(ledger: ledger) == nil)
    }
}

/// A projection changed behind the log's back is named with what differs, and its rebuild mends it.
@Test func aDamagedProjectionIsFoundAndItsRebuildMendsIt() throws {
    try withCaughtUpLedger(count: 200, seed: 13) { ledger, runner, _ in
        #expect(try ProjectionRunner.firstMismatch(ledger: ledger) == nil)
        func damage(_ kind: any Projection.Type, role: Int, _ change: ([UInt8], [UInt8], Transaction, Database) throws -> Void) throws {
            try ledger.environment.write { txn in
                let state = try #require(try runner.state(kind.name, txn: txn))
                let database = runner.databases(kind, generation: state.generation)[role]
                var first: ([UInt8], [UInt8])?
                try txn.forEach(in: database, prefix: []) { key, value in
                    first = (Array(key), Array(value))
                    return false
                }
                let (key, value) = try #require(first)
                try change(key, value, txn, database)
            }
        }
        try damage(CooldownTable.self, role: 0) { key, _, txn, database in _ = try txn.delete(key, in: database) }
        let missing = try #require(try ProjectionRunner.firstMismatch(ledger: ledger))
        #expect(missing.projection == "cooldown" && missing.position == 200 && missing.detail == "its pairs differ from a replay of the log at entry 1", "\(missing)")
        try runner.rebuild([CooldownTable.name])
        #expect(try ProjectionRunner.firstMismatch(ledger: ledger) == nil)
        // A fact's status byte turned to another status: the metrics' facts differ at their first member.
        try damage(AcceptanceMetrics.self, role: 0) { key, value, txn, database in
            var changed = value
            changed[0] = changed[0] & 0xF0 | (changed[0] & 0x0F == 0 ? 1 : 0)
            try txn.put(changed, forKey: key, in: database)
        }
        let altered = try #require(try ProjectionRunner.firstMismatch(ledger: ledger))
        #expect(altered.projection == "metrics" && altered.detail == "its facts differ from a replay of the log at member 1", "\(altered)")
    }
}

/// `send`'s check inside its own write answers as the log does when a projection cannot catch up there (audit 107 F7).
///
/// A projection of another version needs a rebuild, which takes transactions of its own:
/// `model(within:)` then answers from a fold of the log in the send's transaction (`behindModel`),
/// so parallel sends still judge the caps on every recorded event.
@Test func theModelWithinAWriteAnswersFromTheLogWhenAProjectionNeedsARebuild() throws {
    try withCaughtUpLedger(count: 300, seed: 14) { ledger, runner, events in
        try ledger.environment.write { txn in
            var state = try #require(try runner.state(CooldownTable.name, txn: txn))
            state.version = 0
            try runner.setState(state, of: CooldownTable.name, txn: txn)
        }
        let now = events.last?.at ?? RandomStream.start
        let expected = model(events, now: now)
        var within: Reports?
        _ = try ledger.append { writer in
            let model = try runner.model(within: writer.view)
            #expect(!(model is StoredReadModel), "a projection of another version is not read as stored")
            let policy = try writer.view.policy()
            within = Reports(pending: try PendingQuery().rows(model: model, view: writer.view, policy: policy, now: now),
                             cooldown: try CooldownQuery().rows(model: model, view: writer.view, policy: policy, now: now),
                             metrics: try MetricsQuery(by: .source).rows(model: model, view: writer.view, now: now))
        }
        #expect(within == expected)
        // Nothing was rebuilt inside the write: the next catch-up does it, in transactions of its own.
        #expect(try runner.health().first { $0.name == CooldownTable.name }?.current == false)
    }
}
