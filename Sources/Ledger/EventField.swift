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
