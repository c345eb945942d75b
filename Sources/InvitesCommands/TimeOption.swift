import ArgumentParser
import Foundation
import Ledger

/// Parses a `--now`, `--at` or `--as-of` value.
///
/// `zone`: the `--tz` the command was given, whose local time a date without a zone most likely
/// means: the example is then that time in the zone (`2026-03-01T00:00:00+05:30`), and says so.
func parseTime(_ text: String, option: String, zone: TimeZone? = nil) throws -> Timestamp {
    do { return try Timestamp.parse(text) } catch {
        let example = timeExample(for: text)
        guard let zone, !TimeZone.isAlwaysUTC(zone), example.hasSuffix("Z"), text.uppercased().last != "Z",
              let local = localExample(example, in: zone) else {
            throw ValidationError("\(option): \(error.description); write e.g. \(example)")
        }
        throw ValidationError("\(option): \(error.description); write e.g. \(local) (in \(TimeZone.displayName(zone, as: zone.identifier)), "
                              + "as --tz; \(example) is in UTC)")
    }
}

/// The wall-clock time of `example` (`2026-03-01T00:00:00Z`) read in `zone` instead, with that zone's offset then (`…+05:30`), or nil.
private func localExample(_ example: String, in zone: TimeZone) -> String? {
    guard let utc = Timestamp(rfc3339: example) else { return nil }
    // The offset at the local time: near it, the zone's offset at the UTC instant of the same wall clock, corrected once.
    var seconds = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utc.milliseconds) / 1000))
    seconds = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utc.milliseconds) / 1000 - Double(seconds)))
    let local = String(example.dropLast()) + (seconds == 0 ? "Z" : TimeZone.offsetText(seconds: seconds))
    return Timestamp(rfc3339: local) == nil ? nil : local
}

/// An RFC 3339 form of what the user wrote when it is a date, or a date and time, near the form; else a fixed example.
///
/// `2026-03-01` gives `2026-03-01T00:00:00Z`, `2026-03-01 09:30` gives `2026-03-01T09:30:00Z`,
/// `2026-03-01T09:30+0100` gives `2026-03-01T09:30:00+01:00` (no zone is read as UTC; an offset
/// is kept, written as RFC 3339 writes it); `now` gives the clock's time and says it is the
/// default: SPEC takes RFC 3339 only, and the refusal shows the spelling it takes for the moment meant.
func timeExample(for text: String) -> String {
    let trimmed = Identity.trim(text)
    if trimmed.lowercased() == "now" { return "\(Timestamp.now().rfc3339), or leave the option out: the clock is its default" }
    let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "T" || $0 == "t" }).map(String.init)
    let fixed = "2026-01-05T09:30:00Z"
    guard let date = parts.first, digits(date, "9999-99-99"), parts.count <= 2 else { return fixed }
    var time = parts.count == 1 ? "00:00:00" : parts[1]
    var zone = "Z"
    if time.hasSuffix("Z") || time.hasSuffix("z") {
        time.removeLast()
    } else if let sign = time.firstIndex(where: { $0 == "+" || $0 == "-" }) {
        guard let offset = offsetSpelling(time[sign...]) else { return fixed }
        (time, zone) = (String(time[..<sign]), offset)
    }
    if digits(time, "99:99") { time += ":00" }
    let example = date + "T" + time + zone
    return digits(String(time.prefix(8)), "99:99:99") && Timestamp(rfc3339: example) != nil ? example : fixed
}

/// Whether `text` is `pattern` with each `9` a digit: `digits("09:30", "99:99")`.
private func digits(_ text: String, _ pattern: String) -> Bool {
    text.count == pattern.count && zip(text, pattern).allSatisfy { $1 == "9" ? $0.isASCII && $0.isNumber : $0 == $1 }
}

/// An offset as RFC 3339 writes it (`+01:00`) from `+0100`, `+01` or `+01:00`; nil for anything else.
private func offsetSpelling(_ offset: Substring) -> String? {
    let sign = String(offset.prefix(1)), rest = String(offset.dropFirst())
    if digits(rest, "99:99") { return sign + rest }
    if digits(rest, "9999") { return sign + rest.prefix(2) + ":" + rest.suffix(2) }
    if digits(rest, "99") { return sign + rest + ":00" }
    return nil
}

/// Parses the `--at` of a recorded event: a bad one makes an invalid event (`invalid_event`, exit 1).
///
/// A time more than an hour after the clock (a mistyped year) is taken, as SPEC records facts as
/// given, but said on standard error once the event is recorded: the pair's later events may not be earlier.
func parseEventTime(_ text: String, subject: String, option: String = "--at") throws -> Timestamp {
    let time: Timestamp
    do { time = try Timestamp.parse(text) } catch {
        // Named by its subject, as every invalid_event is (audit 94 F3).
        throw Failure("invalid_event", "\(subject): bad timestamp: \(option): \(error.description); write e.g. \(timeExample(for: text))")
    }
    let now = Timestamp.now()
    if time.isMoreThanAnHour(after: now) {
        Console.noteIfRecorded("invites: note: \(option) \(time.rfc3339) is more than an hour after the clock (\(now.rfc3339)); "
            + "it is recorded as given, and the pair's later events may not be earlier")
    }
    return time
}

extension Timestamp {
    /// Whether this time is more than an hour after `clock`: a date from the future worth saying (a typo, a misread file), not a clock's drift.
    func isMoreThanAnHour(after clock: Timestamp) -> Bool {
        milliseconds > clock.milliseconds + 3_600_000
    }
}
