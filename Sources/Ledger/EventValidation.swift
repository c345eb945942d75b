/// The static rules of SPEC §2 that need no ledger state.
public enum EventValidation {
    /// `event` normalised (`normalise`), or the `invalid_event` rejection that names it and what is wrong.
    public static func normalised(_ event: ProposedEvent) -> Result<ProposedEvent, Rejection> {
        var normalised = event
        if let problem = normalise(&normalised) {
            return .failure(Rejection(.invalidEvent, "\(normalised.subject): \(problem)"))
        }
        return .success(normalised)
    }

    /// Why a label (`source`, `template`, `by`) is not acceptable (too long), or nil.
    ///
    /// Labels are free text, like `note` and `reason`: any character may be in them. `limit` is
    /// `FieldLimits.identifierBytes` or, for a name that keys the projections, `FieldLimits.nameBytes`.
    private static func labelProblem(_ name: String, _ value: String?, limit: Int = FieldLimits.identifierBytes) -> String? {
        guard let value, value.utf8.count > limit else { return nil }
        // Said in both units: SPEC counts lengths in characters, the limit is LMDB's (a name keys the indexes).
        return "\"\(name)\" is longer than \(limit) bytes of UTF-8 (\(value.utf8.count) bytes in \(value.unicodeScalars.count) characters)"
    }

    /// Why an identifier (`id`, `invitation`, `account`, `recipient`) is not acceptable (too long, a control character), or nil.
    ///
    /// An identifier names something, and keys the indexes (a recipient's key ends at a NUL, and
    /// one that starts with 0x01 is a profile's, `PairState.withKey`): no control character is in one.
    /// `limit` is `FieldLimits.identifierBytes` or, for a name that keys the indexes, `FieldLimits.nameBytes`.
    private static func identifierProblem(_ name: String, _ value: String?, limit: Int = FieldLimits.identifierBytes) -> String? {
        guard let value else { return nil }
        if let problem = labelProblem(name, value, limit: limit) { return problem }
        // U+0000–U+001F and U+007F are single bytes in UTF-8 and never occur inside a longer sequence; the C1 controls
        // U+0080–U+009F are 0xC2 then 0x80–0x9F, and 0xC2 only ever leads (audit 94 F2: a table showed `a\u{85}b` as `a b`).
        var copy = value
        if copy.withUTF8({ bytes in
            bytes.indices.contains { bytes[$0] < 0x20 || bytes[$0] == 0x7F || (bytes[$0] == 0xC2 && $0 + 1 < bytes.count && bytes[$0 + 1] < 0xA0) }
        }) {
            return "\"\(name)\" contains a control character"
        }
        return nil
    }

    /// Why an account or (normalised) recipient could not be in an event, as `normalise` would say it, or nil.
    ///
    /// For a question about a pair (`check`): a pair no event can name gets no verdict, as
    /// `send` of it would be refused (audit 82 F1).
    public static func pairProblem(account: String, recipient: String) -> String? {
        identifierProblem("account", account, limit: FieldLimits.nameBytes)
            ?? identifierProblem("recipient", recipient, limit: FieldLimits.nameBytes)
    }

    /// Whether an optional text value is empty or only white space, which SPEC §2 counts as absent.
    @inline(__always)
    static func isBlank(_ value: String) -> Bool {
        // Fast path: a value whose first byte is printable ASCII is not blank.
        if let first = value.utf8.first, first > 0x20, first < 0x7F { return false }
        return value.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    /// Normalises identities and optional text in place; returns a problem, or nil when the event is valid.
    ///
    /// All of SPEC §2's checks of one event but `note_limit`: that one is the ledger's policy, so
    /// the ledger applies it after the duplicate check (`noteProblem`), and an event recorded
    /// before the limit was lowered is still a duplicate when a client retries it.
    public static func normalise(_ event: inout ProposedEvent) -> String? {
        func blankToNil(_ value: String?) -> String? {
            guard let value else { return nil }
            return isBlank(value) ? nil : value
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
            ?? labelProblem("source", event.source, limit: FieldLimits.nameBytes)
            ?? labelProblem("template", event.template, limit: FieldLimits.nameBytes)
            ?? labelProblem("by", event.by) {
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

    /// Why the note of a normalised event is longer than `noteLimit` (counted in Unicode scalars) or than any event may hold, or nil.
    public static func noteProblem(_ event: ProposedEvent, noteLimit: Int) -> String? {
        noteCheck(event, noteLimit: noteLimit)?.message
    }

    /// `noteProblem`'s message, with the note's length in Unicode scalars when it is longer than `noteLimit` (nil when only too long for any event).
    static func noteCheck(_ event: ProposedEvent, noteLimit: Int) -> (message: String, lengthOverLimit: Int?)? {
        guard let note = event.note else { return nil }
        // A note of at most `noteLimit` bytes has at most that many scalars: counted only past it.
        if note.utf8.count > noteLimit, case let length = note.unicodeScalars.count, length > noteLimit {
            // SPEC counts Unicode scalars: said when they are more than the letters shown (an accent written apart, an emoji sequence; audit 109 F11).
            let shown = note.count == length ? "" : " (counted in Unicode scalars; \(note.count) as shown: an accent written apart, "
                + "a \\r\\n line break or an emoji sequence is shown as one and counts more)"
            return ("note is \(length) character\(length == 1 ? "" : "s")\(shown), longer than note_limit \(noteLimit)", length)
        }
        // Escaped, a byte takes at most six: a note of fewer bytes than a sixth of the bound is within it.
        guard note.utf8.count > FieldLimits.noteJSONBytes / 6, case let bytes = JSONText.escapedCount(note),
              bytes > FieldLimits.noteJSONBytes else { return nil }
        return ("note is \(bytes) bytes as JSON, more than the \(FieldLimits.noteJSONBytes) any event may hold, "
            + "whatever note_limit allows, so that its line of export fits the \(FieldLimits.lineBytes) bytes import reads", nil)
    }
}
