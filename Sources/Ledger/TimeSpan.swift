/// A length of time written as numbers with units `m`, `h`, `d`, `w`, combinable: `3w`, `1w2d`, `36h`.
public struct TimeSpan: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The length in milliseconds.
    public var milliseconds: Int64

    /// Creates a duration from milliseconds.
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// A whole number of days.
    public static func days(_ count: Int64) -> TimeSpan { TimeSpan(milliseconds: count * 86_400_000) }

    /// Whether `lhs` is the shorter length of time.
    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.milliseconds < rhs.milliseconds }

    private static let units: [(UInt8, Int64)] = [
        (UInt8(ascii: "w"), 604_800_000), (UInt8(ascii: "d"), 86_400_000),
        (UInt8(ascii: "h"), 3_600_000), (UInt8(ascii: "m"), 60_000),
    ]

    /// Parses `3w`, `21d`, `1w2d`, `36h`, `90m`; nil for anything else (no unit, unknown unit, overflow).
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        var total: Int64 = 0
        var number: Int64? = nil
        for byte in bytes {
            if byte >= 48, byte <= 57 {
                let (times, overflow1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(Int64(byte - 48))
                guard !overflow1, !overflow2 else { return nil }
                number = sum
            } else if let unit = TimeSpan.units.first(where: { $0.0 == byte }), let value = number {
                let (scaled, overflow1) = value.multipliedReportingOverflow(by: unit.1)
                let (sum, overflow2) = total.addingReportingOverflow(scaled)
                guard !overflow1, !overflow2 else { return nil }
                total = sum
                number = nil
            } else {
                return nil
            }
        }
        guard number == nil else { return nil }
        milliseconds = total
    }

    /// Whether `text` is written as a duration (numbers, each with a unit) whatever its length:
    /// what a refusal of one `init` could not read checks, to say "too long" rather than "not a duration".
    public static func isWritten(_ text: String) -> Bool {
        var digits = 0
        for byte in text.utf8 {
            if byte >= 48, byte <= 57 {
                digits += 1
            } else if digits > 0, units.contains(where: { $0.0 == byte }) {
                digits = 0
            } else {
                return false
            }
        }
        return !text.isEmpty && digits == 0
    }

    /// What a refusal says of `text`, which `init` could not read: too long, or not a duration at all (then `hint`, what to write).
    public static func refusal(_ text: String, hint: String) -> String {
        isWritten(text)
            ? "\"\(text)\" is longer than any duration the ledger can hold (\(longestWritten) at most)"
            : "\"\(text)\" is not a duration\(hint)"
    }

    /// The longest duration that can be written, in whole minutes, the smallest unit: `15250284452w3d7h12m` (audit 92 F3: it said the weeks alone).
    static var longestWritten: String { TimeSpan(milliseconds: .max - .max % 60_000).description }

    /// The shortest form in the largest units: `26w`, `1w2d`, `36h` becomes `1d12h`; `0m` for zero.
    public var description: String {
        var rest = milliseconds
        var out = ""
        for (unit, size) in TimeSpan.units where rest >= size {
            out += "\(rest / size)" + String(UnicodeScalar(unit))
            rest %= size
        }
        if rest > 0 { out += "\(rest)ms" }
        return out.isEmpty ? "0m" : out
    }

    /// The duration in days, not rounded.
    public var days: Double { Double(milliseconds) / 86_400_000 }
}
