import Testing
@testable import Ledger

/// Moving a timestamp by a duration stays within years 0000–9999, the range every report can print.
@Suite struct TimestampArithmeticTests {
    @Test func ordinarySumsAreExact() {
        #expect((ts("2026-01-05T09:30:00Z") + Duration("3w")!).rfc3339 == "2026-01-26T09:30:00Z")
        #expect((ts("2026-01-05T09:30:00.123Z") - Duration("36h")!).rfc3339 == "2026-01-03T21:30:00.123Z")
    }

    @Test(arguments: ["999999w", "15250284452w", "106751991167d"])
    func aSumPastYear9999StopsAtItsLastMillisecond(duration: String) throws {
        let long = try #require(Duration(duration))
        let later = ts("2026-01-01T00:00:00Z") + long
        #expect(later == Timestamp.latest)
        #expect(later.rfc3339 == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp(rfc3339: later.rfc3339) == later)
        let earlier = ts("2026-01-01T00:00:00Z") - long
        #expect(earlier == Timestamp.earliest)
        #expect(earlier.rfc3339 == "0000-01-01T00:00:00Z")
    }

    @Test func theLastMillisecondItselfMovesNoFurther() {
        #expect(Timestamp.latest + Duration(milliseconds: 1) == Timestamp.latest)
        #expect(Timestamp.earliest - Duration(milliseconds: 1) == Timestamp.earliest)
        #expect(Timestamp.latest + Duration(milliseconds: .max) == Timestamp.latest)
        #expect(Timestamp.earliest - Duration(milliseconds: .max) == Timestamp.earliest)
    }
}
