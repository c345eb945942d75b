/// Turns one JSON Lines line into a `ProposedEvent`, or says why it is `invalid_event`.
public enum EventParser {
    private static let ignored: Set<String> = ["position", "recorded_at", "hash"]

    /// Parses and validates one line against SPEC §2; `noteLimit` is the policy's `note_limit`.
    public static func parse(line: UnsafeRawBufferPointer, noteLimit: Int) -> Result<ProposedEvent, Rejection> {
        let members: [(key: String, value: JSONScalar)]
        do {
            members = try JSONLineParser.members(of: line)
        } catch {
            return .failure(Rejection(.invalidEvent, "not a JSON object: \(error.description)"))
        }
        return parse(members: members, noteLimit: noteLimit)
    }

    /// Validates parsed members against SPEC §2.
    public static func parse(members: [(key: String, value: JSONScalar)], noteLimit: Int) -> Result<ProposedEvent, Rejection> {
        var text: [String: String] = [:]
        var subjectHint = ProposedEvent(kind: .sent, at: Timestamp(milliseconds: 0))
        var typeName: String?
        var problems: [String] = []
        for (key, value) in members where !ignored.contains(key) {
            switch value {
            case .string(let string):
                text[key] = string
                if key == "type" { typeName = string }
            case .null:
                continue
            default:
                problems.append("\"\(abbreviated(key))\" must be a string")
            }
        }
        // The hint only names the event in messages: long values are cut so a refusal never echoes megabytes.
        subjectHint.invitation = text["invitation"].map(Identity.trim).map(abbreviated)
        subjectHint.account = text["account"].map(Identity.trim).map(abbreviated)
        subjectHint.recipient = text["recipient"].map(Identity.recipient).map(abbreviated)
        subjectHint.id = text["id"].map(abbreviated)
        func reject(_ message: String) -> Result<ProposedEvent, Rejection> {
            .failure(Rejection(.invalidEvent, "\(subjectHint.subject): \(message)"))
        }
        guard let typeName else { return reject(problems.first ?? "missing \"type\"") }
        guard let kind = EventKind(name: typeName) else { return reject("unknown type \"\(abbreviated(typeName))\"") }
        let allowed = EventValidation.fields(of: kind)
        if let unknown = members.first(where: { !allowed.contains($0.key) && !ignored.contains($0.key) }) {
            let belongsElsewhere = EventKind.allCases.contains { EventValidation.fields(of: $0).contains(unknown.key) }
            return reject(belongsElsewhere ? "\"\(unknown.key)\" does not belong on a \(kind.name) event"
                                           : "unknown field \"\(abbreviated(unknown.key))\"")
        }
        if let problem = problems.first { return reject(problem) }
        guard let atText = text["at"] else { return reject("missing \"at\"") }
        let at: Timestamp
        guard atText.utf8.count <= 64 else { return reject("bad timestamp: \"\(abbreviated(atText))\" is not an RFC 3339 timestamp") }
        do { at = try Timestamp.parse(atText) } catch { return reject("bad timestamp: \(error.description)") }
        var event = ProposedEvent(kind: kind, id: text["id"], at: at, invitation: text["invitation"],
                                  account: text["account"], recipient: text["recipient"], source: text["source"],
                                  note: text["note"], template: text["template"], reason: text["reason"], by: text["by"])
        if let problem = EventValidation.normalise(&event, noteLimit: noteLimit) { return reject(problem) }
        return .success(event)
    }
}

/// `text`, or its first 64 characters and its length when longer: what a message may echo of the input.
func abbreviated(_ text: String) -> String {
    guard text.utf8.count > 128 else { return text }
    return String(text.unicodeScalars.prefix(64)) + "… (\(text.utf8.count) bytes)"
}

/// The static rules of SPEC §2 that need no ledger state.
public enum EventValidation {
    private static let common: Set<String> = ["type", "id", "at", "invitation", "account", "recipient"]

    /// The fields an event of `kind` may carry.
    public static func fields(of kind: EventKind) -> Set<String> {
        switch kind {
        case .sent: common.union(["source", "note", "template"])
        case .withdrawn: common.union(["reason"])
        case .expired: common.union(["by"])
        case .reminded, .accepted: common
        }
    }

    /// Normalises identities and optional text in place; returns a problem, or nil when the event is valid.
    public static func normalise(_ event: inout ProposedEvent, noteLimit: Int) -> String? {
        func blankToNil(_ value: String?) -> String? {
            guard let value, !value.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) else { return nil }
            return value
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
            event.recipient = Identity.recipient(recipient)
            guard event.recipient?.isEmpty == false else { return "empty \"recipient\"" }
        }
        for (name, value) in [("id", event.id), ("invitation", event.invitation), ("account", event.account),
                              ("recipient", event.recipient), ("source", event.source), ("template", event.template),
                              ("by", event.by)] {
            guard let value else { continue }
            if value.utf8.count > FieldLimits.identifierBytes {
                return "\"\(name)\" is longer than \(FieldLimits.identifierBytes) bytes"
            }
            if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                return "\"\(name)\" contains a control character"
            }
        }
        if let note = event.note {
            let length = note.unicodeScalars.count
            if length > noteLimit { return "note is \(length) characters, longer than note_limit \(noteLimit)" }
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
}
