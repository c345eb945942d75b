import Foundation
import Ledger

/// The terminal's short forms of times, days and shares: `2026-01-05 09:30`, `12.3 d`, `41.2%`.
///
/// Tables print these; CSV and JSON carry the full values (`Table.Cell.time` holds both forms).
enum Short {
    /// A time in UTC as a table shows it: `2026-01-05 09:30`, with its seconds when it has any (`09:30:30`, `09:30:30.250`).
    ///
    /// Never cut to the minute: a cooldown or cap that ends at 12:00:30 shown as `12:00` names
    /// a moment at which `check` still refuses (audit 108 F4). Cut at the `T`, not at fixed
    /// places: a time shifted into a display zone can fall before year 0000 or after 9999
    /// (`-0001-12-31 19:03`, `10000-01-01 05:29`).
    static func time(_ time: Timestamp?) -> String? {
        guard let time else { return nil }
        let text = time.rfc3339
        guard let separator = text.firstIndex(of: "T") else { return text }
        let clock = text[text.index(after: separator)...].dropLast()  // `09:30:00`, `09:30:30.250` (its `Z` dropped)
        let shown = clock.hasSuffix(":00") ? clock.prefix(5) : clock
        return String(text[..<separator]) + " " + String(shown)
    }

    /// Days to one decimal: `12.3 d`.
    static func days(_ days: Double?) -> String? {
        guard let days else { return nil }
        return String(format: "%.1f d", days)
    }

    /// An age in days to one decimal, cut toward zero, not rounded: `181.9 d` for 181.98 days.
    ///
    /// Rounded, an invitation 181.98 days old showed `182.0 d` while not yet overdue at 182 days,
    /// and one sent a moment after `--now` showed `-0.0 d` (audit 108 F8); it shows `0.0 d`.
    static func age(_ days: Double) -> String {
        let tenths = (days * 10).rounded(.towardZero)
        return String(format: "%.1f d", tenths == 0 ? 0 : tenths / 10)
    }

    /// The time from `now` until `until` in days to one decimal, rounded up: `0.1 d` for twenty minutes.
    ///
    /// Rounded to the nearest, a cooldown with half an hour left showed `0.0 d`, which reads as
    /// over while `check` still refuses (audit 126 N2). Counted in whole milliseconds, so that a
    /// span of exact tenths (`0.3 d`) is not pushed up by the binary fraction's error.
    static func left(until: Timestamp, now: Timestamp) -> String {
        let tenthOfADay: Int64 = 8_640_000
        let span = until.milliseconds - now.milliseconds
        let tenths = span <= 0 ? 0 : span / tenthOfADay + (span % tenthOfADay == 0 ? 0 : 1)
        return "\(tenths / 10).\(tenths % 10) d"
    }

    /// A share 0…1 as a percentage to one decimal: `41.2%`.
    static func percent(_ rate: Double?) -> String? {
        guard let rate else { return nil }
        return String(format: "%.1f%%", rate * 100)
    }
}
