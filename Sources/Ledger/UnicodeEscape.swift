/// The scalar a JSON `\u` escape names, a surrogate pair joined (RFC 8259 §7), for the strict JSON parsers.
///
/// A parser reads the escape's four hex digits; when they are a high surrogate and another `\u`
/// follows, it reads that one too, and asks `scalar(_:low:)` for the scalar: nil for a lone
/// surrogate (a high one without its low one, or a low one alone), which both parsers refuse.
public enum UnicodeEscape {
    /// The bytes one escape takes: `\u` and four hex digits.
    public static let escapeLength = 6

    /// Whether `value` (a `\u` escape's) is a high surrogate, which a low one must follow.
    public static func isHighSurrogate(_ value: UInt32) -> Bool { (0xD800...0xDBFF).contains(value) }

    /// The scalar of the escape `value`, joined with the escape `low` that followed it; nil for a lone surrogate.
    public static func scalar(_ value: UInt32, low: UInt32?) -> Unicode.Scalar? {
        if isHighSurrogate(value) {
            guard let low, (0xDC00...0xDFFF).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00))
        }
        // Every other value but a low surrogate is a scalar.
        return Unicode.Scalar(value)
    }
}
