import Ledger
import LinkedInExport
import Merkle

/// Deterministic ids for what a LinkedIn export row becomes, so importing it again appends nothing.
///
/// An id is `li:` and the first 20 hex digits (80 bits) of SHA-256 over the parser's row
/// fingerprint (profile URLs normalised first), U+001F and the account:
///
/// ```text
/// invitation   li:3f9a…c2          (from the Invitations.csv row)
/// sent event   li:3f9a…c2:sent
/// accepted     li:8b04…1e:accepted (from the Connections.csv row)
/// ```
///
/// The fingerprint holds the row's content (direction, Sent At, the invitee's URL or name, the
/// message; a connection's URL or name and day), never its line, so a newer export that repeats
/// a row yields the same ids. Times are read in `--tz`, so re-import with the same zone.
///
/// An invitation row with profile URLs and an invitee's name takes the ids of the same row
/// without its URLs (`withoutURLs`), the form an export from before late 2023 gives it: so the
/// row is one invitation whichever of two exports of different eras is imported first (audit
/// 22: newer first recorded it twice). When that id is already an invitation to another profile
/// (two people of one name, invited the same minute with the same note), the row keeps the ids
/// of its URLs. Ledgers imported before this rule hold rows under their URL ids, which are still
/// looked up first, so re-importing their exports adds nothing.
enum LinkedInEventIDs {
    /// The invitation id of an exported invitation row, for `account`.
    static func invitation(_ row: ExportedInvitation, account: String) -> String {
        "li:" + digest(withNormalisedURLs(row).fingerprint, account)
    }

    /// The id of the `sent` event of an exported invitation row.
    static func sent(_ row: ExportedInvitation, account: String) -> String {
        invitation(row, account: account) + ":sent"
    }

    /// The id of the `accepted` event a Connections.csv row becomes.
    static func accepted(_ row: ExportedConnection, account: String) -> String {
        "li:" + digest(withNormalisedURL(row).fingerprint, account) + ":accepted"
    }

    /// The row with its profile URLs normalised (SPEC §2), so that two spellings of one profile give the same id.
    ///
    /// `https://www.linkedin.com/in/Jane-Doe/` in one export and `linkedin.com/in/jane-doe` in the next.
    ///
    /// Normalised as the first builds did (`Identity.recipientAsFirstNormalised`): an id is recorded
    /// for good, so a later change of how slugs fold must not give a row imported before a new one.
    private static func withNormalisedURLs(_ row: ExportedInvitation) -> ExportedInvitation {
        ExportedInvitation(
            line: row.line, from: row.from, to: row.to, sentAt: row.sentAt, message: row.message,
            direction: row.direction, inviterProfileURL: row.inviterProfileURL.map(Identity.recipientAsFirstNormalised),
            inviteeProfileURL: row.inviteeProfileURL.map(Identity.recipientAsFirstNormalised))
    }

    /// The connection row with its profile URL normalised as `withNormalisedURLs` does.
    private static func withNormalisedURL(_ row: ExportedConnection) -> ExportedConnection {
        ExportedConnection(
            line: row.line, firstName: row.firstName, lastName: row.lastName,
            profileURL: row.profileURL.map(Identity.recipientAsFirstNormalised), email: row.email, company: row.company,
            position: row.position, connectedOn: row.connectedOn, connectedAt: row.connectedAt)
    }

    /// The same invitation row as an export without profile URLs (before late 2023) wrote it.
    static func withoutURLs(_ row: ExportedInvitation) -> ExportedInvitation? {
        guard row.inviteeProfileURL != nil || row.inviterProfileURL != nil else { return nil }
        return ExportedInvitation(
            line: row.line, from: row.from, to: row.to, sentAt: row.sentAt, message: row.message,
            direction: row.direction, inviterProfileURL: nil, inviteeProfileURL: nil)
    }

    /// The same connection row as an export without the URL column wrote it.
    static func withoutURL(_ row: ExportedConnection) -> ExportedConnection? {
        guard row.profileURL != nil else { return nil }
        return ExportedConnection(
            line: row.line, firstName: row.firstName, lastName: row.lastName, profileURL: nil,
            email: row.email, company: row.company, position: row.position,
            connectedOn: row.connectedOn, connectedAt: row.connectedAt)
    }

    private static func digest(_ fingerprint: String, _ account: String) -> String {
        String(SHA256.hash(Array((fingerprint + "\u{1F}" + account).utf8)).hex.prefix(20))
    }
}
