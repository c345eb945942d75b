import Ledger

/// A note for a recipient given as a bare profile name (`jane-doe`, `in/jane-doe`) that the
/// ledger knows only as a profile URL.
///
/// SPEC normalises profile URLs and only trims other ids, so `jane-doe` is another person than
/// `linkedin.com/in/jane-doe`: `check` would say "allowed" for a pair that is pending, and `send`
/// would record a second invitation to the same person. The answer stays SPEC's; the note goes
/// to standard error (audit 51).
enum RecipientHint {
    /// The note for `recipient` (normalised), or nil when it is a profile URL, has been invited, or names no invited profile.
    static func note(for recipient: String, in view: LedgerView) throws -> String? {
        guard let profile = profileMeant(by: recipient), try view.invitationsOfRecipient(recipient).isEmpty,
              try !view.invitationsOfRecipient(profile).isEmpty else { return nil }
        return "invites: note: recipient \(recipient) has never been invited, but \(profile) has: "
            + "if that is the same person, give the profile URL (--to \(profile))"
    }

    /// The profile URL a bare profile name stands for (`in/Jane-Doe` → `linkedin.com/in/jane-doe`), or nil for any other id.
    static func profileMeant(by recipient: String) -> String? {
        guard !recipient.hasPrefix("linkedin.com/in/") else { return nil }
        var name = Substring(recipient)
        if name.hasPrefix("/") { name = name.dropFirst() }
        if name.lowercased().hasPrefix("in/") { name = name.dropFirst(3) }
        // A profile name: letters, digits, `-`, `_`, `%`-escapes, and no `:` (a member URN is another kind of id).
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_%".unicodeScalars.contains($0) })
        else { return nil }
        return Identity.recipient("linkedin.com/in/" + name)
    }
}
