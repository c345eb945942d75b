import Foundation
import Testing
@testable import Projections
import Ledger

private func sent(_ id: String, _ account: String, _ recipient: String, _ at: String, source: String = "s") -> ProposedEvent {
    ProposedEvent(kind: .sent, at: .at(at), invitation: id, account: account, recipient: recipient, source: source)
}

private func follow(_ kind: EventKind, _ id: String, _ at: String) -> ProposedEvent {
    ProposedEvent(kind: kind, at: .at(at), invitation: id)
}

private func check(_ runner: ProjectionRunner, _ account: String, _ recipient: String, _ now: String,
                   travel: TimeTravel = TimeTravel(), countingOverdue: Bool = false) throws -> CheckResult {
    try runner.query(travel) { model, view in
        var result = try PolicyCheck.evaluate(model: model, view: view, policy: try view.policy(), account: account,
                                              recipient: recipient, now: .at(now))
        if countingOverdue { try PolicyCheck.countOverdue(&result, model: model, view: view, policy: try view.policy(), now: .at(now)) }
        return result
    }
}

/// `check` gives the first reason that applies, in SPEC order, with the cooldown's and the weekly cap's `until`.
@Test func checkGivesItsReasonsInSpecOrder() throws {
    try withLedger { ledger in
        var policy = Policy()
        try policy.set("pending_cap", to: "3")
        try policy.set("weekly_cap", to: "4")
        try ledger.setPolicy(policy)
        try append([
            sent("c1", "a", "connected", "2026-01-01T00:00:00Z"), follow(.accepted, "c1", "2026-01-02T00:00:00Z"),
            sent("w1", "a", "cooling", "2026-01-03T00:00:00Z"), follow(.withdrawn, "w1", "2026-01-04T00:00:00Z"),
            sent("p1", "a", "pending-1", "2026-01-10T00:00:00Z"),
            sent("p2", "a", "pending-2", "2026-01-11T00:00:00Z"),
            sent("p3", "a", "pending-3", "2026-01-12T00:00:00Z"),
        ], to: ledger)
        let runner = try ProjectionRunner(ledger: ledger)
        // Connected beats everything; pending beats the caps; cooldown names its end.
        var result = try check(runner, "a", "connected", "2026-01-12T12:00:00Z")
        #expect(result.reason == .connected && result.invitation == "c1" && result.until == nil && !result.allowed)
        result = try check(runner, "a", "pending-1", "2026-01-12T12:00:00Z")
        #expect(result.reason == .pending && result.invitation == "p1")
        result = try check(runner, "a", "cooling", "2026-01-12T12:00:00Z")
        #expect(result.reason == .cooldown && result.until == .at("2026-01-25T00:00:00Z") && result.invitation == "w1")
        // Three pending: the pending cap, even though the weekly window holds only three sends.
        result = try check(runner, "a", "someone", "2026-01-12T12:00:00Z")
        #expect(result.reason == .pendingCap && result.invitation == nil && result.until == nil)
        // After the cooldown a pending cap still applies to the cooled pair.
        result = try check(runner, "a", "cooling", "2026-01-26T00:00:00Z")
        #expect(result.reason == .pendingCap && result.invitation == "w1")

        // Close two; send three more: four sends in the week ending 01-13 12:00 → weekly cap.
        try append([follow(.accepted, "p1", "2026-01-12T01:00:00Z"), follow(.withdrawn, "p2", "2026-01-12T02:00:00Z"),
                    sent("x1", "a", "x1", "2026-01-13T00:00:00Z"), follow(.accepted, "x1", "2026-01-13T01:00:00Z"),
                    sent("x2", "a", "x2", "2026-01-13T02:00:00Z"), follow(.expired, "x2", "2026-01-13T03:00:00Z")], to: ledger)
        // Window (01-06 12:00, 01-13 12:00]: p1 01-10, p2 01-11, p3 01-12, x1 01-13, x2 01-13 02:00 = 5 ≥ 4.
        // It falls below 4 when two have left: p2 leaves at 01-18T00:00.
        result = try check(runner, "a", "someone", "2026-01-13T12:00:00Z")
        #expect(result.reason == .weeklyCap && result.until == .at("2026-01-18T00:00:00Z"))
        result = try check(runner, "a", "someone", "2026-01-18T00:00:00Z")
        #expect(result.reason == .ok && result.allowed)
        // Time travel answers the same question as it stood: before p1 and p2 closed, the cap was the pending one.
        result = try check(runner, "a", "someone", "2026-01-12T00:30:00Z", travel: TimeTravel(asOf: .at("2026-01-12T00:30:00Z")))
        #expect(result.reason == .pendingCap)
        // A pair never invited, for an account never seen: ok, no invitation.
        result = try check(runner, "nobody", "someone", "2026-01-13T12:00:00Z")
        #expect(result.reason == .ok && result.invitation == nil)
    }
}

