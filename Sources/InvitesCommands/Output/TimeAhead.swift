import Ledger

/// How far ahead a time is, in words for a sentence: `in 21 days`, `in 5 hours`, `in 12 minutes`.
///
/// The larger unit is kept while it is at least 2 (`in 36 hours`, then `in 2 days`), rounded down
/// so that "in 2 days" is never more than it says; a time already reached is `now`.
enum TimeAhead {
    /// The words for `time` seen from `now`.
    static func phrase(_ time: Timestamp, from now: Timestamp) -> String {
        let (ahead, overflow) = time.milliseconds.subtractingReportingOverflow(now.milliseconds)
        if overflow { return "in \(Int64.max / 86_400_000) days" }
        guard ahead > 0 else { return "now" }
        return ahead < 60_000 ? "in under a minute" : "in " + span(ahead)
    }

    /// A positive length of time in milliseconds, in words, rounded down as `phrase` does: `2 days`, `1 minute`, `40 seconds`, `250 ms`.
    static func span(_ milliseconds: Int64) -> String {
        let seconds = milliseconds / 1_000, minutes = milliseconds / 60_000
        let hours = milliseconds / 3_600_000, days = milliseconds / 86_400_000
        if days >= 2 { return "\(days) days" }
        if hours >= 2 { return "\(hours) hours" }
        if minutes >= 2 { return "\(minutes) minutes" }
        if minutes == 1 { return "1 minute" }
        if seconds >= 2 { return "\(seconds) seconds" }
        return seconds == 1 ? "1 second" : "\(milliseconds) ms"
    }
}
