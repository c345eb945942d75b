import Ledger

/// What a follow-up does to an invitation as the read side keeps it: a reminder counts, a close sets its status.
///
/// The one statement of that rule (`sent` starts an invitation and is no follow-up). The
/// pending list's facts, a rebuild's folded invitations and the metrics' facts each say only
/// which of their fields a reminder and a close change.
protocol FollowUpFolding {
    /// Counts a reminder sent at `at`.
    mutating func noteReminder(at: Timestamp)
    /// Closes the invitation with `status` (accepted, withdrawn or expired) at `at`.
    mutating func close(as status: InvitationStatus, at: Timestamp)
}

extension FollowUpFolding {
    /// Folds a follow-up of `kind` at `at` into the invitation.
    @inline(__always)
    mutating func apply(followUp kind: EventKind, at: Timestamp) {
        if kind == .reminded {
            noteReminder(at: at)
        } else if let closing = kind.closingStatus {
            close(as: closing, at: at)
        }
    }
}
