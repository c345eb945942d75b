import Ledger

/// The answer of `check` (SPEC §3): may this pair be invited now, and if not, why and until when.
public struct CheckResult: Equatable, Sendable {
    /// Why, in SPEC order: the first that applies.
    public enum Reason: String, Sendable, CaseIterable {
        /// The pair may be invited now.
        case ok
        /// The pair accepted an invitation: connected, never to be invited again.
        case connected
        /// The pair has a pending invitation.
        case pending
        /// The pair's latest invitation was withdrawn or expired, and its cooldown has not ended.
        case cooldown
        /// The account holds `pending_cap` or more pending invitations.
        case pendingCap = "pending_cap"
        /// The account sent `weekly_cap` or more invitations in the 7 days ending now.
        case weeklyCap = "weekly_cap"
    }

    /// The sending account, normalised.
    public var account: String
    /// The recipient, normalised.
    public var recipient: String
    /// The first reason that applies, or `ok`.
    public var reason: Reason
    /// When a cooldown or the weekly cap ends.
    public var until: Timestamp?
    /// The pair's latest invitation whatever its state; nil when never invited.
    public var invitation: String?
    /// For `pending`: when that invitation ran out (sent_at + expire_after), if it has by now and
    /// `expire --due` has not yet recorded it. LinkedIn has most likely expired it, and an expiry
    /// dated then frees the pair sooner than a withdraw now would (audit 116 F3).
    public var overdueSince: Timestamp?
    /// For `pending_cap`: how many of the account's pending invitations have run out by now (audit 116 F5),
    /// once `PolicyCheck.countOverdue` has counted them for advice; 0 until then.
    public var overdueCount = 0

    /// Whether the pair may be invited now (`reason` is `ok`).
    public var allowed: Bool { reason == .ok }
}

/// The policy's advice for one pair: connected, pending, cooldown, pending cap, weekly cap, in that order.
public enum PolicyCheck {
    /// The seven days of the weekly cap's rolling window.
    static let week = TimeSpan.days(7)

    /// Checks whether `account` may invite `recipient` (both already normalised) at `now`.
    ///
    /// A pair never invited under `recipient` is judged by its invitations under `alsoKnownAs`, when
    /// given: the same person recorded under another recipient (`RecipientAlias`), so that a
    /// connection recorded by name is not "allowed" again by its profile URL.
    public static func evaluate(model: any ReadModel, view: LedgerView, policy: Policy, account: String,
                                recipient: String, alsoKnownAs: String? = nil, now: Timestamp) throws -> CheckResult {
        let judged = try judge(model: model, view: view, policy: policy, account: account, recipient: recipient,
                               alsoKnownAs: alsoKnownAs, now: now, every: false)
        return judged.refusals.first ?? judged.allowed
    }

    /// Every reason that refuses `account` inviting `recipient` at `now`, in SPEC order, each as `evaluate` gives it
    /// when it is the first; empty when the pair may be invited.
    ///
    /// What `send --force` records over (audit 116 F10): a cooldown and a full weekly window are
    /// both said, where `check` names the first. `connected` and `pending` come alone, as the
    /// lifecycle rules refuse such a send whatever the policy says.
    public static func refusals(model: any ReadModel, view: LedgerView, policy: Policy, account: String,
                                recipient: String, alsoKnownAs: String? = nil, now: Timestamp) throws -> [CheckResult] {
        try judge(model: model, view: view, policy: policy, account: account, recipient: recipient,
                  alsoKnownAs: alsoKnownAs, now: now, every: true).refusals
    }

