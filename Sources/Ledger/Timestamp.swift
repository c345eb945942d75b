#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An instant in UTC at millisecond precision: milliseconds since 1970-01-01T00:00:00Z.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch; negative before 1970.
    public var milliseconds: Int64

    /// Creates a timestamp from milliseconds since the epoch.
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Whether `lhs` is the earlier instant.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// The timestamp moved by a duration, held within years 0000–9999 (`earliest` … `latest`).
    ///
    /// A policy may set a cooldown or an expiry of thousands of years ("never again"): the sum
    /// then stops at 9999-12-31T23:59:59.999Z, which every report can print and every `--now`
    /// can name, instead of wrapping around to a date in the past.
    public static func + (lhs: Timestamp, rhs: TimeSpan) -> Timestamp {
        let (sum, overflow) = lhs.milliseconds.addingReportingOverflow(rhs.milliseconds)
        return held(overflow ? (rhs.milliseconds > 0 ? Int64.max : Int64.min) : sum)
    }

    /// The timestamp moved back by a duration; only Int64's own range holds it.
    ///
    /// Not held at `earliest` like `+` at `latest`: it starts windows (`now − 7 days`), which
    /// are open at their start, and a window held at 0000-01-01T00:00:00Z would leave out an
    /// event at that very instant. Nothing prints such a time.
    public static func - (lhs: Timestamp, rhs: TimeSpan) -> Timestamp {
        let (difference, overflow) = lhs.milliseconds.subtractingReportingOverflow(rhs.milliseconds)
        return Timestamp(milliseconds: overflow ? (rhs.milliseconds > 0 ? Int64.min : Int64.max) : difference)
    }

    /// `milliseconds` as a timestamp, moved to `earliest` or `latest` when beyond them.
    private static func held(_ milliseconds: Int64) -> Timestamp {
        Timestamp(milliseconds: min(max(milliseconds, earliest.milliseconds), latest.milliseconds))
    }

    /// The time from `other` to `self` in days, not rounded.
    public func days(since other: Timestamp) -> Double {
        Double(milliseconds - other.milliseconds) / 86_400_000
    }

    /// The clock now, truncated to the millisecond.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(milliseconds: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    /// `2026-01-05T09:30:00Z`, or `2026-01-05T09:30:00.123Z` when there are milliseconds.
    public var description: String { rfc3339 }

    /// The SPEC's output form: UTC, `Z`, milliseconds only when not zero.
    public var rfc3339: String {
        // Fixed width for years 0–9999: the digits go straight into the string's storage (the hot
        // path of the hash chain, which formats `at` and `recorded_at` of every event).
        let text = String(unsafeUninitializedCapacity: Self.longestRFC3339) { writeRFC3339(into: $0) ?? 0 }
        if !text.isEmpty { return text }
        let (days, msOfDay) = milliseconds.floorDivided(by: 86_400_000)
        let (year, month, day) = CivilDate.fromDays(days)
        let seconds = msOfDay / 1000
        let millis = msOfDay % 1000
        var out = ""
        out.reserveCapacity(24)
        out += Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2)
        out += "T" + Self.pad(seconds / 3600, 2) + ":" + Self.pad(seconds / 60 % 60, 2) + ":" + Self.pad(seconds % 60, 2)
        if millis != 0 { out += "." + Self.pad(millis, 3) }
        out += "Z"
        return out
    }

    /// The most bytes `writeRFC3339` writes: `2026-01-05T09:30:00.123Z`.
    static let longestRFC3339 = 24

    /// Writes `rfc3339` into `buffer` (at least `longestRFC3339` bytes) and returns its length, for a year 0–9999; nil for any other, which `rfc3339` spells out.
    ///
    /// The one digit writer of the ledger's times: `rfc3339` and the canonical JSON's quoted form use it.
    func writeRFC3339(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        let (days, msOfDay) = milliseconds.floorDivided(by: 86_400_000)
        let (year, month, day) = CivilDate.fromDays(days)
        guard (0...9999).contains(year) else { return nil }
        let seconds = msOfDay / 1000
        let millis = msOfDay % 1000
        var count = 0
        @inline(__always) func digits(_ value: Int64, _ width: Int) {
            var rest = value
            for offset in stride(from: width - 1, through: 0, by: -1) {
                buffer[count + offset] = UInt8(truncatingIfNeeded: 48 + rest % 10)
                rest /= 10
            }
            count += width
        }
        @inline(__always) func byte(_ value: UInt8) {
            buffer[count] = value
            count += 1
        }
        digits(year, 4); byte(0x2D); digits(month, 2); byte(0x2D); digits(day, 2)
        byte(0x54); digits(seconds / 3600, 2); byte(0x3A); digits(seconds / 60 % 60, 2); byte(0x3A); digits(seconds % 60, 2)
        if millis != 0 { byte(0x2E); digits(millis, 3) }
        byte(0x5A)
        return count
    }

    /// `value` in decimal, zero-padded to `width` digits after its sign (`-0001`).
    ///
    /// For the years a shift into a display zone can take past 0000–9999 (a stored time never has one).
    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        return value < 0 ? "-" + padded : padded
    }

    /// Parses RFC 3339 (`2026-01-05T09:30:00.123+01:00`); fractions beyond the millisecond are truncated.
    ///
    /// Years 0000–9999 are accepted. A leap second (`:60`) is refused, because the ledger's
    /// clock has none and silently moving an event is worse than saying so.
    public init?(rfc3339 text: String) {
        guard let value = try? Timestamp.parse(text) else { return nil }
        self = value
    }

    /// Parses RFC 3339, throwing a message that says what is wrong.
    public static func parse(_ text: String) throws(TimestampError) -> Timestamp {
        if let common = text.utf8.withContiguousStorageIfAvailable(parseCommonUTC), let value = common { return value }
        var bytes = Array(text.utf8)[...]
        func number(_ count: Int) throws(TimestampError) -> Int64 {
            guard bytes.count >= count else { throw TimestampError("\"\(text)\" is not an RFC 3339 timestamp") }
            var value: Int64 = 0
            for byte in bytes.prefix(count) {
                guard byte >= 48, byte <= 57 else { throw TimestampError("\"\(text)\" is not an RFC 3339 timestamp") }
                value = value * 10 + Int64(byte - 48)
            }
            bytes = bytes.dropFirst(count)
            return value
        }
        func expect(_ allowed: [UInt8]) throws(TimestampError) {
            guard let byte = bytes.first, allowed.contains(byte) else {
                throw TimestampError("\"\(text)\" is not an RFC 3339 timestamp")
            }
            bytes = bytes.dropFirst()
        }
        let year = try number(4); try expect([45])
        let month = try number(2); try expect([45])
        let day = try number(2); try expect([84, 116, 32])
        let hour = try number(2); try expect([58])
        let minute = try number(2); try expect([58])
        let second = try number(2)
        var millis: Int64 = 0
        if bytes.first == 46 {
            bytes = bytes.dropFirst()
            var digits = 0
            while let byte = bytes.first, byte >= 48, byte <= 57 {
                if digits < 3 { millis = millis * 10 + Int64(byte - 48) }
                digits += 1
                bytes = bytes.dropFirst()
            }
            guard digits > 0 else { throw TimestampError("\"\(text)\" has an empty fraction of a second") }
            if digits < 3 { for _ in digits..<3 { millis *= 10 } }
        }
        var offsetMinutes: Int64 = 0
        guard let zone = bytes.first else { throw TimestampError("\"\(text)\" has no time zone (add Z or an offset)") }
        if zone == 90 || zone == 122 {
            bytes = bytes.dropFirst()
        } else if zone == 43 || zone == 45 {
            bytes = bytes.dropFirst()
            // `+0100`: RFC 3339 writes the offset's minutes after a colon (audit 133: the refusal only said "not RFC 3339").
            if bytes.count == 4, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                let digits = String(decoding: bytes, as: UTF8.self)
                throw TimestampError("\"\(text)\" writes its offset without a colon: RFC 3339 takes \(zone == 43 ? "+" : "-")"
                    + "\(digits.prefix(2)):\(digits.suffix(2))")
            }
            let offsetHours = try number(2); try expect([58])
            let offsetMins = try number(2)
            guard offsetHours <= 23, offsetMins <= 59 else { throw TimestampError("\"\(text)\" has an impossible offset") }
            offsetMinutes = (offsetHours * 60 + offsetMins) * (zone == 45 ? -1 : 1)
        } else if zone == 44 {
            throw TimestampError("\"\(text)\" writes a fraction of a second after a comma: RFC 3339 takes a point (09:30:00.5Z)")
        } else if zone == 32, let next = bytes.dropFirst().first(where: { $0 != 32 }), [90, 122, 43, 45].contains(next) {
            // `09:30:00 Z`: the zone is there, after a space (audit 125 F6: "has no time zone" misled).
            throw TimestampError("\"\(text)\" has a space before its time zone: write it right after the time (09:30:00Z, 09:30:00+01:00)")
        } else {
            throw TimestampError("\"\(text)\" has no time zone (add Z or an offset)")
        }
        guard bytes.isEmpty else { throw TimestampError("\"\(text)\" has text after the timestamp") }
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else {
            throw TimestampError("\"\(text)\" is not a calendar date")
        }
        guard hour <= 23, minute <= 59 else { throw TimestampError("\"\(text)\" is not a time of day") }
        guard second <= 59 else {
            throw TimestampError(second == 60 ? "\"\(text)\" is a leap second, which the ledger does not record (UTC milliseconds have no second 60): for the moment before it write 59.999 seconds" : "\"\(text)\" is not a time of day")
        }
        let days = CivilDate.days(year: year, month: month, day: day)
        let local = ((days * 24 + hour) * 60 + minute) * 60 + second
        let utc = Timestamp(milliseconds: (local - offsetMinutes * 60) * 1000 + millis)
        // An offset can carry 0000-01-01 or 9999-12-31 out of the four-digit years the output form can print.
        guard utc >= earliest, utc <= latest else {
            throw TimestampError("\"\(text)\" is outside 0000-01-01T00:00:00Z … 9999-12-31T23:59:59.999Z in UTC")
        }
        return utc
    }

    /// The import fast path: `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.mmmZ`, valid; nil for anything else.
    ///
    /// nil sends the text through the general parser, which accepts the other forms and
    /// words every refusal, so this only has to be right for what it accepts.
    private static func parseCommonUTC(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        guard bytes.count == 20 || bytes.count == 24, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54,
              bytes[13] == 0x3A, bytes[16] == 0x3A, bytes[bytes.count - 1] == 0x5A else { return nil }
        var valid = true
        @inline(__always) func digits(_ start: Int, _ count: Int) -> Int64 {
            var value: Int64 = 0
            for index in start..<start + count {
                let digit = bytes[index] &- 48
                if digit > 9 { valid = false }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        let year = digits(0, 4), month = digits(5, 2), day = digits(8, 2)
        let hour = digits(11, 2), minute = digits(14, 2), second = digits(17, 2)
        var millis: Int64 = 0
        if bytes.count == 24 {
            guard bytes[19] == 0x2E else { return nil }
            millis = digits(20, 3)
        }
        guard valid, month >= 1, month <= 12, day >= 1, day <= CivilDate.daysIn(month: month, year: year),
              hour <= 23, minute <= 59, second <= 59 else { return nil }
        let days = CivilDate.days(year: year, month: month, day: day)
        let utc = Timestamp(milliseconds: (((days * 24 + hour) * 60 + minute) * 60 + second) * 1000 + millis)
        guard utc >= earliest, utc <= latest else { return nil }
        return utc
    }

    /// A time read back from storage, or nil outside `earliest` … `latest`, which no append writes (damage).
    ///
    /// Checked where stored bytes become a time, so that the reports' arithmetic on times
    /// (ages, days to accept, zone offsets) cannot overflow on a damaged or hostile file.
    public init?(stored milliseconds: Int64) {
        guard milliseconds >= Self.earliest.milliseconds, milliseconds <= Self.latest.milliseconds else { return nil }
        self.init(milliseconds: milliseconds)
    }

    /// The earliest instant the ledger records (years 0000–9999 in UTC, so every timestamp prints in RFC 3339).
    static let earliest = Timestamp(milliseconds: CivilDate.days(year: 0, month: 1, day: 1) * 86_400_000)
    /// The latest instant the ledger records.
    static let latest = Timestamp(milliseconds: CivilDate.days(year: 10_000, month: 1, day: 1) * 86_400_000 - 1)
}

/// Why a timestamp did not parse.
public struct TimestampError: Error, CustomStringConvertible, Sendable {
    /// A message naming the text that did not parse.
    public let description: String
    init(_ description: String) { self.description = description }
}
