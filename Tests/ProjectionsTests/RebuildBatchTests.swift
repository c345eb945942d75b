import Foundation
import Testing
@testable import Projections
import Ledger

/// How a test stream's recipients are spelled.
enum RecipientShape: Sendable {
    /// As `RandomStream` makes them (`person-N`).
    case plain
    /// Long profile URLs (the sort's whole-word comparisons).
    case long
    /// Profiles, member URNs and other recipients sorting below, at, between and above the
    /// prefixes `linkedin.com/in/` and `urn:li:person:`, with proper prefixes of them and the bare prefixes (the sort's bands).
    /// The bare `linkedin.com/in/` names nobody and is refused since 2026-12-01, so its band is met by a one-character slug (`-`).
    case mixed

    /// The spelling of `recipient` in this shape.
    func spell(_ recipient: String) -> String {
        let digits = recipient.filter(\.isNumber)
        switch self {
        case .plain:
            return recipient
        case .long:
            return "linkedin.com/in/\(String(digits.reversed()))-person-\(digits)-\(digits.count)x\(String(repeating: "ab", count: digits.count))"
        case .mixed:
            let forms = ["linkedin.com/in/p\(digits)", "linkedin.com/in/p\(digits)-with-a-long-slug-past-24-bytes",
                         "linkedin.com/in", "linkedin.com/in/-", "linkedin.com/im\(digits)", "linkedin.com/in0\(digits)",
                         "urn:li:person:ACoAA\(digits)", "a\(digits)", "linkedin.com/in/p\(digits)x", "zz\(digits)",
                         "urn:li:person", "urn:li:person:", "urn:li:persons\(digits)", "urn:li:person:ACoAA\(digits)-and-more-bytes"]
            // The forms without digits are each one recipient's only (two persons on one recipient would clash).
            let number = Int(digits) ?? 0
            let form = forms[number % forms.count]
            return form.contains(where: \.isNumber) || number < forms.count ? form : "linkedin.com/in/q\(digits)"
        }
    }
}

/// A stream whose times go back now and then: every third first `sent` of a pair is dated five days before its place in the log.
/// Each recipient is spelled in `shape`.
private func eventsWithBackdatedSends(count: Int, seed: UInt64, shape: RecipientShape = .plain) -> [ProposedEvent] {
    var sends = 0
    var seen: Set<String> = []
    return RandomStream.events(count: count, seed: seed).map { original in
        var event = original
        event.recipient = event.recipient.map(shape.spell)
        guard event.kind == .sent, let account = event.account, let recipient = event.recipient,
              seen.insert(account + "|" + recipient).inserted else { return event }
        sends += 1
        guard sends % 3 == 0 else { return event }
        var backdated = event
        backdated.at = event.at.plus(days: -5)
        return backdated
    }
}

/// A rebuild written in many tiny batches answers as the plain model does, with keys in the plain sort orders.
@Test(arguments: [(21, .plain), (23, .plain), (21, .long), (21, .mixed), (23, .mixed)] as [(UInt64, RecipientShape)])
func aRebuildInTinyBatchesMatchesThePlainModel(seed: UInt64, shape: RecipientShape) throws {
    let events = eventsWithBackdatedSends(count: 400, seed: seed, shape: shape)
    try withLedger { ledger in
        try append(events, to: ledger)
        let runner = try ProjectionRunner(ledger: ledger)
        runner.rebuildBatchBytes = 100
        try runner.rebuild()
        let now = (events.last?.at ?? RandomStream.start).plus(days: 2)
        #expect(try storedReports(runner, now: now) == model(events, now: now))

        // The stored key orders, against plain sorts of the fold's facts.
        let facts = try ledger.read { view in try InvitationFold.build(view: view) }.facts
        var latest: [String: InvitationFact] = [:]
        for fact in facts { latest["\(fact.accountID)|\(fact.recipient)"] = fact }
        let expectedPairs = latest.values.sorted { left, right in
            left.accountID != right.accountID ? left.accountID < right.accountID
                : Array(left.recipient.utf8).lexicographicallyPrecedes(Array(right.recipient.utf8))
        }.map(PairRecord.init)
        let expectedPending = facts.filter { $0.status == .pending }.sorted { left, right in
            (left.accountID, left.sentAt.milliseconds, left.sentPosition) < (right.accountID, right.sentAt.milliseconds, right.sentPosition)
        }
        try ledger.read { view in
            let stored = try runner.storedModel(txn: view.txn)
            #expect(try stored.pairs(accountID: nil) == expectedPairs)
            #expect(try stored.pending(accountID: nil) == expectedPending)
            #expect(try stored.metricsFacts() == facts.map(MetricsFact.init))
            for account in Set(facts.map(\.accountID)) {
                let sends = facts.filter { $0.accountID == account }.map(\.sentAt).sorted()
                #expect(try stored.sends(accountID: account, after: Timestamp(milliseconds: 0), upTo: now) == sends)
            }
        }
        #expect(facts.count > 50 && expectedPairs.count < facts.count && !expectedPending.isEmpty)
    }
}

