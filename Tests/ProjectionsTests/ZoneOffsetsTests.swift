import Foundation
import Ledger
@testable import Projections
import Testing

/// `metrics --by hour|weekday --tz`'s offsets, cached per UTC hour.
struct ZoneOffsetsTests {
    /// Adelaide moves from +09:30 to +10:30 at 16:30 UTC: each time of that hour gets its own offset, whichever came first (audit 61 M1).
    @Test(arguments: [false, true])
    func anHourInWhichTheZoneChangesGivesEachTimeItsOwnOffset(laterFirst: Bool) throws {
        var offsets = ZoneOffsets(timeZone: try #require(TimeZone(identifier: "Australia/Adelaide")))
        let before = try #require(Timestamp(rfc3339: "2026-10-03T16:10:00Z"))
        let after = try #require(Timestamp(rfc3339: "2026-10-03T16:40:00Z"))
        let (first, second) = laterFirst ? (after, before) : (before, after)
        let standard: Int64 = 34_200, summer: Int64 = 37_800  // +09:30, +10:30
        let answers: [Int64] = [offsets.offset(at: first), offsets.offset(at: second)]
        #expect(answers == (laterFirst ? [summer, standard] : [standard, summer]))
        // The hours around it are cached whole, and right.
        let earlier = try #require(Timestamp(rfc3339: "2026-10-03T15:59:59Z"))
        let later = try #require(Timestamp(rfc3339: "2026-10-03T17:00:00Z"))
        #expect(offsets.offset(at: earlier) == standard)
        #expect(offsets.offset(at: later) == summer)
    }
}
