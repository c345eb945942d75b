import Ledger
import LinkedInExport

/// A note for a recipient given as a bare profile name (`jane-doe`, `in/jane-doe`) known only as a profile URL.
///
/// SPEC normalises profile URLs and only trims other ids, so `jane-doe` is another person than
/// `linkedin.com/in/jane-doe`: `check` would say "allowed" for a pair that is pending, and `send`
/// would record a second invitation to the same person. The answer stays SPEC's; the note goes
/// to standard error (audit 51).
enum RecipientHint {
    /// The note for `recipient` (normalised), or nil when it is a profile URL, has been invited, or names no invited profile.
    static func note(for recipient: String, in view: LedgerView) throws -> String? {
        if let key = nameKeyMeant(by: recipient) {
            guard try view.invitationsOfRecipient(recipient).isEmpty, try !view.invitationsOfRecipient(key).isEmpty else { return nil }
            return "invites: note: recipient \(recipient) has never been invited, but \(key) has: an older LinkedIn export's "
                + "name is recorded as its key (NFC, one space between words, case-folded), so give that (--to \(ShellWord.quoted(key)))"
        }
        guard let profile = profileMeant(by: recipient), try view.invitationsOfRecipient(recipient).isEmpty,
              try !view.invitationsOfRecipient(profile).isEmpty else { return nil }
        return "invites: note: recipient \(recipient) has never been invited, but \(profile) has: "
            + "if that is the same person, give the profile URL (--to \(profile))"
    }

    /// The key a LinkedIn import records a name as (`name:José  García` → `name:josé garcía`), when `recipient` is a name written otherwise; else nil.
    ///
    /// An older export names its invitees only by name, which the import records as `name:` and the
    /// name's key (`NameKey`); typed as LinkedIn shows it, the name is another recipient, which
    /// SPEC only trims (audit 109 F5: `check` said allowed for a connected person).
    static func nameKeyMeant(by recipient: String) -> String? {
        guard recipient.hasPrefix(LinkedInImport.namePrefix) else { return nil }
        let key = LinkedInImport.namePrefix + NameKey.of(String(recipient.dropFirst(LinkedInImport.namePrefix.count)))
        return key == recipient ? nil : key
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
