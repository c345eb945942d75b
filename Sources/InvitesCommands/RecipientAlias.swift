import Ledger

/// Another recipient the same person is recorded under, kept beside the log (`client/recipient-alias:…`).
///
/// An export from before late 2023 has no profile URLs, so its invitations are recorded to
/// `name:` recipients; a newer export names the same invitation with its profile URL, and a
/// recorded recipient cannot change. The LinkedIn import that links the two keeps the link, and
/// `check` and `send` judge a profile URL never invited by the name's invitations: a connection
/// recorded by name was otherwise "allowed" again by its URL (audit 81 F1).
enum RecipientAlias {
    /// The client value naming what `recipient` is also recorded under.
    private static func key(_ recipient: String) -> String { "recipient-alias:" + recipient }

    /// The recipient `recipient` (normalised) is also recorded under, or nil.
    static func of(_ recipient: String, in view: LedgerView) throws -> String? {
        try view.clientValue(named: key(recipient))
    }

    /// Keeps, in the batch, that `recipient` is also recorded under `other`.
    static func record(_ recipient: String, as other: String, in writer: BatchWriter) throws {
        try writer.setClientValue(other, named: key(recipient))
    }

    /// The note for a verdict on `recipient` judged by its alias's invitations, or nil when the pair was invited under `recipient`.
    static func note(account: String, recipient: String, alias: String?, in view: LedgerView) throws -> String? {
        guard let alias, try view.invitationsOfPair(account: account, recipient: recipient).isEmpty,
              try !view.invitationsOfPair(account: account, recipient: alias).isEmpty else { return nil }
        return "invites: note: \(recipient) is recorded as \(alias) (an export without profile URLs named its invitations so), "
            + "and is judged by that pair's invitations"
    }
}
