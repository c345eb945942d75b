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
        let minutes = ahead / 60_000, hours = ahead / 3_600_000, days = ahead / 86_400_000
        if days >= 2 { return "in \(days) days" }
        if hours >= 2 { return "in \(hours) hours" }
        if minutes >= 2 { return "in \(minutes) minutes" }
        return minutes == 1 ? "in 1 minute" : "in under a minute"
    }
}
