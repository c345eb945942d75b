import Testing
import Ledger
@testable import Projections

private let day: Int64 = 86_400_000
private func t(_ days: Double) -> Timestamp { Timestamp(milliseconds: Int64(days * Double(day))) }

/// The weekly cap's `until`: the first moment fewer than `cap` sends fall in (t − 7 days, t].
@Test func theWeeklyCapEndsWhenEnoughSendsLeaveTheWindow() {
    // Three sends in the window, cap 2: two must leave before fewer than 2 remain (at day 2 + 7).
    #expect(PolicyCheck.firstMomentBelowCap(sends: [t(1), t(2), t(3)], cap: 2) == t(9))
    // Cap 1: all three must leave.
    #expect(PolicyCheck.firstMomentBelowCap(sends: [t(1), t(2), t(3)], cap: 1) == t(10))
}

@Test func sendsAtTheSameMomentLeaveTogether() {
    #expect(PolicyCheck.firstMomentBelowCap(sends: [t(1), t(1), t(2)], cap: 2) == t(8))
    #expect(PolicyCheck.firstMomentBelowCap(sends: [t(1), t(1), t(1)], cap: 3) == t(8))
}

@Test func laterRecordedSendsKeepTheCapUntilTheyLeaveToo() {
    // now = day 3 with sends at 1, 2, 3 and recorded later sends at 8.5 and 9: at day 8 the send
    // of day 1 leaves but the one of day 8.5 has not come yet — the count (2, 3) is already below 3.
    #expect(PolicyCheck.firstMomentBelowCap(sends: [t(1), t(2), t(3), t(8.5), t(9)], cap: 3) == t(8))
    // cap 2: at day 8 the window (1, 8] holds 2 and 3 → 2, not below; at day 9 it holds 3, 8.5, 9 → 3;
    // at day 10 it holds 8.5, 9 → 2; at day 15.5 it holds 9 → 1.
    #expect(PolicyCheck.firstMomentBelowCap(sends: [t(1), t(2), t(3), t(8.5), t(9)], cap: 2) == t(15.5))
}

@Test func aCapOfZeroNeverEnds() {
    #expect(PolicyCheck.firstMomentBelowCap(sends: [t(1)], cap: 0) == nil)
    #expect(PolicyCheck.firstMomentBelowCap(sends: [], cap: 0) == nil)
}
