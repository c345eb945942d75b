/// Turns one JSON Lines line into a `ProposedEvent`, or says why it is `invalid_event`.
public enum EventParser {
    /// Parses and validates one line against SPEC §2 (all but `note_limit`, which the ledger checks after the id: see `EventValidation.noteProblem`).
    public static func parse(line: UnsafeRawBufferPointer) -> Result<ProposedEvent, Rejection> {
        if let (fields, present) = EventLineScanner.fields(of: line) {
            return validate(fields, present: present, firstUnknown: nil, problem: nil)
        }
        let members: [(key: String, value: JSONScalar)]
        do {
            members = try JSONLineParser.members(of: line)
        } catch {
            return .failure(Rejection(.invalidEvent, "not a JSON object: \(error.description)"))
        }
        return parse(members: members)
    }

    /// Validates parsed members against SPEC §2.
    ///
    /// One pass over the members with no dictionary or set: this runs for every imported line.
    public static func parse(members: [(key: String, value: JSONScalar)]) -> Result<ProposedEvent, Rejection> {
        var fields = EventFields()
        var present: UInt16 = 0
        var firstUnknown: String?
        var problem: String?
        for (key, value) in members {
            guard let field = EventField(key: key) else {
                if !EventField.isIgnored(key), firstUnknown == nil { firstUnknown = key }
                continue
            }
            switch value {
            case .string(let string): fields[field] = string
            case .null: continue  // absent, on any kind: tools that write every column write null for the empty ones
            default: if problem == nil { problem = "\"\(key)\" must be a string" }
            }
            present |= field.bit
        }
        return validate(fields, present: present, firstUnknown: firstUnknown, problem: problem)
    }

    /// The checks of SPEC §2 on one line's fields, shared by the generic path and the fast scanner.
    private static func validate(_ fields: EventFields, present: UInt16, firstUnknown: String?,
                                 problem: String?) -> Result<ProposedEvent, Rejection> {
        func reject(_ message: String) -> Result<ProposedEvent, Rejection> {
            // The hint only names the event in messages: long values are cut so a refusal never echoes megabytes.
            var hint = ProposedEvent(kind: .sent, at: Timestamp(milliseconds: 0))
            hint.invitation = fields[.invitation].map(Identity.trim).map(abbreviated)
            hint.account = fields[.account].map(Identity.trim).map(abbreviated)
            hint.recipient = fields[.recipient].map(Identity.recipient).map(abbreviated)
            hint.id = fields[.id].map(abbreviated)
            return .failure(Rejection(.invalidEvent, "\(hint.subject): \(message)"))
        }
        guard let typeName = fields[.type] else { return reject(problem ?? "missing \"type\"") }
        guard let kind = EventKind(name: typeName) else { return reject("unknown type \"\(abbreviated(typeName))\"") }
        if let firstUnknown { return reject("unknown field \"\(abbreviated(firstUnknown))\"") }
        let foreign = present & ~EventField.allowed(on: kind)
        if foreign != 0, let field = EventField.allCases.first(where: { foreign & $0.bit != 0 }) {
            let article = kind.name.first.map { "aeiou".contains($0) } == true ? "an" : "a"
            return reject("\"\(field.key)\" does not belong on \(article) \(kind.name) event")
        }
        if let problem { return reject(problem) }
        guard let atText = fields[.at] else { return reject("missing \"at\"") }
        let at: Timestamp
        guard atText.utf8.count <= 64 else { return reject("bad timestamp: \"\(abbreviated(atText))\" is not an RFC 3339 timestamp") }
        do { at = try Timestamp.parse(atText) } catch { return reject("bad timestamp: \(error.description)") }
        var event = ProposedEvent(kind: kind, id: fields[.id], at: at, invitation: fields[.invitation],
                                  account: fields[.account], recipient: fields[.recipient], source: fields[.source],
                                  note: fields[.note], template: fields[.template], reason: fields[.reason], by: fields[.by])
        if let problem = EventValidation.normalise(&event) { return reject(problem) }
        return .success(event)
    }
}

