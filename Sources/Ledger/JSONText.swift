import Merkle

/// Writes JSON text the way RFC 8785 (JCS) serialises it: no white space, minimal escapes.
public enum JSONText {
    /// Appends `text` as a JSON string literal: `"`, `\` and control characters escaped, all else literal.
    public static func appendString(_ text: String, to out: inout [UInt8]) {
        var copy = text
        copy.withUTF8 { appendString(utf8: UnsafeRawBufferPointer($0), to: &out) }
    }

    /// Appends UTF-8 `utf8` as a JSON string literal, escaped as `appendString(_:to:)` does.
    static func appendString(utf8 raw: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(0x22)
        appendEscaped(utf8: raw, to: &out)
        out.append(0x22)
    }

    /// Appends UTF-8 `utf8` escaped as inside a JSON string literal, without the quotes.
    static func appendEscaped(utf8 raw: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        do {
            let utf8 = raw.assumingMemoryBound(to: UInt8.self)
            var runStart = 0
            var index = -1
            while true {
                index += 1
                guard index < utf8.count else { break }
                let byte = utf8[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                out.append(0x5C)
                switch byte {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                default:
                    out.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, Hex.digit(byte >> 4), Hex.digit(byte)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
    }

    /// How many bytes `appendEscaped` writes for `text`: its UTF-8 with each escape's bytes counted.
    static func escapedCount(_ text: String) -> Int {
        text.utf8.reduce(0) { count, byte in
            switch byte {
            case 0x22, 0x5C, 0x08, 0x09, 0x0A, 0x0C, 0x0D: count + 2
            case ..<0x20: count + 6
            default: count + 1
            }
        }
    }

    /// `text` as a JSON string literal.
    public static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        appendString(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends an unsigned integer in decimal.
    public static func appendInteger(_ value: UInt64, to out: inout [UInt8]) {
        if value == 0 { out.append(0x30); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { raw in
            while rest > 0 {
                raw[count] = UInt8(48 + rest % 10)
                rest /= 10
                count += 1
            }
            for offset in stride(from: count - 1, through: 0, by: -1) { out.append(raw[offset]) }
        }
    }
}
