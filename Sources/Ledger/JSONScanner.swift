import Merkle

/// Why bytes are not the JSON expected: what is wrong, and where (a byte offset, from 1).
public struct JSONSyntaxError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, and where.
    public let description: String

    /// An error described by `description`.
    public init(description: String) { self.description = description }
}

/// The tokens of strict JSON (RFC 8259) read from bytes: white space, literals, numbers and strings.
///
/// The one reading of JSON's grammar that both parsers share: the event importer's
/// (`JSONLineParser`, which keeps a line's top-level members) and the proof reader's (which
/// builds whole documents). Strict where silence would lose data: control characters in a
/// string, unknown escapes and lone surrogates are errors, each naming the byte where reading
/// stopped (a lone surrogate, where its `\u` starts). The bytes must be valid UTF-8 (the parsers check that first).
public struct JSONScanner {
    /// The bytes read.
    public let bytes: UnsafeRawBufferPointer
    /// Where reading is: the offset of the next byte.
    public var index: Int

    /// A scanner of `bytes`, reading from `index`.
    public init(_ bytes: UnsafeRawBufferPointer, at index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    /// The byte at `index`, or nil at the end.
    public var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// An error saying `message` at the byte being read.
    public func fail(_ message: String) -> JSONSyntaxError { fail(message, at: index) }

    /// An error saying `message` at the byte at `offset` (named from 1, as every message names bytes).
    public func fail(_ message: String, at offset: Int) -> JSONSyntaxError {
        JSONSyntaxError(description: "\(message) at byte \(offset + 1)")
    }

    /// Skips JSON white space (space, tab, line feed, carriage return).
    public mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// Reads `word` (`true`, `false`, `null`).
    public mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("unexpected end") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw fail("unexpected character")
        }
        index += count
    }

    /// Reads a number, returned as its text (nothing is rounded).
    public mutating func number() throws(JSONSyntaxError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ parser: inout JSONScanner) -> Int {
            var count = 0
            while parser.index < parser.bytes.count, (48...57).contains(parser.bytes[parser.index]) {
                parser.index += 1
                count += 1
            }
            return count
        }
        guard index < bytes.count else { throw fail("bad number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits(&self) == 0 {
            throw fail("bad number")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw fail("bad number") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw fail("bad number") }
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    /// Reads a string literal (`index` at its opening quote), unescaped.
    public mutating func string() throws(JSONSyntaxError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw fail("control character in a string") }
            index += 1
        }
        var out = [UInt8](UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw fail("unterminated escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    let value = try hex4()
                    var low: UInt32?
                    if UnicodeEscape.isHighSurrogate(value), index + 1 < bytes.count,
                       bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        low = try hex4()
                    }
                    guard let unicode = UnicodeEscape.scalar(value, low: low) else {
                        // Named where its `\u` starts, as a control character is named at its own byte: reading
                        // has passed the escape, or the pair it was tried as, which named the byte after (audit 159).
                        throw fail("lone surrogate in a string", at: index - (low == nil ? 1 : 2) * UnicodeEscape.escapeLength)
                    }
                    out.append(contentsOf: UTF8.encode(unicode) ?? [])
                default:
                    throw fail("unknown escape")
                }
            default:
                if byte < 0x20 { throw fail("control character in a string") }
                out.append(byte)
                index += 1
            }
        }
        throw fail("unterminated string")
    }

    /// Reads the four hex digits of a `\\u` escape.
    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("bad \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Hex.value(ofDigit: bytes[index]) else { throw fail("bad \\u escape") }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}

extension UTF8 {
    /// The UTF-8 bytes of one scalar.
    static func encode(_ scalar: Unicode.Scalar) -> [UInt8]? {
        var out: [UInt8] = []
        UTF8.encode(scalar) { out.append($0) }
        return out
    }
}
