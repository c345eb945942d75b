import Foundation

/// The known names a mistyped one most likely meant: the same in another case, or one or two edits away.
///
/// For the notes that name an account, a source or a policy key a user likely meant
/// (`AccountHint`, `SourceHint`, `policy --set`), and an event's type or field (`SpellingHint`).
public enum NearNames {
    /// The names of `known` closest to `name`: the same name in another case (distance 0) alone, else up to three at one or two edits.
    public static func closest(to name: String, among known: [String]) -> [String] {
        let close = known.compactMap { candidate in distance(candidate, name).map { (candidate, $0) } }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        return close.filter { $0.1 == close.first?.1 }.prefix(3).map(\.0)
    }

    /// How many edits apart `name` and `other` are, ignoring case (`editDistance`); nil past two.
    public static func distance(_ name: String, _ other: String) -> Int? {
        let a = name.lowercased(), b = other.lowercased()
        guard !a.isEmpty, !b.isEmpty, abs(a.count - b.count) <= 2 else { return nil }
        let edits = editDistance(a, b)
        return edits <= 2 ? edits : nil
    }

    /// The Levenshtein distance between two words, with a swap of two neighbouring letters counted as one edit.
    ///
    /// The one measure of "mistyped" for names (accounts, sources, policy keys) and the command line's words alike (audit 99 F4).
    public static func editDistance(_ left: String, _ right: String) -> Int {
        let a = Array(left), b = Array(right)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }

    /// `name`, and what no table shows of it when there is any: `acct (holding U+200B, which no table shows)`.
    ///
    /// A zero-width space or a direction mark pasted into a name makes another account or
    /// source that prints the same (audit 86 F2): the notes that name one say what is hidden in
    /// it. The zero-width joiner of emoji sequences is not counted. So do they of a name whose
    /// accents are written apart from their letters (Unicode NFD): `Zoë` so is another account
    /// than `Zoë` composed, and "did you mean Zoë?" to `Zoë` said nothing (audit 109 F7).
    public static func shown(_ name: String) -> String {
        var seen: Set<Unicode.Scalar> = []
        let hidden = name.unicodeScalars.filter { $0.properties.generalCategory == .format && $0 != "\u{200D}" && seen.insert($0).inserted }
        var unseen: [String] = []
        if !hidden.isEmpty {
            let codes = hidden.map { scalar -> String in
                let hex = String(scalar.value, radix: 16, uppercase: true)
                return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            }
            unseen.append("holding \(codes.joined(separator: ", ")), which no table shows")
        }
        if !name.utf8.elementsEqual(name.precomposedStringWithCanonicalMapping.utf8) {
            unseen.append("not in Unicode's composed form (NFC), e.g. accents written apart: another name than the same letters composed")
        }
        return unseen.isEmpty ? name : "\(name) (\(unseen.joined(separator: "; ")))"
    }
}