/// The fields of the exchange format (SPEC §2), each a bit in a mask.
enum EventField: Int, CaseIterable {
    case type, id, at, invitation, account, recipient, source, note, template, reason, by

    var bit: UInt16 { 1 << UInt16(rawValue) }

    /// The field's key in JSON.
    var key: String {
        switch self {
        case .type: "type"
        case .id: "id"
        case .at: "at"
        case .invitation: "invitation"
        case .account: "account"
        case .recipient: "recipient"
        case .source: "source"
        case .note: "note"
        case .template: "template"
        case .reason: "reason"
        case .by: "by"
        }
    }

    /// The field named `key`, or nil for an unknown or ignored key.
    init?(key: String) {
        switch key {
        case "type": self = .type
        case "id": self = .id
        case "at": self = .at
        case "invitation": self = .invitation
        case "account": self = .account
        case "recipient": self = .recipient
        case "source": self = .source
        case "note": self = .note
        case "template": self = .template
        case "reason": self = .reason
        case "by": self = .by
        default: return nil
        }
    }

    /// Keys an export carries that import ignores.
    static func isIgnored(_ key: String) -> Bool {
        key == "position" || key == "recorded_at" || key == "hash"
    }

    private static let common: UInt16 = [EventField.type, .id, .at, .invitation, .account, .recipient].reduce(0) { $0 | $1.bit }

    /// The mask of fields an event of `kind` may carry.
    static func allowed(on kind: EventKind) -> UInt16 {
        switch kind {
        case .sent: common | EventField.source.bit | EventField.note.bit | EventField.template.bit
        case .withdrawn: common | EventField.reason.bit
        case .expired: common | EventField.by.bit
        case .reminded, .accepted: common
        }
    }
}

/// The text values of one line's fields, without a dictionary.
///
/// Stored properties rather than a tuple: a tuple of optionals is copied through generic
/// value witnesses, which cost ~10% of an import when this was a tuple.
struct EventFields {
    var type, id, at, invitation, account, recipient, source, note, template, reason, by: String?

    subscript(field: EventField) -> String? {
        get {
            switch field {
            case .type: type
            case .id: id
            case .at: at
            case .invitation: invitation
            case .account: account
            case .recipient: recipient
            case .source: source
            case .note: note
            case .template: template
            case .reason: reason
            case .by: by
            }
        }
        set {
            switch field {
            case .type: type = newValue
            case .id: id = newValue
            case .at: at = newValue
            case .invitation: invitation = newValue
            case .account: account = newValue
            case .recipient: recipient = newValue
            case .source: source = newValue
            case .note: note = newValue
            case .template: template = newValue
            case .reason: reason = newValue
            case .by: by = newValue
            }
        }
    }
}

/// `text`, or when it is over 128 bytes its first 64 scalars and its length: what a message may echo of the input.
func abbreviated(_ text: String) -> String {
    guard text.utf8.count > 128 else { return text }
    return String(text.unicodeScalars.prefix(64)) + "… (\(text.utf8.count) bytes)"
}