/// A `check` with `now` in the past counts sends recorded after it only for when the weekly cap ends, and an unknown account under a cap of 0 is capped.
@Test func theWeeklyCapsEndCountsSendsRecordedAfterNow() throws {
    try withLedger { ledger in
        var policy = Policy()
        try policy.set("weekly_cap", to: "2")
        try ledger.setPolicy(policy)
        try append([
            sent("d1", "a", "r1", "2026-03-01T00:00:00Z"), follow(.accepted, "d1", "2026-03-01T01:00:00Z"),
            sent("d2", "a", "r2", "2026-03-02T00:00:00Z"), follow(.accepted, "d2", "2026-03-02T01:00:00Z"),
            sent("d3", "a", "r3", "2026-03-07T12:00:00Z"), follow(.accepted, "d3", "2026-03-07T13:00:00Z"),
        ], to: ledger)
        let runner = try ProjectionRunner(ledger: ledger)
        // On 03-03, d1 and d2 fill the window. d1 leaves at 03-08, but d3 (03-07 12:00) has come
        // in by then: the count first drops below 2 when d2 leaves, at 03-09.
        var result = try check(runner, "a", "someone", "2026-03-03T00:00:00Z")
        #expect(result.reason == .weeklyCap && result.until == .at("2026-03-09T00:00:00Z"))
        // A week before d1, the window is empty, and nothing recorded after is counted.
        result = try check(runner, "a", "someone", "2026-02-20T00:00:00Z")
        #expect(result.reason == .ok)
        try policy.set("weekly_cap", to: "0")
        try ledger.setPolicy(policy)
        result = try check(runner, "nobody", "someone", "2026-03-03T00:00:00Z")
        #expect(result.reason == .weeklyCap && result.until == nil)
    }
}

/// A pending pair's invitation is overdue from sent_at + expire_after on, and a pending cap counts the account's overdue ones (audit 116 F3, F5).
@Test func aRefusalSaysWhichPendingInvitationsHaveRunOut() throws {
    try withLedger { ledger in
        var policy = Policy()
        try policy.set("expire_after", to: "10d")
        try policy.set("pending_cap", to: "3")
        try ledger.setPolicy(policy)
        try append([sent("o1", "a", "r1", "2026-01-01T00:00:00Z"), sent("o2", "a", "r2", "2026-01-02T00:00:00Z"),
                    sent("o3", "a", "r3", "2026-01-05T00:00:00Z"), sent("b1", "b", "r1", "2026-01-01T00:00:00Z")], to: ledger)
        let runner = try ProjectionRunner(ledger: ledger)
        var result = try check(runner, "a", "r1", "2026-01-10T23:59:59.999Z")
        #expect(result.reason == .pending && result.overdueSince == nil)
        result = try check(runner, "a", "r1", "2026-01-11T00:00:00Z")
        #expect(result.reason == .pending && result.overdueSince == .at("2026-01-11T00:00:00Z"))
        // The cap: o1 and o2 have run out on 01-12, o3 has not; b's invitation is another account's.
        result = try check(runner, "a", "someone", "2026-01-12T00:00:00Z")
        #expect(result.reason == .pendingCap && result.overdueCount == 0, "the verdict alone does not count them")
        result = try check(runner, "a", "someone", "2026-01-12T00:00:00Z", countingOverdue: true)
        #expect(result.reason == .pendingCap && result.overdueCount == 2 && result.overdueSince == nil)
        result = try check(runner, "a", "someone", "2026-01-10T00:00:00Z", countingOverdue: true)
        #expect(result.reason == .pendingCap && result.overdueCount == 0)
        // An account never seen is not capped, and counts none.
        result = try check(runner, "nobody", "someone", "2026-01-12T00:00:00Z", countingOverdue: true)
        #expect(result.overdueCount == 0)
    }
}

