/// Turns one JSON Lines line into a `ProposedEvent`, or says why it is `invalid_event`.
public enum EventParser {
    /// Parses and validates one line against SPEC §2 (all but `note_limit`, which the ledger checks after the id: see `EventValidation.noteProblem`).
    ///
    /// `number` is the line's in the input (from 1; 0 when it is not known), which only a refusal's wording reads.
    public static func parse(line: UnsafeRawBufferPointer, number: Int = 0) -> Result<ProposedEvent, Rejection> {
        if let (fields, present) = EventLineScanner.fields(of: line) {
            return validate(fields, present: present, firstUnknown: nil, problem: nil)
        }
        let members: [(key: String, value: JSONScalar)]
        do {
            members = try JSONLineParser.members(of: line)
        } catch {
            return .failure(unparsed(line, number: number, error.description))
        }
        return parse(members: members)
    }

    /// The refusal of a `line` the JSON parser could not read, which said `problem`.
    ///
    /// A line that starts with a byte order mark is said to: the input's own is skipped, so one
    /// further on comes from a second file joined after the first (audit 137), and one on the
    /// first line (`number` 1) is a second mark after the input's own (audit 159).
    public static func unparsed(_ line: UnsafeRawBufferPointer, number: Int = 0, _ problem: String) -> Rejection {
        guard !line.starts(with: JSONLinesFile.byteOrderMark) else {
            if number == 1 {
                // Not "not a JSON object", which would have the import say the file is in another format.
                return Rejection(.invalidEvent, "\(notValidJSON): the input starts with a second byte order mark (EF BB BF) "
                    + "after its first: remove one (a file may start with one only)")
            }
            return Rejection(.invalidEvent, "\(notAnObject): the line starts with a byte order mark (EF BB BF), as a file "
                + "joined after another keeps its own: remove it (only the input's first line may carry one)")
        }
        return Rejection(.invalidEvent, "\(notParsed(problem)): \(problem)")
    }

    /// What a line that does not parse is: `not a JSON object` (a CSV row, an array's bracket, nothing), or `not valid JSON` (an object spelt wrong).
    ///
    /// An object with a key given twice or a raw control character in a string is an object,
    /// badly written; "not a JSON object" misled there (audit 125 F5).
    static func notParsed(_ problem: String) -> String {
        problem.hasPrefix("expected a JSON object") || problem == "the line is empty" ? notAnObject : notValidJSON
    }

    /// How a line holding another JSON value, or none, is refused: what `import` looks for in a file of another format.
    public static let notAnObject = "not a JSON object"
    /// How an object written wrong is refused.
    public static let notValidJSON = "not valid JSON"

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
        guard let kind = EventKind(name: typeName) else {
            return reject("unknown type \"\(abbreviated(typeName))\"" + (typeName.utf8.count <= 64 ? SpellingHint.type(typeName) : ""))
        }
        if let firstUnknown {
            return reject("unknown field \"\(abbreviated(firstUnknown))\"" + (firstUnknown.utf8.count <= 64 ? SpellingHint.field(firstUnknown, on: kind) : ""))
        }
        var foreign = present & ~EventField.allowed(on: kind)
        // An optional text field that is empty or white space counts as absent (SPEC §2), as null does: on any kind.
        if foreign != 0 {
            for field in [EventField.source, .note, .template, .reason, .by] where foreign & field.bit != 0 {
                if let value = fields[field], EventValidation.isBlank(value) { foreign &= ~field.bit }
            }
        }
        if foreign != 0, let field = EventField.allCases.first(where: { foreign & $0.bit != 0 }) {
            let article = kind.name.first.map { "aeiou".contains($0) } == true ? "an" : "a"
            return reject("\"\(field.key)\" does not belong on \(article) \(kind.name) event")
        }
        if let problem { return reject(problem) }
        guard let atText = fields[.at] else { return reject("missing \"at\"") }
        let at: Timestamp
        do { at = try Timestamp.parse(atText) } catch {
            // A long value is not echoed whole; RFC 3339 bounds no fraction's digits, so length alone refuses nothing (audit 157).
            guard atText.utf8.count <= 64 else { return reject("bad timestamp: \"\(abbreviated(atText))\" is not an RFC 3339 timestamp") }
            // A date alone, or a time in another layout: the layout SPEC takes, shown (audit 129).
            let example = error.description.hasSuffix("is not an RFC 3339 timestamp") ? " (such as 2026-01-05T09:30:00Z)" : ""
            return reject("bad timestamp: \(error.description)\(example)")
        }
        var event = ProposedEvent(kind: kind, id: fields[.id], at: at, invitation: fields[.invitation],
                                  account: fields[.account], recipient: fields[.recipient], source: fields[.source],
                                  note: fields[.note], template: fields[.template], reason: fields[.reason], by: fields[.by])
        if let problem = EventValidation.normalise(&event) { return reject(problem) }
        return .success(event)
    }
}

/// `text`, or when it is over 128 bytes its first 64 scalars and its length: what a message may echo of the input.
public func abbreviated(_ text: String) -> String {
    guard text.utf8.count > 128 else { return text }
    return String(text.unicodeScalars.prefix(64)) + "… (\(text.utf8.count) bytes)"
}
