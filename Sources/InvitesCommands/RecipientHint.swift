import Ledger
import LinkedInExport
import Merkle

/// A note for a recipient given as a bare profile name (`jane-doe`, `in/jane-doe`) known only as a profile URL.
///
/// SPEC normalises profile URLs and only trims other ids, so `jane-doe` is another person than
/// `linkedin.com/in/jane-doe`: `check` would say "allowed" for a pair that is pending, and `send`
/// would record a second invitation to the same person. The answer stays SPEC's; the note goes
/// to standard error (audit 51).
enum RecipientHint {
    /// The note for `recipient` (normalised), or nil when it is a clean profile URL, has been invited, or names no invited profile.
    static func note(for recipient: String, in view: LedgerView) throws -> String? {
        if let key = nameKeyMeant(by: recipient) {
            guard try view.invitationsOfRecipient(recipient).isEmpty, try !view.invitationsOfRecipient(key).isEmpty else { return nil }
            return "invites: note: recipient \(recipient) has never been invited, but \(key) has: an older LinkedIn export's "
                + "name is recorded as its key (NFC, one space between words, case-folded), so give that (--to \(ShellWord.quoted(key)))"
        }
        // Said while the recipient itself is new: one recorded so on purpose is not questioned at every check (review 130).
        if let (profile, stray) = strayTail(of: recipient), try view.invitationsOfRecipient(recipient).isEmpty {
            let known = try !view.invitationsOfRecipient(profile).isEmpty
            return "invites: note: recipient \(recipient) has \(stray) after its profile name, which no LinkedIn profile name holds: "
                + (known ? "\(profile) has been invited; if" : "if") + " \(profile) is meant, give that (--to \(ShellWord.quoted(profile)))"
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

    /// The profile URL meant by one whose profile name runs on into what no profile name holds, and what follows the name; else nil.
    ///
    /// Normalising drops what is most often pasted around a profile URL (quotes, brackets,
    /// punctuation after the name, a query begun with `&` or escaped: `Identity.recipient`);
    /// whatever else follows the name (`jane-doe…`, `jane-doe*`, `jane-doe~`) still makes
    /// another recipient (SPEC ends a name at `/`, `?` or `#`, and normalising at those few more:
    /// README), and the note names the person most likely meant (audit 125 F1). A profile name holds letters, digits, `-` and
    /// `_`, and `%`-escapes of non-ASCII letters; the stray part is quoted (in `'…'` when it
    /// holds a `"`), so that a lone mark shows.
    static func strayTail(of recipient: String) -> (profile: String, stray: String)? {
        let prefix = "linkedin.com/in/"
        guard recipient.hasPrefix(prefix) else { return nil }
        let name = Array(recipient.unicodeScalars.dropFirst(prefix.unicodeScalars.count))
        var index = 0
        while index < name.count {
            if isNameScalar(name[index]) {
                index += 1
            } else if name[index] == "%", index + 2 < name.count, let byte = escapedByte(name[index + 1], name[index + 2]),
                      byte >= 0x80 || isNameScalar(Unicode.Scalar(byte)) {
                index += 3  // an escaped byte of a non-ASCII letter (`j%c3%b6rg`), or of a letter
            } else {
                break
            }
        }
        // A mark between letters is most likely the name's own (`o'brien`, `jane.doe`, `ジョン・スミス`): only a tail of marks alone is stray (audit 133).
        guard index > 0, index < name.count, !name[index...].contains(where: isNameScalar) else { return nil }
        var profile = prefix.unicodeScalars
        profile.append(contentsOf: name[..<index])
        let stray = String(String.UnicodeScalarView(name[index...]))
        return (String(profile), stray.contains("\"") ? "'" + stray + "'" : "\"" + stray + "\"")
    }

    /// Whether a character may stand in a profile name: a letter (of any script, with its marks), a digit, `-` or `_`.
    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber: return true
        default: return false
        }
    }

    /// The byte two hex digits of a `%`-escape stand for, or nil.
    private static func escapedByte(_ high: Unicode.Scalar, _ low: Unicode.Scalar) -> UInt8? {
        guard high.isASCII, low.isASCII, let upper = Hex.value(ofDigit: UInt8(high.value)), let lower = Hex.value(ofDigit: UInt8(low.value)) else {
            return nil
        }
        return upper << 4 | lower
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
