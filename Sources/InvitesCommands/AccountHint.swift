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
        let guess = likely.isEmpty ? "" : "; did you mean \(likely.map(NearNames.shown).joined(separator: ", "))?"
        return "invites: note: account \(NearNames.shown(account)) has no invitation recorded yet (a new account?)\(guess)"
    }

    /// The known accounts `account` most likely meant (maybe none), or nil when the ledger knows it or no account at all.
    ///
    /// The closest first: the same name in another case (distance 0) alone, else up to three at one or two edits.
    static func likelyMeant(_ account: String, in view: LedgerView) throws -> [String]? {
        guard try view.accountID(account) == nil else { return nil }
        let known = try view.accounts().map(\.name)
        guard !known.isEmpty else { return nil }
        return NearNames.closest(to: account, among: known)
    }
}
