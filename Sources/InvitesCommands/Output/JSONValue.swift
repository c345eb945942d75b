import Ledger

/// A JSON document for output, with object members kept in the order the SPEC lists them.
enum JSONValue {
    case string(String)
    case integer(Int64)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// Already-serialised JSON (an exported event line), inserted as is.
    case raw(String)

    /// A string, or null.
    static func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }
    /// A timestamp in the SPEC's form, or null.
    static func time(_ time: Timestamp?) -> JSONValue { time.map { .string($0.rfc3339) } ?? .null }
    /// A number, or null.
    static func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
    /// A position (or a count of events), or null: any `UInt64`.
    ///
    /// A user may give one past `Int64`'s range (`verify --expect HASH@9223372036854775808`),
    /// which `.integer` would trap on (audit 49).
    static func position(_ value: UInt64?) -> JSONValue { value.map { .raw(String($0)) } ?? .null }

    /// The document as compact JSON text.
    var text: String {
        var out: [UInt8] = []
        write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func write(into out: inout [UInt8]) {
        switch self {
        case .string(let text): JSONText.appendString(text, to: &out)
        case .integer(let value): out.append(contentsOf: String(value).utf8)
        case .number(let value):
            out.append(contentsOf: (value.isFinite ? DecimalText.plain(value) : "null").utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .raw(let text): out.append(contentsOf: text.utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
