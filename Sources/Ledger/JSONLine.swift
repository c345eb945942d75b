import Merkle

/// A JSON value as the event importer needs it: text, or the kind of anything else.
public enum JSONScalar: Equatable, Sendable {
    /// A string, unescaped.
    case string(String)
    /// A number, as its JSON text (not converted).
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`, which the importer reads as an absent field.
    case null
    /// An object or an array, whose content the importer never needs.
    case nested
}

/// Why a line is not a JSON object.
public struct JSONLineError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, and where (a byte offset in the line).
    public let description: String
}

/// Parses one line of JSON Lines into its top-level members, in order.
///
/// Strict where silence would lose data: invalid UTF-8, duplicate keys, lone surrogates,
/// trailing text and nesting deeper than `maxDepth` are errors.
public struct JSONLineParser {
    /// The deepest nesting accepted inside a member's value.
    public static let maxDepth = 64

    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Parses `line` (without its line terminator) as one JSON object.
    public static func members(of line: UnsafeRawBufferPointer) throws(JSONLineError) -> [(key: String, value: JSONScalar)] {
        guard UTF8Validation.isValid(line) else { throw JSONLineError(description: "the line is not valid UTF-8") }
        var parser = JSONLineParser(line)
        return try parser.object()
    }

    /// Parses `line` as one JSON object.
    public static func members(of line: String) throws(JSONLineError) -> [(key: String, value: JSONScalar)] {
        var copy = line
        var result: Result<[(key: String, value: JSONScalar)], JSONLineError> = .success([])
        copy.withUTF8 { buffer in
            do throws(JSONLineError) { result = .success(try members(of: UnsafeRawBufferPointer(buffer))) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    /// The string literal whose opening quote is at `quoteAt`, decoded; nil when it is malformed.
    static func decodedString(in bytes: UnsafeRawBufferPointer, quoteAt: Int) -> String? {
        var parser = JSONLineParser(bytes)
        parser.index = quoteAt
        do throws(JSONLineError) { return try parser.string() } catch { return nil }
    }

    private func fail(_ message: String) -> JSONLineError {
        JSONLineError(description: "\(message) at byte \(index + 1)")
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func object() throws(JSONLineError) -> [(key: String, value: JSONScalar)] {
        skipSpace()
        guard index < bytes.count else { throw JSONLineError(description: "the line is empty") }
        guard bytes[index] == UInt8(ascii: "{") else { throw fail("expected a JSON object") }
        index += 1
        var members: [(key: String, value: JSONScalar)] = []
        members.reserveCapacity(8)
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                let key = try string()
                if members.contains(where: { $0.key == key }) {
                    throw JSONLineError(description: "the key \"\(abbreviated(key))\" appears twice")
                }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                index += 1
                skipSpace()
                let value = try scalar()
                members.append((key, value))
                skipSpace()
                guard index < bytes.count else { throw fail("unterminated object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; break }
                throw fail("expected ',' or '}'")
            }
        }
        skipSpace()
        guard index == bytes.count else { throw fail("text after the object") }
        return members
    }

    private mutating func scalar() throws(JSONLineError) -> JSONScalar {
        guard index < bytes.count else { throw fail("expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipNested()
            return .nested
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw fail("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONLineError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("unexpected end") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw fail("unexpected character")
        }
        index += count
    }

    private mutating func number() throws(JSONLineError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ parser: inout JSONLineParser) -> Int {
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

    /// Skips an object or array without building it, iteratively, so depth cannot overflow the stack.
    private mutating func skipNested() throws(JSONLineError) {
        var depth = 0
        repeat {
            guard index < bytes.count else { throw fail("unterminated object or array") }
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                guard depth <= JSONLineParser.maxDepth else { throw fail("nesting deeper than \(JSONLineParser.maxDepth)") }
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                index += 1
            case UInt8(ascii: "\""):
                _ = try string()
            default:
                index += 1
            }
        } while depth > 0
    }

    private mutating func string() throws(JSONLineError) -> String {
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
                    guard let unicode = UnicodeEscape.scalar(value, low: low) else { throw fail("lone surrogate in a string") }
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

    private mutating func hex4() throws(JSONLineError) -> UInt32 {
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
