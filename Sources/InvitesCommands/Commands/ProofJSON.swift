import Ledger
import Merkle

/// A parsed JSON value of a proof document, numbers kept as their text so nothing is rounded.
enum ProofJSON: Equatable {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([ProofJSON])
    case object([(key: String, value: ProofJSON)])

    static func == (lhs: ProofJSON, rhs: ProofJSON) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)), (.number(let a), .number(let b)): a.hasSameBytes(as: b)
        case (.bool(let a), .bool(let b)): a == b
        case (.null, .null): true
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key.hasSameBytes(as: $1.key) && $0.value == $1.value }
        default: false
        }
    }

    /// The member named `key` of an object, or nil.
    subscript(key: String) -> ProofJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key.hasSameBytes(as: key) }?.value
    }
}

/// Why a proof document is not JSON (with the byte where parsing stopped).
struct ProofJSONError: Error, CustomStringConvertible {
    let description: String
}

/// A strict JSON parser for proof documents: one value, valid UTF-8, no duplicate keys, no lone surrogates.
///
/// Proof documents are small and come from anyone, so this favours strictness and clear
/// messages over speed; nesting is capped so a hostile document cannot exhaust the stack.
struct ProofJSONParser {
    /// The deepest nesting accepted.
    static let maxDepth = 32

    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses `bytes` as exactly one JSON value (surrounding white space, and a leading UTF-8 byte order mark, allowed).
    static func parse(_ bytes: [UInt8]) throws(ProofJSONError) -> ProofJSON {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw ProofJSONError(description: "the document is not valid UTF-8")
        }
        var parser = ProofJSONParser(bytes)
        // A Windows editor saves one; the JSON Lines import skips it too (it used to be refused: "expected a value at byte 1").
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        parser.skipSpace()
        guard parser.index < bytes.count else { throw ProofJSONError(description: "the document is empty") }
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == bytes.count else { throw parser.fail("text after the JSON value") }
        return value
    }

    private func fail(_ message: String) -> ProofJSONError {
        ProofJSONError(description: "\(message) at byte \(index + 1)")
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(ProofJSONError) {
        guard current == byte else { throw fail("expected \(what)") }
        index += 1
    }

    private mutating func value(depth: Int) throws(ProofJSONError) -> ProofJSON {
        guard depth <= Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth)") }
        guard let byte = current else { throw fail("expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw fail("expected a value")
        }
    }

    private mutating func object(depth: Int) throws(ProofJSONError) -> ProofJSON {
        index += 1
        var members: [(key: String, value: ProofJSON)] = []
        skipSpace()
        if current == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipSpace()
            guard current == UInt8(ascii: "\"") else { throw fail("expected a key") }
            let key = try string()
            if members.contains(where: { $0.key.hasSameBytes(as: key) }) {  // JSON keys are code points, not canonical forms
                throw ProofJSONError(description: "the key \"\(key)\" appears twice")
            }
            skipSpace()
            try expect(UInt8(ascii: ":"), "':'")
            skipSpace()
            members.append((key, try value(depth: depth + 1)))
            skipSpace()
            if current == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "}"), "',' or '}'")
            return .object(members)
        }
    }

    private mutating func array(depth: Int) throws(ProofJSONError) -> ProofJSON {
        index += 1
        var items: [ProofJSON] = []
        skipSpace()
        if current == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value(depth: depth + 1))
            skipSpace()
            if current == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "]"), "',' or ']'")
            return .array(items)
        }
    }

    private mutating func literal(_ word: String) throws(ProofJSONError) {
        for byte in word.utf8 {
            guard current == byte else { throw fail("unexpected character") }
            index += 1
        }
    }

    private mutating func number() throws(ProofJSONError) -> String {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        if current == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            throw fail("bad number")
        }
        if current == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw fail("bad number") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw fail("bad number") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func digits() -> Int {
        var count = 0
        while let byte = current, (0x30...0x39).contains(byte) { index += 1; count += 1 }
        return count
    }

    private mutating func string() throws(ProofJSONError) -> String {
        index += 1
        var out: [UInt8] = []
        while let byte = current {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escape = current else { throw fail("unterminated escape") }
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): out.append(contentsOf: try unicodeEscape())
                default: throw fail("unknown escape")
                }
            default:
                guard byte >= 0x20 else { throw fail("control character in a string") }
                out.append(byte)
            }
        }
        throw fail("unterminated string")
    }

    /// The UTF-8 bytes of a `\u` escape (the `\u` already read), joining a surrogate pair.
    private mutating func unicodeEscape() throws(ProofJSONError) -> [UInt8] {
        let value = try hex4()
        var low: UInt32?
        if UnicodeEscape.isHighSurrogate(value), current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") {
            index += 2
            low = try hex4()
        }
        guard let unicode = UnicodeEscape.scalar(value, low: low) else { throw fail("lone surrogate in a string") }
        return Array(String(Character(unicode)).utf8)
    }

    private mutating func hex4() throws(ProofJSONError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Hex.value(ofDigit: byte) else { throw fail("bad \\u escape") }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
