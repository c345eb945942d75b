import Ledger

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
/// messages over speed; nesting is capped so a hostile document cannot exhaust the stack. Its
/// tokens are read by the importer's `JSONScanner`, so both read JSON's grammar alike.
struct ProofJSONParser {
    /// The deepest nesting accepted.
    static let maxDepth = 32

    private var scanner: JSONScanner

    private init(_ scanner: JSONScanner) { self.scanner = scanner }

    /// Parses `bytes` as exactly one JSON value (surrounding white space, and a leading UTF-8 byte order mark, allowed).
    static func parse(_ bytes: [UInt8]) throws(ProofJSONError) -> ProofJSON {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw ProofJSONError(description: "the document is not valid UTF-8")
        }
        var result: Result<ProofJSON, JSONSyntaxError> = .failure(JSONSyntaxError(description: "the document is empty"))
        bytes.withUnsafeBytes { raw in
            // A Windows editor saves a byte order mark; the JSON Lines import skips it too.
            var parser = ProofJSONParser(JSONScanner(raw, at: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0))
            do throws(JSONSyntaxError) { result = .success(try parser.document()) } catch { result = .failure(error) }
        }
        switch result {
        case .success(let document): return document
        case .failure(let error): throw ProofJSONError(description: error.description)
        }
    }

    /// The one value the bytes hold, with nothing but white space around it.
    private mutating func document() throws(JSONSyntaxError) -> ProofJSON {
        scanner.skipSpace()
        guard scanner.current != nil else { throw JSONSyntaxError(description: "the document is empty") }
        let value = try value(depth: 0)
        scanner.skipSpace()
        guard scanner.current == nil else { throw scanner.fail("text after the JSON value") }
        return value
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        guard scanner.current == byte else { throw scanner.fail("expected \(what)") }
        scanner.index += 1
    }

    private mutating func value(depth: Int) throws(JSONSyntaxError) -> ProofJSON {
        guard depth <= Self.maxDepth else { throw scanner.fail("nesting deeper than \(Self.maxDepth)") }
        guard let byte = scanner.current else { throw scanner.fail("expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try scanner.string())
        case UInt8(ascii: "t"): try scanner.literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try scanner.literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try scanner.literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try scanner.number())
        default: throw scanner.fail("expected a value")
        }
    }

    private mutating func object(depth: Int) throws(JSONSyntaxError) -> ProofJSON {
        scanner.index += 1
        var members: [(key: String, value: ProofJSON)] = []
        // Keys by their bytes (JSON keys are code points, not canonical forms); a set, so that a
        // hostile object of 100,000 keys is not 5 billion comparisons.
        var keys = Set<[UInt8]>()
        scanner.skipSpace()
        if scanner.current == UInt8(ascii: "}") { scanner.index += 1; return .object(members) }
        while true {
            scanner.skipSpace()
            guard scanner.current == UInt8(ascii: "\"") else { throw scanner.fail("expected a key") }
            let key = try scanner.string()
            if !keys.insert(Array(key.utf8)).inserted {
                throw JSONSyntaxError(description: "the key \"\(key)\" appears twice")
            }
            scanner.skipSpace()
            try expect(UInt8(ascii: ":"), "':'")
            scanner.skipSpace()
            members.append((key, try value(depth: depth + 1)))
            scanner.skipSpace()
            if scanner.current == UInt8(ascii: ",") { scanner.index += 1; continue }
            try expect(UInt8(ascii: "}"), "',' or '}'")
            return .object(members)
        }
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) -> ProofJSON {
        scanner.index += 1
        var items: [ProofJSON] = []
        scanner.skipSpace()
        if scanner.current == UInt8(ascii: "]") { scanner.index += 1; return .array(items) }
        while true {
            scanner.skipSpace()
            items.append(try value(depth: depth + 1))
            scanner.skipSpace()
            if scanner.current == UInt8(ascii: ",") { scanner.index += 1; continue }
            try expect(UInt8(ascii: "]"), "',' or ']'")
            return .array(items)
        }
    }
}
