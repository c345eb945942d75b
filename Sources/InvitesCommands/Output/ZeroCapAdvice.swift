import Ledger
import Projections

/// What a refusal by a cap set to 0 says (audit 156): the policy allows no send at all, which no withdraw or wait changes.
///
/// A `pending_cap` of 0 refuses an account with nothing pending, and a `weekly_cap` of 0 one
/// that sent nothing, for ever (`until` is null): the advice for a cap reached (withdraw the
/// stalest, wait for the week to move on) cannot help, and "holds pending_cap (0) or more"
/// describes an account that holds none. Only raising the cap, or `--force`, records a send.
enum ZeroCapAdvice {
    /// The key of the cap that refused `result` when `policy` sets it to 0; nil for another reason or a cap above 0.
    static func cap(refusing result: CheckResult, under policy: Policy) -> String? {
        switch result.reason {
        case .pendingCap where policy.pendingCap == 0: "pending_cap"
        case .weeklyCap where policy.weeklyCap == 0: "weekly_cap"
        default: nil
        }
    }

    /// The cause, as a note names it: `weekly_cap is 0: the policy allows no send at all`.
    static func cause(_ cap: String) -> String { "\(cap) is 0: the policy allows no send at all" }

    /// The cause and what ends it, the command carrying `dbArgument` (` --db PATH` as given).
    static func advice(_ cap: String, dbArgument: String) -> String {
        // Each cap's own way it cannot lift: no withdraw makes room under 0, no week ends with fewer than 0 sends.
        let whatever = cap == "pending_cap" ? "however few are pending" : "in any week"
        return "\(cause(cap)), \(whatever), until it is raised (invites policy\(dbArgument) --set \(cap)=N)"
    }
}