/// Median, nearest-rank p90 and rates on cases worked by hand.
@Test func medianAveragesTheMiddleTwoAndNearestRankRoundsUp() {
    #expect(Statistics.median([]) == nil)
    #expect(Statistics.median([4]) == 4)
    #expect(Statistics.median([3, 1, 2]) == 2)
    #expect(Statistics.median([4, 1, 3, 2]) == 2.5)
    #expect(Statistics.nearestRank([], 0.9) == nil)
    #expect(Statistics.nearestRank([7], 0.9) == 7)
    #expect(Statistics.nearestRank(Array(1...10).map(Double.init), 0.9) == 9)   // ⌈9⌉ = 9th
    #expect(Statistics.nearestRank(Array(1...11).map(Double.init), 0.9) == 10)  // ⌈9.9⌉ = 10th
    #expect(Statistics.nearestRank([5, 1, 3], 0.9) == 5)                        // ⌈2.7⌉ = 3rd
    #expect(Statistics.nearestRank(Array(1...6).map(Double.init), 0.9) == 6)    // ⌈5.4⌉ = 6th, where rounding gives the 5th (audit 154)
    #expect(Statistics.nearestRank([2, 1], 0.9) == 2)                           // ⌈1.8⌉ = 2nd
    #expect(Statistics.rate(0, 0) == nil)
    #expect(Statistics.rate(1, 4) == 0.25)
}

/// Cohort rates, days to accept and nulls on a small ledger computed by hand.
@Test func metricsOnAHandComputedLedger() throws {
    try withLedger { ledger in
        try append([
            sent("a", "acct", "r1", "2026-01-01T00:00:00Z", source: "x"), follow(.accepted, "a", "2026-01-03T00:00:00Z"),   // 2 days
            sent("b", "acct", "r2", "2026-01-01T00:00:00Z", source: "x"), follow(.accepted, "b", "2026-01-11T00:00:00Z"),   // 10 days
            sent("c", "acct", "r3", "2026-01-02T00:00:00Z", source: "x"), follow(.withdrawn, "c", "2026-01-20T00:00:00Z"),
            sent("d", "acct", "r4", "2026-02-05T00:00:00Z", source: "x"),                                                   // 5 days old
            sent("e", "acct", "r5", "2026-02-01T00:00:00Z", source: "y"),
        ], to: ledger)
        let runner = try ProjectionRunner(ledger: ledger)
        let now = Timestamp.at("2026-02-10T00:00:00Z")
        let rows = try runner.query { model, view in try MetricsQuery(by: .source).rows(model: model, view: view, now: now) }
        #expect(rows.map(\.group) == ["x", "y"])
        let x = rows[0]
        #expect(x.sent == 4 && x.pending == 1 && x.accepted == 2 && x.withdrawn == 1 && x.expired == 0)
        #expect(x.acceptanceRate == 0.5)
        #expect(x.resolvedAcceptanceRate == 2.0 / 3.0)
        #expect(x.accepted7dRate == 1.0 / 3.0)     // cohort a, b, c (d is 5 days old); only a within 7 days
        #expect(x.accepted30dRate == 2.0 / 3.0)    // cohort a, b, c (40 days old); a and b within 30 days
        #expect(x.medianDaysToAccept == 6)         // (2 + 10) / 2
        #expect(x.p90DaysToAccept == 10)           // ⌈1.8⌉ = 2nd smallest
        let y = rows[1]
        #expect(y.sent == 1 && y.resolvedAcceptanceRate == nil && y.accepted7dRate == 0)  // 9 days old, not accepted
        #expect(y.accepted30dRate == nil && y.medianDaysToAccept == nil && y.p90DaysToAccept == nil)
        // As of 01-05, b is still pending and c not yet withdrawn.
        let then = try runner.query(TimeTravel(asOf: .at("2026-01-05T00:00:00Z"))) { model, view in
            try MetricsQuery(by: .source).rows(model: model, view: view, now: .at("2026-01-05T00:00:00Z"))
        }
        #expect(then.count == 1 && then[0].sent == 3 && then[0].pending == 2 && then[0].accepted == 1)
        #expect(then[0].accepted7dRate == nil && then[0].medianDaysToAccept == 2)
    }
}

/// Weekday and hour are of sent_at in the chosen zone.
@Test func weekdayAndHourFollowTheTimeZone() throws {
    try withLedger { ledger in
        // 2026-01-05 is a Monday; 03:00 UTC is Sunday 22:00 in New York.
        try append([sent("a", "acct", "r1", "2026-01-05T03:00:00Z")], to: ledger)
        let runner = try ProjectionRunner(ledger: ledger)
        let now = Timestamp.at("2026-01-06T00:00:00Z")
        func groups(_ by: MetricsGrouping, _ zone: String) throws -> [String?] {
            try runner.query { model, view in
                try MetricsQuery(by: by, timeZone: try #require(TimeZone(identifier: zone))).rows(model: model, view: view, now: now)
            }.map(\.group)
        }
        #expect(try groups(.weekday, "UTC") == ["mon"])
        #expect(try groups(.hour, "UTC") == ["03"])
        #expect(try groups(.weekday, "America/New_York") == ["sun"])
        #expect(try groups(.hour, "America/New_York") == ["22"])
    }
}
