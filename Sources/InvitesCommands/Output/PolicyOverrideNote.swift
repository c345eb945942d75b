import Ledger
import Projections

/// The note of a `send --force` recorded over the policy (audit 116 F10): each reason it overrode, with its detail.
///
/// Without it, a forced send said nothing of what it overrode, and the first sign of a cooldown or
/// a weekly cap broken by a script was LinkedIn's own restriction. Each reason is named as
/// `check` names it (`cooldown until …`, `weekly_cap until …`), with the latest invitation or
/// the cap it is about; a send over a cooldown and a full week names both.
enum PolicyOverrideNote {
    /// The note's line, or nil when nothing was overridden.
    static func line(_ refusals: [CheckResult], policy: Policy, at: Timestamp) -> String? {
        guard !refusals.isEmpty else { return nil }
        let said = refusals.map { result -> String in
            var text = result.reason.rawValue + (result.until.map { " until \($0.rfc3339)" } ?? "")
            // A cap of 0: the account need hold or have sent none to be refused (audit 156).
            if let cap = ZeroCapAdvice.cap(refusing: result, under: policy) { return text + " (\(ZeroCapAdvice.cause(cap)))" }
            switch result.reason {
            case .cooldown, .connected, .pending:
                if let invitation = result.invitation { text += " (latest invitation \(invitation))" }
            case .pendingCap:
                text += " (\(result.account) holds pending_cap (\(policy.pendingCap)) or more pending invitations)"
            case .weeklyCap:
                text += " (\(result.account) sent weekly_cap (\(policy.weeklyCap)) or more invitations in the 7 days up to \(at.rfc3339))"
            case .ok:
                break
            }
            return text
        }
        return Table.oneLine("invites: note: recorded over the policy: " + said.joined(separator: "; "))
    }
}
