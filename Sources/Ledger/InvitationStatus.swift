/// Where an invitation stands.
public enum InvitationStatus: UInt8, Sendable {
    case pending = 0, accepted = 1, withdrawn = 2, expired = 3

    /// The status a closing event leaves behind.
    init(closedBy kind: EventKind) {
        switch kind {
        case .accepted: self = .accepted
        case .withdrawn: self = .withdrawn
        case .expired: self = .expired
        case .sent, .reminded: self = .pending
        }
    }

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
