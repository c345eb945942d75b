import Ledger

/// The answer of `check` (SPEC §3): may this pair be invited now, and if not, why and until when.
public struct CheckResult: Equatable, Sendable {
    /// Why, in SPEC order: the first that applies.
    public enum Reason: String, Sendable, CaseIterable {
        case ok, connected, pending, cooldown
        case pendingCap = "pending_cap"
        case weeklyCap = "weekly_cap"
    }

    public var account: String
    public var recipient: String
    public var reason: Reason
    /// When a cooldown or the weekly cap ends.
    public var until: Timestamp?
    /// The pair's latest invitation whatever its state; nil when never invited.
    public var invitation: String?

    public var allowed: Bool { reason == .ok }
}

/// The policy's advice for one pair: connected, pending, cooldown, pending cap, weekly cap, in that order.
public enum PolicyCheck {
    /// The seven days of the weekly cap's rolling window.
    static let week = Duration.days(7)

    /// Checks whether `account` may invite `recipient` (both already normalised) at `now`.
    public static func evaluate(model: any ReadModel, view: LedgerView, policy: Policy, account: String,
                                recipient: String, now: Timestamp) throws -> CheckResult {
        var result = CheckResult(account: account, recipient: recipient, reason: .ok, until: nil, invitation: nil)
        let accountID = try view.accountID(account)
        if let accountID, let pair = try model.pair(accountID: accountID, recipient: recipient) {
            result.invitation = pair.invitation
            switch PairStanding(pair, policy: policy, now: now) {
            case .connected:
                result.reason = .connected
                return result
            case .pending:
                result.reason = .pending
                return result
            case .cooldown(_, _, let until):
                result.reason = .cooldown
                result.until = until
                return result
            case .free:
                break
            }
        }
        let pending = try accountID.map { try model.pendingCount(accountID: $0) } ?? 0
        if pending >= policy.pendingCap {
            result.reason = .pendingCap
            return result
        }
        let sends = try accountID.map { try model.sends(accountID: $0, after: now - week, upTo: now) } ?? []
        if sends.count >= policy.weeklyCap {
            result.reason = .weeklyCap
            // The count falls below the cap once the (count − cap + 1) oldest sends leave the window.
            let index = sends.count - policy.weeklyCap
            result.until = index < sends.count ? sends[index] + week : nil
        }
        return result
    }
}