    /// The pair's verdict when allowed (naming its latest invitation), and the reasons that refuse it: the first, or `every` one.
    private static func judge(model: any ReadModel, view: LedgerView, policy: Policy, account: String, recipient: String,
                              alsoKnownAs: String?, now: Timestamp, every: Bool) throws -> (allowed: CheckResult, refusals: [CheckResult]) {
        var allowed = CheckResult(account: account, recipient: recipient, reason: .ok, until: nil, invitation: nil)
        var refusals: [CheckResult] = []
        func refused(_ reason: CheckResult.Reason, until: Timestamp? = nil) -> CheckResult {
            var result = allowed
            result.reason = reason
            result.until = until
            return result
        }
        let accountID = try view.accountID(account)
        let asked = try accountID.flatMap { try model.pair(accountID: $0, recipient: recipient) }
        let known = try asked ?? accountID.flatMap { id in try alsoKnownAs.flatMap { try model.pair(accountID: id, recipient: $0) } }
        if let pair = known {
            allowed.invitation = pair.invitation
            switch PairStanding(pair, policy: policy, now: now) {
            case .connected:
                return (allowed, [refused(.connected)])
            case .pending:
                var result = refused(.pending)
                if policy.isOverdue(sentAt: pair.sentAt, at: now) { result.overdueSince = policy.expiresAt(sentAt: pair.sentAt) }
                return (allowed, [result])
            case .cooldown(_, _, let until):
                refusals.append(refused(.cooldown, until: until))
                if !every { return (allowed, refusals) }
            case .free:
                break
            }
        }
        let pending = try accountID.map { try model.pendingCount(accountID: $0) } ?? 0
        if pending >= policy.pendingCap {
            refusals.append(refused(.pendingCap))
            if !every { return (allowed, refusals) }
        }
        let inWindow = try accountID.map { try model.sends(accountID: $0, after: now - week, upTo: now) } ?? []
        if inWindow.count >= policy.weeklyCap {
            // The sends recorded after now are read only for `until` (audit 102 F7: a `--now` far
            // in the past would read every later send of the account for every check): they are
            // recorded facts too, and they enter the rolling window as it moves.
            let later = try accountID.map { try model.sends(accountID: $0, after: now, upTo: Timestamp(milliseconds: .max)) } ?? []
            refusals.append(refused(.weeklyCap, until: firstMomentBelowCap(sends: inWindow + later, cap: policy.weeklyCap)))
        }
        return (allowed, refusals)
    }

    /// The first send of `account` recorded after `at` whose 7-day window a send at `at` would take past `weekly_cap`.
    ///
    /// `check` and `send` judge a send by the window ending at it (SPEC); a send dated before the
    /// account's latest ones (a backfill, a CRM sync recording real times late) also falls in the
    /// windows of those within 7 days after it, which it can fill past the cap. Advice for `send`
    /// to say (audit 123); nil when no later window goes past the cap.
    public static func laterWindowOverCap(model: any ReadModel, view: LedgerView, policy: Policy, account: String,
                                          at: Timestamp) throws -> (endingAt: Timestamp, sends: Int)? {
        guard let accountID = try view.accountID(account) else { return nil }
        let sends = try model.sends(accountID: accountID, after: at - week, upTo: at + week)
        var lower = 0
        var index = 0
        while index < sends.count {
            let end = sends[index]
            // Sends at the same time share one window: it ends after the last of them.
            var last = index
            while last + 1 < sends.count, sends[last + 1] == end { last += 1 }
            // Later than `at`, and `at` inside (end − 7 days, end] (written so, as `at + week` may be clamped).
            if end > at, end - week < at {
                while sends[lower] <= end - week { lower += 1 }
                // The window holds sends[lower...last], and the send at `at`.
                let count = last - lower + 2
                if count > policy.weeklyCap { return (end, count) }
            }
            index = last + 1
        }
        return nil
    }

    /// Sets `result.overdueCount` for a `pending_cap` refusal: how many of the account's pending invitations have run out at `now`.
    ///
    /// Advice, for the commands that print it (`send`'s remedy, `check`'s table): it reads each of
    /// the account's pending invitations, up to the cap's count, which the verdict itself does not need.
    public static func countOverdue(_ result: inout CheckResult, model: any ReadModel, view: LedgerView, policy: Policy,
                                    now: Timestamp) throws {
        guard result.reason == .pendingCap, let accountID = try view.accountID(result.account) else { return }
        var count = 0
        try model.forEachPending(accountID: accountID) { fact in
            if policy.isOverdue(sentAt: fact.sentAt, at: now) { count += 1 }
        }
        result.overdueCount = count
    }

    /// The first moment after now at which fewer than `cap` sends fall in the window (t − 7 days, t].
    ///
    /// `sends` are the account's sends after now − 7 days, oldest first. The count only drops when
    /// a send leaves the window, at its time + 7 days, so those are the only candidates; a send
    /// recorded later than now enters the window at its own time and counts from then on.
    /// Nil when the count never falls below the cap (a cap of 0).
    static func firstMomentBelowCap(sends: [Timestamp], cap: Int) -> Timestamp? {
        var upper = 0
        var index = 0
        while index < sends.count {
            let exit = sends[index] + week
            // Sends at the same time leave together: the window (exit − 7 days, exit] starts after them.
            var lower = index
            while lower < sends.count, sends[lower] <= sends[index] { lower += 1 }
            while upper < sends.count, sends[upper] <= exit { upper += 1 }
            if upper - lower < cap { return exit }
            index = lower
        }
        return nil
    }
}
