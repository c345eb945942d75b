import Testing
@testable import Ledger

/// Moving a timestamp by a duration stays within years 0000–9999, the range every report can print.
@Suite struct TimestampArithmeticTests {
    @Test func ordinarySumsAreExact() {
        #expect((ts("2026-01-05T09:30:00Z") + TimeSpan("3w")!).rfc3339 == "2026-01-26T09:30:00Z")
        #expect((ts("2026-01-05T09:30:00.123Z") - TimeSpan("36h")!).rfc3339 == "2026-01-03T21:30:00.123Z")
    }

    @Test(arguments: ["999999w", "15250284452w", "106751991167d"])
    func aSumPastYear9999StopsAtItsLastMillisecond(duration: String) throws {
        // (A difference is not held: see `theWindowOfTheFirstWeekHoldsItsFirstInstant`.)
        let long = try #require(TimeSpan(duration))
        let later = ts("2026-01-01T00:00:00Z") + long
        #expect(later == Timestamp.latest)
        #expect(later.rfc3339 == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp(rfc3339: later.rfc3339) == later)
        // Moving back is not held: it opens windows, which must still hold 0000-01-01T00:00:00Z.
        #expect(ts("0000-01-03T00:00:00Z") - TimeSpan("1w")! < Timestamp.earliest)
    }

    /// A duration too long to hold is refused as such, not as something that is no duration (audit 47 L5).
    @Test func aTooLongDurationIsToldApartFromOneThatIsNoDuration() {
        #expect(TimeSpan("15250284452w") != nil && TimeSpan("15250284453w") == nil)
        #expect(TimeSpan.refusal("15250284453w", hint: "!") == #""15250284453w" is longer than any duration the ledger can hold (15250284452w3d7h12m at most)"#)
        #expect(TimeSpan("15250284452w3d7h12m") != nil && TimeSpan("15250284452w3d7h13m") == nil)
        #expect(TimeSpan.refusal("99999999999999999999m", hint: "!").contains("longer than any"))
        for text in ["", "3", "w", "3x", "1.5d", "-1d", "1d 2h", "3w2"] {
            #expect(TimeSpan.refusal(text, hint: "!") == "\"\(text)\" is not a duration!", "\(text)")
        }
    }

    @Test func theLastMillisecondItselfMovesNoFurther() {
        #expect(Timestamp.latest + TimeSpan(milliseconds: 1) == Timestamp.latest)
        #expect(Timestamp.latest + TimeSpan(milliseconds: .max) == Timestamp.latest)
        #expect(Timestamp(milliseconds: .min) - TimeSpan(milliseconds: 1) == Timestamp(milliseconds: .min))
    }
}

/// The weekly window (now − 7 days, now] of a `now` in the first week of year 0000 holds 0000-01-01T00:00:00Z.
@Test func theWindowOfTheFirstWeekHoldsItsFirstInstant() {
    let first = ts("0000-01-01T00:00:00Z")
    let windowStart = ts("0000-01-03T00:00:00Z") - TimeSpan.days(7)
    #expect(windowStart < first)
}
