import Foundation
import Ledger

/// The terminal's short forms of times, days and shares: `2026-01-05 09:30`, `12.3 d`, `41.2%`.
///
/// Tables print these; CSV and JSON carry the full values (`Table.Cell.time` holds both forms).
enum Short {
    /// A time to the minute, in UTC: `2026-01-05 09:30`.
    ///
    /// Cut at the `T`, not at fixed places: a time shifted into a display zone can fall before
    /// year 0000 or after 9999 (`-0001-12-31 19:03`, `10000-01-01 05:29`).
    static func time(_ time: Timestamp?) -> String? {
        guard let time else { return nil }
        let text = time.rfc3339
        guard let separator = text.firstIndex(of: "T") else { return text }
        return String(text[..<separator]) + " " + String(text[text.index(after: separator)...].prefix(5))
    }

    /// Days to one decimal: `12.3 d`.
    static func days(_ days: Double?) -> String? {
        guard let days else { return nil }
        return String(format: "%.1f d", days)
    }

    /// A share 0…1 as a percentage to one decimal: `41.2%`.
    static func percent(_ rate: Double?) -> String? {
        guard let rate else { return nil }
        return String(format: "%.1f%%", rate * 100)
    }
}
