/// Where an invitation stands.
public enum InvitationStatus: UInt8, Sendable {
    /// Sent, and not yet accepted, withdrawn or expired.
    case pending = 0
    /// Accepted by the recipient: the pair is connected.
    case accepted = 1
    /// Withdrawn by the sender.
    case withdrawn = 2
    /// Expired unanswered (recorded by a client or by `expire --due`).
    case expired = 3

    /// The name used in output (`pending`, `accepted`, `withdrawn`, `expired`).
    public var name: String {
        switch self {
        case .pending: "pending"
        case .accepted: "accepted"
        case .withdrawn: "withdrawn"
        case .expired: "expired"
        }
    }
}
