import Ledger

/// How far ahead a time is, in words for a sentence: `in 21 days`, `in 5 hours`, `in 12 minutes`.
///
/// The larger unit is kept while it is at least 2 (`in 36 hours`, then `in 2 days`), rounded down
/// so that "in 2 days" is never more than it says; a time already reached is `now`. A wait
/// (`check`'s `until`) is rounded up instead, as `cooldown`'s "left" is, and in days says the
/// hours too: 10.9999 days are "in 11 days", 11.4 "in 11 days 10 hours", never fewer than are
/// left (audit 136: "in 10 days" was said with 10.9999 left).
enum TimeAhead {
    /// The words for `time` seen from `now`; `roundingUp` for a wait, which must not read shorter than it is.
    static func phrase(_ time: Timestamp, from now: Timestamp, roundingUp: Bool = false) -> String {
        let (ahead, overflow) = time.milliseconds.subtractingReportingOverflow(now.milliseconds)
        if overflow { return "in \(Int64.max / 86_400_000) days" }
        guard ahead > 0 else { return "now" }
        return ahead < 60_000 ? "in under a minute" : "in " + span(ahead, roundingUp: roundingUp)
    }

    /// A positive length of time in milliseconds, in words, rounded as `phrase` does: `2 days`, `1 minute`, `40 seconds`, `250 ms`.
    ///
    /// The unit is the largest that the length holds at least twice; `roundingUp` then counts a part of one as a whole.
    static func span(_ milliseconds: Int64, roundingUp: Bool = false) -> String {
        let seconds = milliseconds / 1_000, minutes = milliseconds / 60_000
        let hours = milliseconds / 3_600_000, days = milliseconds / 86_400_000
        func whole(_ count: Int64, of unit: Int64) -> Int64 { roundingUp && milliseconds % unit != 0 ? count + 1 : count }
        if days >= 2, roundingUp {
            // Days and the hours begun after them: a whole day of hours is one day more.
            let hoursBegun = whole(hours, of: 3_600_000) - days * 24
            return hoursBegun == 24 ? "\(days + 1) days" : hoursBegun == 0 ? "\(days) days"
                : "\(days) days \(hoursBegun) hour\(hoursBegun == 1 ? "" : "s")"
        }
        if days >= 2 { return "\(days) days" }
        if hours >= 2 { return "\(whole(hours, of: 3_600_000)) hours" }
        if minutes >= 2 { return "\(whole(minutes, of: 60_000)) minutes" }
        if minutes == 1 { return whole(1, of: 60_000) == 1 ? "1 minute" : "2 minutes" }
        if seconds >= 2 { return "\(seconds) seconds" }
        return seconds == 1 ? "1 second" : "\(milliseconds) ms"
    }
}
