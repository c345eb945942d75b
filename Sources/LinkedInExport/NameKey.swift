import Foundation

/// Normalises person names into keys for matching exports that carry no profile URLs.
public enum NameKey {
    /// Returns the key of a name: Unicode NFC, trimmed, inner whitespace collapsed to one space, case-folded.
    ///
    /// Any Unicode whitespace counts (including no-break spaces and line breaks inside quoted names).
    public static func of(_ name: String) -> String {
        let words = name.precomposedStringWithCanonicalMapping
            .split(whereSeparator: { $0.isWhitespace })
        return words.joined(separator: " ")
            .folding(options: [.caseInsensitive], locale: nil)
            .precomposedStringWithCanonicalMapping
    }

    /// Returns the key of a first and last name taken together.
    public static func of(firstName: String, lastName: String) -> String {
        of(firstName + " " + lastName)
    }
}