/// A rebuild whose claim another rebuild took over stops at its switch and changes nothing.
@Test func aRebuildOvertakenByAnotherStopsAndChangesNothing() throws {
    let events = RandomStream.events(count: 200, seed: 23)
    try withLedger { ledger in
        let runner = try ProjectionRunner(ledger: ledger)
        try append(Array(events.prefix(100)), to: ledger)
        try runner.catchUp()
        try append(Array(events.dropFirst(100)), to: ledger)
        let before = try ledger.read { view in try ProjectionRunner.names.map { try runner.state($0, txn: view.txn) } }
        struct Stop: Error {}
        var secondStopped = false
        // A second rebuild of the pending list claims the same generation and stops before its switch.
        let overtake: (String) throws -> Void = { name in
            guard name == PendingList.name else { return }
            do {
                try runner.rebuild([PendingList.name], interruption: { _ in throw Stop() })
            } catch is Stop {
                secondStopped = true
            }
        }
        #expect(throws: RebuildSuperseded.self) { try runner.rebuild(interruption: overtake) }
        #expect(secondStopped)
        let after = try ledger.read { view in try ProjectionRunner.names.map { try runner.state($0, txn: view.txn) } }
        #expect(after == before)
        try runner.rebuild()
        let now = (events.last?.at ?? RandomStream.start).plus(days: 1)
        #expect(try storedReports(runner, now: now) == model(events, now: now))
    }
}

/// A rebuild asked for (the `rebuild` command) that another rebuild overtakes runs again and finishes.
@Test func aRebuildAskedForRunsAgainWhenOvertaken() throws {
    let events = RandomStream.events(count: 200, seed: 27)
    try withLedger { ledger in
        let runner = try ProjectionRunner(ledger: ledger)
        try append(events, to: ledger)
        var overtaken = 0
        // The first attempt meets another rebuild of the pending list (a query's, on projections never built), which completes.
        try runner.rebuildAgainWhenOvertaken(interruption: { name in
            guard name == PendingList.name, overtaken == 0 else { return }
            overtaken += 1
            try runner.rebuild([PendingList.name])
        })
        #expect(overtaken == 1)
        let now = (events.last?.at ?? RandomStream.start).plus(days: 1)
        #expect(try storedReports(runner, now: now) == model(events, now: now))
        // Overtaken every time by a rebuild that claims the pending list and stops before its switch, it gives up
        // with the error after its attempts. (One that switches over has rebuilt the projection: see below.)
        struct Stop: Error {}
        #expect(throws: RebuildSuperseded.self) {
            try runner.rebuildAgainWhenOvertaken(attempts: 2, interruption: { name in
                guard name == PendingList.name else { return }
                do { try runner.rebuild([PendingList.name], interruption: { _ in throw Stop() }) } catch is Stop {}
            })
        }
    }
}

/// A projection that another rebuild switches over while a rebuild asked for is under way counts as rebuilt: the others
/// run again, and the rebuild asked for succeeds whatever its attempts (two `invites rebuild` at once, audit 123).
@Test func aProjectionRebuiltMeanwhileByAnotherIsLeftToIt() throws {
    let events = RandomStream.events(count: 200, seed: 29)
    try withLedger { ledger in
        let runner = try ProjectionRunner(ledger: ledger)
        try append(events, to: ledger)
        try runner.catchUp()
        var interruptions: [String] = []
        // Once the pending list's new generation is written, another process rebuilds the cooldown table from start to switch.
        try runner.rebuildAgainWhenOvertaken(attempts: 1, interruption: { name in
            interruptions.append(name)
            if name == PendingList.name, interruptions.count == 1 { try runner.rebuild([CooldownTable.name]) }
        })
        // The first pass stopped at the cooldown table; the second rebuilt the pending list and the metrics only.
        #expect(interruptions == [PendingList.name, PendingList.name, AcceptanceMetrics.name], "\(interruptions)")
        let now = (events.last?.at ?? RandomStream.start).plus(days: 1)
        #expect(try storedReports(runner, now: now) == model(events, now: now))
        // Switched over after this rebuild wrote the pending list (its claim gone at the switch, review 124): rebuilt too.
        var overtaken = 0
        try runner.rebuildAgainWhenOvertaken(attempts: 1, interruption: { name in
            guard name == PendingList.name, overtaken == 0 else { return }
            overtaken += 1
            try runner.rebuild([PendingList.name])
        })
        #expect(overtaken == 1)
        #expect(try storedReports(runner, now: now) == model(events, now: now))
    }
}

/// Events appended and caught up while a rebuild writes (another process's query) are in the rebuilt projections too.
@Test func aCatchUpDuringARebuildDoesNotStopIt() throws {
    let events = RandomStream.events(count: 240, seed: 25)
    try withLedger { ledger in
        let runner = try ProjectionRunner(ledger: ledger)
        try append(Array(events.prefix(200)), to: ledger)
        try runner.catchUp()
        runner.rebuildBatchBytes = 200
        try runner.rebuild(interruption: { name in
            guard name == PendingList.name else { return }
            try append(Array(events.dropFirst(200)), to: ledger)
            try runner.catchUp()
        })
        #expect(try runner.health().allSatisfy { $0.position == 240 && $0.lag == 0 })
        let now = (events.last?.at ?? RandomStream.start).plus(days: 1)
        #expect(try storedReports(runner, now: now) == model(events, now: now))
    }
}
