/// A number as plain decimal text, never in exponent form: `0.0000000115`, not `1.15e-08`.
///
/// Swift's shortest form of a `Double` switches to an exponent below 0.0001 and from 2^53 up;
/// an age of a few seconds in days (`age_days` just after a `send`) was printed
/// `4.513888888888889e-07`, which JSON allows but many CRMs and spreadsheets read from CSV as
/// text (audit 134). The digits are the shortest form's, so the value reads back exactly.
enum DecimalText {
    /// `value` in plain decimal with at least one digit after the point (`5.0`, `0.25`); `-0` is `0.0`.
    static func plain(_ value: Double) -> String {
        let shortest = value == 0 ? "0.0" : "\(value)"
        guard let e = shortest.firstIndex(where: { $0 == "e" || $0 == "E" }), let exponent = Int(shortest[shortest.index(after: e)...]) else {
            return shortest
        }
        let mantissa = shortest[..<e]
        let negative = mantissa.hasPrefix("-")
        let unsigned = negative ? mantissa.dropFirst() : mantissa
        // The mantissa's digits, and where its point falls among them once the exponent moves it.
        let point = unsigned.firstIndex(of: ".").map { unsigned.distance(from: unsigned.startIndex, to: $0) } ?? unsigned.count
        var digits = unsigned.filter { $0 != "." }
        let shifted = point + exponent
        var text: String
        if shifted <= 0 {
            text = "0." + String(repeating: "0", count: -shifted) + digits
        } else if shifted >= digits.count {
            digits += String(repeating: "0", count: shifted - digits.count)
            text = digits + ".0"
        } else {
            let split = digits.index(digits.startIndex, offsetBy: shifted)
            text = digits[..<split] + "." + digits[split...]
        }
        while text.hasSuffix("0"), !text.hasSuffix(".0") { text.removeLast() }
        return (negative ? "-" : "") + text
    }
}
