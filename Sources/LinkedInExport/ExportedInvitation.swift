/// One row of LinkedIn's Invitations.csv, parsed.
public struct ExportedInvitation: Sendable, Equatable {
    /// Whether the invitation was sent by the account owner or received.
    public enum Direction: String, Sendable, Equatable {
        /// Sent by the account owner (`OUTGOING`).
        case outgoing = "OUTGOING"
        /// Received by the account owner (`INCOMING`).
        case incoming = "INCOMING"
    }

    /// The 1-based physical line where the row starts.
    public let line: Int
    /// The inviter's name as exported, trimmed.
    public let from: String
    /// The invitee's name as exported, trimmed.
    public let to: String
    /// When it was sent, in milliseconds since 1970-01-01T00:00:00Z (the export's wall-clock time read in the chosen zone, or at the offset it carries, as in `2026-01-29T14:37:00+01:00`).
    public let sentAt: Int64
    /// The invitation note, trimmed, line breaks normalised to LF; nil when empty.
    public let message: String?
    /// Outgoing or incoming.
    public let direction: Direction
    /// The inviter's profile URL (exports since late 2023), trimmed; nil when absent or empty.
    public let inviterProfileURL: String?
    /// The invitee's profile URL (exports since late 2023), trimmed; nil when absent or empty.
    public let inviteeProfileURL: String?
    /// Whether `Sent At` is a wall-clock time its zone skipped (clocks going forward), read later by the gap.
    public let sentAtSkipped: Bool
    /// Stable content fingerprint of the row, to be hashed into a deterministic event id.
    ///
    /// Fields joined by U+001F (unit separator), in this order:
    /// 1. `linkedin.invitation.v1`
    /// 2. the direction, `OUTGOING` or `INCOMING`
    /// 3. ``sentAt`` in decimal milliseconds (so it depends on the time zone the export was read in)
    /// 4. the counterparty: for outgoing rows the invitee, for incoming rows the inviter,
    ///    as `url:` + the profile URL when present, else `name:` + ``NameKey/of(_:)`` of the name
    /// 5. ``message`` (empty when nil)
    ///
    /// Line numbers, column order, line-ending style and the BOM do not enter it, so the same row
    /// in a newer export yields the same fingerprint. A row exported without URLs (older format)
    /// and the same row exported with URLs yield different fingerprints.
    public let fingerprint: String

    /// Creates an invitation; the fingerprint is computed from the content.
    public init(
        line: Int, from: String, to: String, sentAt: Int64, message: String?,
        direction: Direction, inviterProfileURL: String?, inviteeProfileURL: String?, sentAtSkipped: Bool = false
    ) {
        self.line = line
        self.sentAtSkipped = sentAtSkipped
        self.from = from
        self.to = to
        self.sentAt = sentAt
        self.message = message
        self.direction = direction
        self.inviterProfileURL = inviterProfileURL
        self.inviteeProfileURL = inviteeProfileURL
        let counterparty = direction == .outgoing
            ? Fingerprint.party(url: inviteeProfileURL, name: to)
            : Fingerprint.party(url: inviterProfileURL, name: from)
        self.fingerprint = Fingerprint.join([
            "linkedin.invitation.v1", direction.rawValue, String(sentAt), counterparty, message ?? "",
        ])
    }

    /// The normalised key of ``to`` (see ``NameKey/of(_:)``).
    public var toNameKey: String { NameKey.of(to) }
}
