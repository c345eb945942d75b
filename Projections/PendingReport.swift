import Ledger

/// One row of the pending list (SPEC §3 `pending`).
public struct PendingRow: Equatable, Sendable {
    /// The invitation's id, given or assigned.
    public var invitation: String
    /// The sending account.
    public var account: String
    /// The invited person, normalised.
    public var recipient: String
    /// The prospect source or campaign (`unknown` when none was given).
    public var source: String
    /// The label of the note template or A/B variant; nil when none.
    public var template: String?
    /// Whether a personal note was sent with it.
    public var hasNote: Bool
    /// When it was sent.
    public var sentAt: Timestamp
    /// (now − sent_at) in days, not rounded.
    public var ageDays: Double
    /// How many times the recipient was reminded of it.
    public var reminders: Int
    /// When the recipient was last reminded; nil when never.
    public var lastRemindedAt: Timestamp?
    /// sent_at + `expire_after`: when `expire --due` expires it.
    public var expiresAt: Timestamp
    /// Whether now ≥ `expiresAt`.
    public var overdue: Bool
}

/// The pending list's filters, and the query that applies them.
public struct PendingQuery: Sendable {
    /// Only this sending account's invitations (`--account`); nil for every account's.
    public var account: String?
    /// Only invitations from this prospect source (`--source`); nil for every source.
    public var source: String?
    /// Keeps invitations at least this old.
    public var olderThan: TimeSpan?
    /// Keeps invitations whose expires_at ≤ now + this.
    public var expiringWithin: TimeSpan?
    /// At most this many rows, the oldest first (`--limit`); nil for all.
    public var limit: Int?

    /// A query; with no filter, every pending invitation.
    public init(account: String? = nil, source: String? = nil, olderThan: TimeSpan? = nil,
                expiringWithin: TimeSpan? = nil, limit: Int? = nil) {
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
