import Ledger

/// A note for an account the ledger has never seen, naming the known ones it most likely meant.
///
/// `send` and `check` take any account (a new sender seat is a new name), so a typo would be
/// "allowed" and recorded as an account of its own, with its own caps. The answer
/// stays what SPEC says; the note goes to standard error.
enum AccountHint {
    /// The note for `account`, or nil when the ledger knows it (or knows no account at all).
    static func note(for account: String, in view: LedgerView) throws -> String? {
        guard let likely = try likelyMeant(account, in: view) else { return nil }
        let guess = likely.isEmpty ? "" : "; did you mean \(likely.joined(separator: ", "))?"
        return "invites: note: account \(account) has no invitation recorded yet (a new account?)\(guess)"
    }

    /// The known accounts `account` most likely meant (maybe none), or nil when the ledger knows it or no account at all.
    ///
    /// The closest first: the same name in another case (distance 0) alone, else up to three at one or two edits.
    static func likelyMeant(_ account: String, in view: LedgerView) throws -> [String]? {
        guard try view.accountID(account) == nil else { return nil }
        let known = try view.accounts().map(\.name)
        guard !known.isEmpty else { return nil }
        return closest(to: account, among: known)
    }

    /// The note for a `--source` the ledger has never seen, naming the known ones it most likely meant, or nil when it knows it.
    ///
    /// SPEC keeps a source as written, so `Referral` is another group than `referral`: the empty
    /// list it gives is SPEC's, and this says why (audit 51).
    static func note(forSource source: String, in view: LedgerView) throws -> String? {
        guard try view.sourceID(source) == nil else { return nil }
        let close = closest(to: source, among: try view.sources().map(\.name))
        let guess = close.isEmpty ? "" : "; did you mean \(close.joined(separator: ", "))?"
        return "invites: note: no invitation was sent from source \(source) (sources match as written)\(guess)"
    }

    /// The names of `known` closest to `name`: the same name in another case (distance 0) alone, else up to three at one or two edits.
    static func closest(to name: String, among known: [String]) -> [String] {
        let close = known.compactMap { candidate in distance(candidate, name).map { (candidate, $0) } }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        return close.filter { $0.1 == close.first?.1 }.prefix(3).map(\.0)
    }

    /// How many edits (insertions, deletions, substitutions) apart `name` and `account` are, ignoring case; nil past two.
    static func distance(_ name: String, _ account: String) -> Int? {
        let a = Array(name.lowercased().unicodeScalars), b = Array(account.lowercased().unicodeScalars)
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
