import Foundation
import Ledger

/// A time zone's offset from UTC, cached per hour (invitations cluster; Foundation's lookup is slow).
struct ZoneOffsets {
    let timeZone: TimeZone
    private var cache: [Int64: Int64] = [:]

    init(timeZone: TimeZone) { self.timeZone = timeZone }

    /// Seconds to add to UTC for local time at `time`.
    mutating func offset(at time: Timestamp) -> Int64 {
        if timeZone.identifier == "UTC" || timeZone.identifier == "GMT" { return 0 }
        let hour = time.milliseconds.floorDivided(by: 3_600_000).quotient
        if let known = cache[hour] { return known }
        let seconds = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(time.milliseconds) / 1000)))
        cache[hour] = seconds
        return seconds
    }
}
