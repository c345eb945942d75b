/// The known names a mistyped one most likely meant: the same in another case, or one or two edits away.
///
/// For the notes that name an account, a source or a policy key a user likely meant
/// (`AccountHint`, `SourceHint`, `policy --set`).
enum NearNames {
    /// The names of `known` closest to `name`: the same name in another case (distance 0) alone, else up to three at one or two edits.
    static func closest(to name: String, among known: [String]) -> [String] {
        let close = known.compactMap { candidate in distance(candidate, name).map { (candidate, $0) } }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        return close.filter { $0.1 == close.first?.1 }.prefix(3).map(\.0)
    }

    /// How many edits (insertions, deletions, substitutions) apart `name` and `other` are, ignoring case; nil past two.
    static func distance(_ name: String, _ other: String) -> Int? {
        let a = Array(name.lowercased().unicodeScalars), b = Array(other.lowercased().unicodeScalars)
        guard !a.isEmpty, !b.isEmpty, abs(a.count - b.count) <= 2 else { return nil }
        // Levenshtein distance, row by row.
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count] <= 2 ? previous[b.count] : nil
    }
}
