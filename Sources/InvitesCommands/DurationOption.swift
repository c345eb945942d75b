import ArgumentParser
import Ledger

/// A note for a duration written in minutes and under a day (`3m`), which people mean as months, or nil.
///
/// SPEC's `m` is minutes: `expire_after=6m` makes every invitation due six minutes after it was
/// sent (audit 92 F4), and `pending --older-than 3m` lists every invitation older than three
/// minutes as the withdraw list (audit 116 F6). `what` names it as given (`--older-than 3m`).
func minutesNote(_ text: String, what: String) -> String? {
    guard text.hasSuffix("m"), let span = TimeSpan(text), span.milliseconds < 86_400_000 else { return nil }
    let minutes = span.milliseconds / 60_000
    return "invites: note: \(what) is \(minutes) minute\(minutes == 1 ? "" : "s"): m is minutes (a month is about 4w or 30d)"
}

/// Parses a duration option (`3w`, `1w2d`, `36h`).
func parseDuration(_ text: String, option: String) throws -> TimeSpan {
    guard let duration = TimeSpan(text) else {
        throw ValidationError("\(option): \(TimeSpan.refusal(text, hint: "; write e.g. 3w, 21d, 1w2d or 36h"))")
    }
    return duration
}
