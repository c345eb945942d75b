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
    /// Only invitations sent with this note template or A/B variant (`--template`); nil for any, or none.
    public var template: String?
    /// Keeps invitations at least this old.
    public var olderThan: TimeSpan?
    /// Keeps invitations whose expires_at ≤ now + this.
    public var expiringWithin: TimeSpan?
    /// At most this many rows, the oldest first (`--limit`); nil for all.
    public var limit: Int?

    /// A query; with no filter, every pending invitation.
    public init(account: String? = nil, source: String? = nil, template: String? = nil, olderThan: TimeSpan? = nil,
                expiringWithin: TimeSpan? = nil, limit: Int? = nil) {
        self.account = account
        self.source = source
        self.template = template
        self.olderThan = olderThan
        self.expiringWithin = expiringWithin
        self.limit = limit
    }

    /// The rows, sorted by sent_at then invitation: the first `limit` of them.
    public func rows(model: any ReadModel, view: LedgerView, policy: Policy, now: Timestamp) throws -> [PendingRow] {
        try report(model: model, view: view, policy: policy, now: now).rows
    }

    /// The list's order: by sent_at, then invitation (SPEC §3), a total order.
    @inline(__always)
    static func precedes(_ lhs: InvitationFact, _ rhs: InvitationFact) -> Bool {
        lhs.sentAt != rhs.sentAt ? lhs.sentAt < rhs.sentAt : lhs.invitation.bytesPrecede(rhs.invitation)
    }

    /// The first `limit` rows, sorted by sent_at then invitation, and how many the whole list holds.
    ///
    /// The list is read once and, with a limit, only `limit` facts are kept while it is
    /// (`SmallestKept`), so a short page of a long list costs the time of a scan, not its memory.
    public func report(model: any ReadModel, view: LedgerView, policy: Policy, now: Timestamp) throws -> PendingReport {
        var accountID: UInt32?
        if let account {
            guard let id = try view.accountID(account) else { return PendingReport() }
            accountID = id
        }
        var sourceID: UInt32?
        if let source {
            guard let id = try view.sourceID(source) else { return PendingReport() }
            sourceID = id
        }
        var templateID: UInt32?
        if let template {
            guard let id = try view.templateID(template) else { return PendingReport() }
            templateID = id
        }
        var report = PendingReport()
        var kept = limit.map { SmallestKept<InvitationFact>(limit: $0, by: Self.precedes) }
        var all: [InvitationFact] = []
        try model.forEachPending(accountID: accountID) { fact in
            if let sourceID, fact.sourceID != sourceID { return }
            if let templateID, fact.templateID != templateID { return }
            if let olderThan, now.milliseconds - fact.sentAt.milliseconds < olderThan.milliseconds { return }
            if let expiringWithin, policy.expiresAt(sentAt: fact.sentAt) > now + expiringWithin { return }
            report.total += 1
            if policy.isOverdue(sentAt: fact.sentAt, at: now) { report.overdue += 1 }
            if kept != nil { kept?.offer(fact) } else { all.append(fact) }
        }
        if kept == nil { all.sort { Self.precedes($0, $1) } }
        let names = NameCache(view: view)
        report.rows = try (kept?.sorted() ?? all).map { fact in
            let expiresAt = policy.expiresAt(sentAt: fact.sentAt)
            return PendingRow(invitation: fact.invitation, account: try names.account(fact.accountID), recipient: fact.recipient,
                              source: try names.source(fact.sourceID), template: try names.template(fact.templateID),
                              hasNote: fact.hasNote, sentAt: fact.sentAt, ageDays: now.days(since: fact.sentAt),
                              reminders: Int(fact.reminders), lastRemindedAt: fact.lastRemindedAt,
                              expiresAt: expiresAt, overdue: now >= expiresAt)
        }
        return report
    }
}

/// What `pending` answers: the rows shown, and the counts of the whole list a table's footer gives.
public struct PendingReport: Equatable, Sendable {
    /// The first `limit` rows (all when there is no limit), sorted by sent_at then invitation.
    public var rows: [PendingRow] = []
    /// How many invitations the list holds, shown or not.
    public var total = 0
    /// How many of them are overdue (now ≥ expires_at), shown or not.
    public var overdue = 0
}
