import Foundation
import Ledger

/// A time zone's offset from UTC, cached per UTC hour (invitations cluster; Foundation's lookup is slow).
///
/// An hour is cached only when the offset is the same at its first and its last millisecond.
/// Zones whose offset changes at half past a UTC hour (Adelaide, St John's, Lord Howe) would
/// otherwise give every time of that hour the offset of the first one looked up, so that one
/// send's hour depended on which other sends were counted (audit 61 M1); such an hour is looked
/// up time by time.
struct ZoneOffsets {
    let timeZone: TimeZone
    /// Offset in seconds per UTC hour; `changing` for an hour in which the offset changes.
    private var cache: [Int64: Int64] = [:]
    private static let changing = Int64.min
    private static let hour: Int64 = 3_600_000

    init(timeZone: TimeZone) { self.timeZone = timeZone }

    /// Seconds to add to UTC for local time at `time`.
    mutating func offset(at time: Timestamp) -> Int64 {
        if timeZone.identifier == "UTC" || timeZone.identifier == "GMT" { return 0 }
        let hour = time.milliseconds.floorDivided(by: Self.hour).quotient
        let known = cache[hour] ?? {
            let start = hour * Self.hour
            let first = lookUp(start), last = lookUp(start + Self.hour - 1)
            let entry = first == last ? first : Self.changing
            cache[hour] = entry
            return entry
        }()
        return known == Self.changing ? lookUp(time.milliseconds) : known
    }

    /// The offset at `milliseconds`, from Foundation.
    private func lookUp(_ milliseconds: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(milliseconds) / 1000)))
    }
}