/// The static rules of SPEC §2 that need no ledger state.
public enum EventValidation {
    /// Why an identifier is not acceptable (too long, a control character), or nil.
    ///
    /// `limit` is `FieldLimits.identifierBytes` or, for a name that keys the indexes, `FieldLimits.nameBytes`.
    private static func identifierProblem(_ name: String, _ value: String?, limit: Int = FieldLimits.identifierBytes) -> String? {
        guard let value else { return nil }
        if value.utf8.count > limit {
            return "\"\(name)\" is longer than \(limit) bytes"
        }
        // U+0000–U+001F and U+007F are single bytes in UTF-8 and never occur inside a longer sequence.
        var copy = value
        if copy.withUTF8({ bytes in bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) }) {
            return "\"\(name)\" contains a control character"
        }
        return nil
    }

    /// Normalises identities and optional text in place; returns a problem, or nil when the event is valid.
    ///
    /// All of SPEC §2's checks of one event but `note_limit`: that one is the ledger's policy, so
    /// the ledger applies it after the duplicate check (`noteProblem`), and an event recorded
    /// before the limit was lowered is still a duplicate when a client retries it.
    public static func normalise(_ event: inout ProposedEvent) -> String? {
        func blankToNil(_ value: String?) -> String? {
            guard let value else { return nil }
            // Fast path: a value whose first byte is printable ASCII is not blank.
            if let first = value.utf8.first, first > 0x20, first < 0x7F { return value }
            return value.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) ? nil : value
        }
        event.source = blankToNil(event.source)
        event.note = blankToNil(event.note)
        event.template = blankToNil(event.template)
        event.reason = blankToNil(event.reason)
        event.by = blankToNil(event.by)
        if let id = event.id {
            guard !Identity.trim(id).isEmpty else { return "empty \"id\"" }
        }
        if let invitation = event.invitation {
            event.invitation = Identity.trim(invitation)
            guard event.invitation?.isEmpty == false else { return "empty \"invitation\"" }
        }
        if let account = event.account {
            event.account = Identity.trim(account)
            guard event.account?.isEmpty == false else { return "empty \"account\"" }
        }
        if let recipient = event.recipient {
            let (normalised, namesNobody) = Identity.read(recipient: recipient)
            guard !normalised.isEmpty else { return "empty \"recipient\"" }
            if namesNobody { return "\"recipient\" is a LinkedIn profile URL with no profile name after /in/" }
            event.recipient = normalised
        }
        if let problem = identifierProblem("id", event.id, limit: FieldLimits.eventIDBytes) ?? identifierProblem("invitation", event.invitation)
            ?? identifierProblem("account", event.account, limit: FieldLimits.nameBytes)
            ?? identifierProblem("recipient", event.recipient, limit: FieldLimits.nameBytes)
            ?? identifierProblem("source", event.source, limit: FieldLimits.nameBytes)
            ?? identifierProblem("template", event.template, limit: FieldLimits.nameBytes)
            ?? identifierProblem("by", event.by) {
            return problem
        }
        if let reason = event.reason, reason.unicodeScalars.count > FieldLimits.reasonScalars {
            return "reason is longer than \(FieldLimits.reasonScalars) characters"
        }
        switch event.kind {
        case .sent:
            guard event.account != nil else { return "missing \"account\"" }
            guard event.recipient != nil else { return "missing \"recipient\"" }
        default:
            if event.invitation == nil {
                guard event.account != nil else { return "missing \"invitation\" (or \"account\" and \"recipient\")" }
                guard event.recipient != nil else { return "missing \"recipient\" (or \"invitation\")" }
            }
        }
        if event.kind == .sent, event.source == nil { event.source = "unknown" }
        return nil
    }

    /// Why the note of a normalised event is longer than `noteLimit` (counted in Unicode scalars), or nil.
    public static func noteProblem(_ event: ProposedEvent, noteLimit: Int) -> String? {
        // A note of at most `noteLimit` bytes has at most that many scalars: counted only past it.
        guard let note = event.note, note.utf8.count > noteLimit else { return nil }
        let length = note.unicodeScalars.count
        return length > noteLimit ? "note is \(length) characters, longer than note_limit \(noteLimit)" : nil
    }
}

