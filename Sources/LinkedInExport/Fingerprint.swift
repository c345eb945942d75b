/// Builds the fingerprint strings of exported rows.
enum Fingerprint {
    /// The separator between fingerprint parts: U+001F, a control character not expected in names, URLs or dates.
    static let separator = "\u{1F}"

    /// Joins the parts of a fingerprint.
    static func join(_ parts: [String]) -> String {
        parts.joined(separator: separator)
    }

    /// Identifies a person by profile URL when known, else by normalised name.
    static func party(url: String?, name: String) -> String {
        if let url { return "url:" + url }
        return "name:" + NameKey.of(name)
    }
}
