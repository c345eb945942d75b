import Foundation
import Ledger

/// Short forms for tables: `2026-01-05 09:30`, `12.3 d`, `41.2%`.
enum Short {
    static func time(_ time: Timestamp?) -> String? {
        guard let time else { return nil }
        let text = time.rfc3339
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
    }

    static func days(_ days: Double?) -> String? {
        guard let days else { return nil }
        return String(format: "%.1f d", days)
    }

    static func percent(_ rate: Double?) -> String? {
        guard let rate else { return nil }
        return String(format: "%.1f%%", rate * 100)
    }
}
