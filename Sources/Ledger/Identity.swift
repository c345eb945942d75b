/// Normalisation of the identities in an event: recipients and accounts.
public enum Identity {
    /// Normalises a recipient: a LinkedIn profile URL becomes `linkedin.com/in/<slug>`, anything else is trimmed.
    ///
    /// A profile URL in any form: the slug lower-cased; no scheme, `www.` or other subdomain such
    /// as a country's `de.`, port, trailing slash, query or fragment; percent-escapes in the slug
    /// decoded; quotes, brackets and punctuation pasted around it dropped (`ProfileURL`).
    ///
    /// ```swift
    /// Identity.recipient("https://www.linkedin.com/in/Jane-Doe/?trk=x")  // "linkedin.com/in/jane-doe"
    /// Identity.recipient("https://de.linkedin.com/in/j%C3%B6rg-m%C3%BCller") // "linkedin.com/in/jörg-müller"
    /// Identity.recipient("\"https://www.linkedin.com/in/jane-doe\",")     // "linkedin.com/in/jane-doe"
    /// Identity.recipient(" urn:li:person:42 ")                          // "urn:li:person:42"
    /// ```
    public static func recipient(_ raw: String) -> String {
        read(recipient: raw).recipient
    }

    /// A recipient normalised as builds before 2026-12-02 did: a non-ASCII slug only lower-cased, not folded (`ProfileURL.folded`).
    ///
    /// For what must not change once recorded: the ids of a LinkedIn export's rows hash their
    /// profile URLs so, and an export imported again must find its rows under the same ids
    /// (review 110 R1: a slug ending in ς got a new id, and the row was recorded twice).
    public static func recipientAsFirstNormalised(_ raw: String) -> String {
        let trimmed = trim(raw)
        var text = trimmed
        if case .profile(let slug) = text.withUTF8({ ProfileURL.read($0, asFirstBuilds: true) }) { return "linkedin.com/in/" + slug }
        return trimmed
    }

    /// Whether a recipient (normalised or not) is a LinkedIn profile URL with no profile name (`https://www.linkedin.com/in/`), which names nobody.
    public static func isProfileURLWithoutName(_ recipient: String) -> Bool {
        read(recipient: recipient).namesNobody
    }

    /// The normalised recipient (`recipient(_:)`), and whether it is a profile URL naming nobody, from one reading of `raw`.
    static func read(recipient raw: String) -> (recipient: String, namesNobody: Bool) {
        let trimmed = trim(raw)
        var text = trimmed
        switch text.withUTF8(ProfileURL.read) {
        case .profile(let slug): return ("linkedin.com/in/" + slug, false)
        case .unnamedProfile: return (trimmed, true)
        case .other: break
        }
        // A profile URL pasted between quotes or brackets (`"https://…/in/jane-doe/"`, `<…>`) is that URL, not another id (audit 129).
        guard var inner = openingDropped(trimmed) else { return (trimmed, false) }
        switch inner.withUTF8(ProfileURL.read) {
        case .profile(let slug): return ("linkedin.com/in/" + slug, false)
        case .unnamedProfile: return (trimmed, true)
        case .other: return (trimmed, false)
        }
    }

    /// `text` without the quotes, brackets and white space it opens with (`"`, `'`, `` ` ``, `<`, `(`, `[`, `{`, `“`, `„`, `‘`, `‚`, `«`, `‹`, `「`, `『`, `（`), or nil when it opens with none.
    ///
    /// What closes them is the profile URL's to drop (`ProfileURL`): after its path, or as punctuation after its profile name.
    private static func openingDropped(_ text: String) -> String? {
        // The ASCII openers, and the lead bytes of the others (U+201x, U+00AB, U+300x, U+FF08).
        guard let first = text.utf8.first, "\"'`<([{".utf8.contains(first) || [0xE2, 0xC2, 0xE3, 0xEF].contains(first) else { return nil }
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !ProfileURL.isPastedOpening($0) && !$0.properties.isWhitespace }),
              start != scalars.startIndex else { return nil }
        return String(scalars[start...])
    }

    /// Trims white space (Unicode's, including no-break spaces) from both ends.
    public static func trim(_ text: String) -> String {
        // Fast path: printable ASCII at both ends is never white space (no scalar properties needed).
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return text
        }
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              first.properties.isWhitespace || last.properties.isWhitespace else { return text }
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[start...end])
    }
}
