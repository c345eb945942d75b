import Ledger

/// The note for a reminder, acceptance or withdraw recorded at or after its invitation ran out (sent_at + expire_after).
///
/// SPEC records such a follow-up: it is a fact as given, and the invitation was pending until an
/// expiry was recorded. But LinkedIn had most likely expired it by then (the seed article: it
/// keeps invitations "for up to six months"), so the date is worth a second look (audit 116 F7):
/// a late reminder moves the expiry `expire --due` records to the reminder's time, and its
/// cooldown with it; a late withdraw starts `cooldown_after_withdraw` at the withdraw, where the
/// expiry would have been dated when it ran out; a late acceptance counts in `metrics` as one
/// that took longer than LinkedIn keeps an invitation.
enum LateFollowUpNote {
    /// The note for the event recorded at `position`, or nil when it is none of those kinds or came in time.
    static func note(forEventAt position: UInt64, in view: LedgerView) throws -> String? {
        guard let event = try view.event(at: position), [.reminded, .accepted, .withdrawn].contains(event.kind),
              let sentPosition = try view.positions(ofInvitation: event.invitation)?.first,
              let sent = try view.event(at: sentPosition) else { return nil }
        let policy = try view.policy()
        guard policy.isOverdue(sentAt: sent.at, at: event.at) else { return nil }
        let ranOut = policy.expiresAt(sentAt: sent.at)
        let head = "invites: note: \(event.invitation) ran out at \(ranOut.rfc3339) (expire_after \(policy.expireAfterAsSet)): by this "
        switch event.kind {
        case .reminded:
            return head + "reminder, LinkedIn had most likely expired it; the expiry invites expire --due records is now "
                + "dated at this reminder, its cooldown with it"
        case .withdrawn:
            return head + "withdraw, LinkedIn had most likely expired it; cooldown_after_withdraw counts from this withdraw, "
                + "where invites expire --due would have dated the expiry when it ran out"
        default:
            return head + "acceptance, LinkedIn had most likely expired it; is the date right, or was the connection made another way?"
        }
    }
}
