/// A tiny cursor over the Unicode scalars of one cell, for the date parsers.
struct ScalarScanner {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    var isAtEnd: Bool { position >= scalars.count }

    /// Skips any Unicode whitespace (spaces, no-break spaces, U+202F, tabs) and says whether any was skipped.
    @discardableResult
    mutating func skipWhitespace() -> Bool {
        let start = position
        while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
        return position > start
    }

    /// Consumes the scalar if it is next.
    mutating func take(_ scalar: Unicode.Scalar) -> Bool {
        guard position < scalars.count, scalars[position] == scalar else { return false }
        position += 1
        return true
    }

    /// Consumes 1 to 4 ASCII digits and returns their value and count.
    mutating func number() -> (value: Int, digits: Int)? {
        var value = 0
        var digits = 0
        while position < scalars.count, digits < 4, let d = Self.digit(scalars[position]) {
            value = value * 10 + d
            digits += 1
            position += 1
        }
        if position < scalars.count, Self.digit(scalars[position]) != nil { return nil }
        return digits == 0 ? nil : (value, digits)
    }

    /// Consumes a run of ASCII digits, the fraction after a decimal point, and returns it in thousandths (`25` → 250; past 3 digits, truncated).
    mutating func fraction() -> Int? {
        var thousandths = 0
        var digits = 0
        while position < scalars.count, let d = Self.digit(scalars[position]) {
            if digits < 3 { thousandths = thousandths * 10 + d }
            digits += 1
            position += 1
        }
        guard digits > 0 else { return nil }
        for _ in digits..<max(digits, 3) { thousandths *= 10 }
        return thousandths
    }

    /// Consumes a run of ASCII letters and dots, returned lowercased.
    mutating func word() -> String? {
        var out = ""
        while position < scalars.count, scalars[position].isASCII,
              scalars[position].properties.isAlphabetic || scalars[position] == "." {
            out.unicodeScalars.append(scalars[position])
            position += 1
        }
        return out.isEmpty ? nil : out.lowercased()
    }

    private static func digit(_ s: Unicode.Scalar) -> Int? {
        guard s >= "0", s <= "9" else { return nil }
        return Int(s.value - 48)
    }
}
