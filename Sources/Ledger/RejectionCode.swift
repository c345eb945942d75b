/// The codes with which the ledger refuses an event, in the order SPEC §2 ranks them.
public enum RejectionCode: String, Sendable, CaseIterable, Comparable {
    case invalidEvent = "invalid_event"
    case idConflict = "id_conflict"
    case duplicateInvitation = "duplicate_invitation"
    case unknownInvitation = "unknown_invitation"
    case alreadyClosed = "already_closed"
    case alreadyPending = "already_pending"
    case alreadyConnected = "already_connected"
    case outOfOrder = "out_of_order"

    public static func < (lhs: RejectionCode, rhs: RejectionCode) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// An event the ledger refused: the code from SPEC §2 and a message naming the invitation or pair.
public struct Rejection: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: RejectionCode
    public let message: String

    /// Creates a rejection.
    public init(_ code: RejectionCode, _ message: String) {
        self.code = code
        self.message = message
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
