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

/// Parses one line of JSON Lines into its top-level members, in order.
///
/// Strict where silence would lose data: invalid UTF-8, duplicate keys, lone surrogates,
/// trailing text and nesting deeper than `maxDepth` are errors.
public struct JSONLineParser {
    /// The deepest nesting accepted inside a member's value.
    public static let maxDepth = 64

    /// The most members whose keys a repeated key is looked for among one by one; past them, in a set.
    static let keysSearchedInOrder = 16

    /// The tokens of the line (`JSONScanner`, shared with the proof reader).
    private var scanner: JSONScanner
    private var bytes: UnsafeRawBufferPointer { scanner.bytes }
    private var index: Int {
        get { scanner.index }
        set { scanner.index = newValue }
    }

    private init(_ bytes: UnsafeRawBufferPointer) { scanner = JSONScanner(bytes) }

    /// Parses `line` (without its line terminator) as one JSON object.
    public static func members(of line: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> [(key: String, value: JSONScalar)] {
        guard UTF8Validation.isValid(line) else {
            // Where, found only now: the check above is on every line's path (audit 159).
            let place = UTF8Validation.firstInvalidOffset(in: line).map { " at byte \($0 + 1)" } ?? ""
            throw JSONSyntaxError(description: "the line is not valid UTF-8\(place)")
        }
        var parser = JSONLineParser(line)
        return try parser.object()
    }

    /// Parses `line` as one JSON object.
    public static func members(of line: String) throws(JSONSyntaxError) -> [(key: String, value: JSONScalar)] {
        var copy = line
        var result: Result<[(key: String, value: JSONScalar)], JSONSyntaxError> = .success([])
        copy.withUTF8 { buffer in
            do throws(JSONSyntaxError) { result = .success(try members(of: UnsafeRawBufferPointer(buffer))) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    /// The string literal whose opening quote is at `quoteAt`, decoded; nil when it is malformed.
    static func decodedString(in bytes: UnsafeRawBufferPointer, quoteAt: Int) -> String? {
        var scanner = JSONScanner(bytes, at: quoteAt)
        do throws(JSONSyntaxError) { return try scanner.string() } catch { return nil }
    }

    private func fail(_ message: String) -> JSONSyntaxError { scanner.fail(message) }

    private mutating func skipSpace() { scanner.skipSpace() }

    private mutating func string() throws(JSONSyntaxError) -> String { try scanner.string() }

    private mutating func object() throws(JSONSyntaxError) -> [(key: String, value: JSONScalar)] {
        skipSpace()
        guard index < bytes.count else { throw JSONSyntaxError(description: "the line is empty") }
        guard bytes[index] == UInt8(ascii: "{") else { throw fail("expected a JSON object") }
        index += 1
        var members: [(key: String, value: JSONScalar)] = []
        members.reserveCapacity(8)
        var keys: Set<String> = []  // the members' keys, once there are `keysSearchedInOrder` of them
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                let key = try string()
                // A short list is searched; a long one's keys go in a set, so that a line of 130,000 keys
                // is refused in linear time, not 24 s (audit 159).
                let repeated: Bool
                if members.count < Self.keysSearchedInOrder {
                    repeated = members.contains { $0.key == key }
                } else {
                    if keys.isEmpty { keys = Set(members.map(\.key)) }
                    repeated = !keys.insert(key).inserted
                }
                if repeated { throw JSONSyntaxError(description: "the key \"\(abbreviated(key))\" appears twice") }
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
        guard index == bytes.count else { throw textAfterTheObject() }
        return members
    }

    /// The refusal of text after the object, `index` at its first byte past white space.
    ///
    /// A carriage return among that white space is most likely a line break of old Mac files,
    /// which SPEC §2 does not take (a line ends at `\n` or `\r\n`): said so, with the fix (audit 159).
    private func textAfterTheObject() -> JSONSyntaxError {
        let error = fail("text after the object")
        var before = index
        while before > 0, bytes[before - 1] != UInt8(ascii: "}") { before -= 1 }
        guard bytes[before..<index].contains(0x0D) else { return error }
        return JSONSyntaxError(description: error.description + ": a carriage return alone does not end a line "
            + "(old Mac line endings): convert them first, e.g. with `tr '\\r' '\\n'`")
    }

    private mutating func scalar() throws(JSONSyntaxError) -> JSONScalar {
        guard index < bytes.count else { throw fail("expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            try skipNested()
            return .nested
        case UInt8(ascii: "t"): try scanner.literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try scanner.literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try scanner.literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try scanner.number())
        default: throw fail("unexpected character")
        }
    }

    /// Skips an object or array without building it, iteratively, so depth cannot overflow the stack.
    private mutating func skipNested() throws(JSONSyntaxError) {
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
}
