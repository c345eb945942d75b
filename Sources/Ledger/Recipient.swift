/// Normalisation of the identities in an event: recipients and accounts.
public enum Identity {
    /// Normalises a recipient: a LinkedIn profile URL in any form becomes `linkedin.com/in/<slug>`
    /// (slug lower-cased; no scheme, `www.`, trailing slash, query or fragment); anything else is trimmed.
    ///
    /// ```swift
    /// Identity.recipient("https://www.linkedin.com/in/Jane-Doe/?trk=x") // "linkedin.com/in/jane-doe"
    /// Identity.recipient(" urn:li:person:42 ")                         // "urn:li:person:42"
    /// ```
    public static func recipient(_ raw: String) -> String {
        let trimmed = trim(raw)
        var rest = Substring(trimmed)
        let lowered = trimmed.lowercased()
        var lowerRest = Substring(lowered)
        for scheme in ["https://", "http://"] where lowerRest.hasPrefix(scheme) {
            rest = rest.dropFirst(scheme.count)
            lowerRest = lowerRest.dropFirst(scheme.count)
        }
        for prefix in ["www.", "m.", "mobile."] where lowerRest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            lowerRest = lowerRest.dropFirst(prefix.count)
            break
        }
        guard lowerRest.hasPrefix("linkedin.com/in/") else { return trimmed }
        var slug = lowerRest.dropFirst("linkedin.com/in/".count)
        if let cut = slug.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
            slug = slug[..<cut]
        }
        guard !slug.isEmpty else { return trimmed }
        return "linkedin.com/in/" + slug
    }

    /// Trims white space (Unicode's, including no-break spaces) from both ends.
    public static func trim(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              first.properties.isWhitespace || last.properties.isWhitespace else { return text }
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[start...end])
    }
}
