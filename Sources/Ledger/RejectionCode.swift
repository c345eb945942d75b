/// The codes with which the ledger refuses an event, in the order of SPEC §2's table (`BatchWriter` checks them in that order).
public enum RejectionCode: String, Sendable, CaseIterable {
    /// Not a valid event: not a JSON object, an unknown type, a missing or empty field, a bad timestamp, a note too long.
    case invalidEvent = "invalid_event"
    /// An `id` already recorded with different content.
    case idConflict = "id_conflict"
    /// A `sent` with an `invitation` id already used.
    case duplicateInvitation = "duplicate_invitation"
    /// A follow-up naming an invitation id never sent, or a pair never invited.
    case unknownInvitation = "unknown_invitation"
    /// A follow-up for an invitation already accepted, withdrawn or expired.
    case alreadyClosed = "already_closed"
    /// A `sent` while the pair has a pending invitation.
    case alreadyPending = "already_pending"
    /// A `sent` after the pair accepted an invitation.
    case alreadyConnected = "already_connected"
    /// An event earlier (`at`) than the latest event already recorded for its pair.
    case outOfOrder = "out_of_order"
}

/// An event the ledger refused: the code from SPEC §2 and a message naming the invitation or pair.
public struct Rejection: Error, Equatable, Sendable, CustomStringConvertible {
    /// Which lifecycle rule the event broke.
    public let code: RejectionCode
    /// What is wrong, naming the invitation or pair.
    public let message: String
    /// The note's length in Unicode scalars when the event was refused for a note longer than `note_limit`, else nil.
    ///
    /// Carried as data so that advice on raising `note_limit` need not read it back out of `message`.
    public let noteLength: Int?

    /// Creates a rejection.
    public init(_ code: RejectionCode, _ message: String, noteLength: Int? = nil) {
        self.code = code
        self.message = message
        self.noteLength = noteLength
    }

    /// `<code>: <message>`, as printed after `invites: ` or `line N: `.
    public var description: String { "\(code.rawValue): \(message)" }

    /// `unknown_invitation` for a follow-up naming an invitation id never sent.
    static func neverSent(invitation: String) -> Rejection {
        Rejection(.unknownInvitation, "invitation \(invitation) was never sent")
    }

    /// `unknown_invitation` for a follow-up naming a pair never invited.
    static func neverInvited(account: String, recipient: String) -> Rejection {
        Rejection(.unknownInvitation, "pair \(account) → \(recipient) was never invited")
    }
}