/// The import fast path: reads a line that holds only known fields with string or null values.
///
/// One pass over the bytes, keys matched without building strings, duplicates tracked in the
/// field mask. Anything unusual (an unknown or ignored key, a repeated key, a number,
/// malformed JSON or UTF-8) returns nil, and the caller takes the generic path, whose
/// messages are the ones users see.
enum EventLineScanner {
    static func fields(of line: UnsafeRawBufferPointer) -> (EventFields, UInt16)? {
        let count = line.count
        var index = 0
        @inline(__always) func skipSpace() {
            while index < count {
                let byte = line[index]
                guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
                index += 1
            }
        }
        skipSpace()
        guard index < count, line[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        var fields = EventFields()
        var seen: UInt16 = 0  // every key, for duplicates (left to the generic parser)
        var present: UInt16 = 0  // the keys with a value: null is absent
        while true {
            skipSpace()
            guard index < count, line[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            let keyStart = index
            while index < count, line[index] != UInt8(ascii: "\"") {
                let byte = line[index]
                guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { return nil }
                index += 1
            }
            guard index < count, let field = EventField(key: UnsafeRawBufferPointer(rebasing: line[keyStart..<index])),
                  seen & field.bit == 0 else { return nil }
            seen |= field.bit
            index += 1
            skipSpace()
            guard index < count, line[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            skipSpace()
            guard index < count else { return nil }
            if line[index] == UInt8(ascii: "\"") {
                let quote = index
                index += 1
                let start = index
                var ascii = true
                var escaped = false
                while index < count {
                    let byte = line[index]
                    if byte == UInt8(ascii: "\"") { break }
                    if byte == UInt8(ascii: "\\") { escaped = true; index += 2; continue }
                    if byte < 0x20 { return nil }
                    if byte >= 0x80 { ascii = false }
                    index += 1
                }
                guard index < count else { return nil }
                let raw = UnsafeRawBufferPointer(rebasing: line[start..<index])
                if !ascii, !UTF8Validation.isValid(raw) { return nil }
                if escaped {
                    guard let decoded = JSONLineParser.decodedString(in: line, quoteAt: quote) else { return nil }
                    fields[field] = decoded
                } else {
                    fields[field] = String(decoding: raw, as: UTF8.self)
                }
                present |= field.bit
                index += 1
            } else if index + 4 <= count, line[index] == UInt8(ascii: "n"), line[index + 1] == UInt8(ascii: "u"),
                      line[index + 2] == UInt8(ascii: "l"), line[index + 3] == UInt8(ascii: "l") {
                index += 4
            } else {
                return nil
            }
            skipSpace()
            guard index < count else { return nil }
            if line[index] == UInt8(ascii: ",") { index += 1; continue }
            guard line[index] == UInt8(ascii: "}") else { return nil }
            index += 1
            break
        }
        skipSpace()
        guard index == count else { return nil }
        return (fields, present)
    }
}

extension EventField {
    /// The field whose key is exactly these bytes, or nil.
    init?(key bytes: UnsafeRawBufferPointer) {
        @inline(__always) func equals(_ name: StaticString) -> Bool {
            guard bytes.count == name.utf8CodeUnitCount else { return false }
            let expected = name.utf8Start
            for offset in 0..<bytes.count where bytes[offset] != expected[offset] { return false }
            return true
        }
        guard let first = bytes.first else { return nil }
        switch first {
        case UInt8(ascii: "t"):
            if equals("type") { self = .type } else if equals("template") { self = .template } else { return nil }
        case UInt8(ascii: "i"):
            if equals("id") { self = .id } else if equals("invitation") { self = .invitation } else { return nil }
        case UInt8(ascii: "a"):
            if equals("at") { self = .at } else if equals("account") { self = .account } else { return nil }
        case UInt8(ascii: "r"):
            if equals("recipient") { self = .recipient } else if equals("reason") { self = .reason } else { return nil }
        case UInt8(ascii: "s"):
            guard equals("source") else { return nil }
            self = .source
        case UInt8(ascii: "n"):
            guard equals("note") else { return nil }
            self = .note
        case UInt8(ascii: "b"):
            guard equals("by") else { return nil }
            self = .by
        default:
            return nil
        }
    }
}
