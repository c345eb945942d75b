import Ledger

/// One row of the pending list (SPEC §3 `pending`).
public struct PendingRow: Equatable, Sendable {
    public var invitation: String
    public var account: String
    public var recipient: String
    public var source: String
    public var template: String?
    public var hasNote: Bool
    public var sentAt: Timestamp
    /// (now − sent_at) in days, not rounded.
    public var ageDays: Double
    public var reminders: Int
    public var lastRemindedAt: Timestamp?
    public var expiresAt: Timestamp
    public var overdue: Bool
}

/// The pending list's filters, and the query that applies them.
public struct PendingQuery: Sendable {
    public var account: String?
    public var source: String?
    /// Keeps invitations at least this old.
    public var olderThan: Duration?
    /// Keeps invitations whose expires_at ≤ now + this.
    public var expiringWithin: Duration?
    public var limit: Int?

    public init(account: String? = nil, source: String? = nil, olderThan: Duration? = nil,
                expiringWithin: Duration? = nil, limit: Int? = nil) {
        self.account = account
        self.source = source
        self.olderThan = olderThan
        self.expiringWithin = expiringWithin
        self.limit = limit
    }

    /// The rows, sorted by sent_at then invitation.
    public func rows(model: any ReadModel, view: LedgerView, policy: Policy, now: Timestamp) throws -> [PendingRow] {
        var accountID: UInt32?
        if let account {
            guard let id = try view.accountID(account) else { return [] }
            accountID = id
        }
        var sourceID: UInt32?
        if let source {
            guard let id = try view.sourceID(source) else { return [] }
            sourceID = id
        }
        var facts = try model.pending(accountID: accountID).filter { fact in
            if let sourceID, fact.sourceID != sourceID { return false }
            if let olderThan, now.milliseconds - fact.sentAt.milliseconds < olderThan.milliseconds { return false }
            if let expiringWithin, fact.sentAt + policy.expireAfter > now + expiringWithin { return false }
            return true
        }
        facts.sort { lhs, rhs in
            lhs.sentAt != rhs.sentAt ? lhs.sentAt < rhs.sentAt : lhs.invitation.bytesPrecede(rhs.invitation)
        }
        if let limit, facts.count > limit { facts.removeLast(facts.count - max(0, limit)) }
        let names = NameCache(view: view)
        return try facts.map { fact in
            let expiresAt = fact.sentAt + policy.expireAfter
            return PendingRow(invitation: fact.invitation, account: try names.account(fact.accountID), recipient: fact.recipient,
                              source: try names.source(fact.sourceID), template: try names.template(fact.templateID),
                              hasNote: fact.hasNote, sentAt: fact.sentAt, ageDays: now.days(since: fact.sentAt),
                              reminders: Int(fact.reminders), lastRemindedAt: fact.lastRemindedAt,
                              expiresAt: expiresAt, overdue: now >= expiresAt)
        }
    }
}
