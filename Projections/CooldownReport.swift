import Ledger

/// One row of the cooldown table (SPEC §3 `cooldown`): a pair that may not be invited now.
public struct CooldownRow: Equatable, Sendable {
    /// The sending account.
    public var account: String
    /// The invited person, normalised.
    public var recipient: String
    /// `cooldown` or `connected`.
    public var state: String
    /// `withdrawn`, `expired` or `accepted`.
    public var reason: String
    /// When the cooldown started or the pair connected: the `at` of the withdraw, expiry or acceptance.
    public var since: Timestamp
    /// When the cooldown ends; nil when connected.
    public var until: Timestamp?
}

/// Where a pair stands for a new invitation: `.pending`, `.connected` once accepted, else in `.cooldown` until it ends, then `.free`.
enum PairStanding: Equatable {
    case free
    case pending
    case connected(since: Timestamp)
    case cooldown(reason: InvitationStatus, since: Timestamp, until: Timestamp)

    init(_ pair: PairRecord, policy: Policy, now: Timestamp) {
        switch pair.status {
        case .pending: self = .pending
        case .accepted: self = .connected(since: pair.closedAt ?? pair.sentAt)
        case .withdrawn, .expired:
            let since = pair.closedAt ?? pair.sentAt
            let until = since + (pair.status == .withdrawn ? policy.cooldownAfterWithdraw : policy.cooldownAfterExpire)
            self = now < until ? .cooldown(reason: pair.status, since: since, until: until) : .free
        }
    }
}

/// The cooldown table's query.
public struct CooldownQuery: Sendable {
    /// Only this sending account's pairs (`--account`); nil for every account's.
    public var account: String?
    /// Only rows in this state, `cooldown` or `connected` (`--state`); nil for both.
    ///
    /// Kept while the pairs are read, so that `--state cooldown` holds the pairs in cooldown, not
    /// every pair ever connected: 384 MB for 30,000 rows on a 3.3M-event ledger before (audit 60 M3).
    public var state: String?

    /// A query for `account`'s pairs, or every account's, in `state` or both.
    public init(account: String? = nil, state: String? = nil) {
        self.account = account
        self.state = state
    }

    /// The pairs that may not be invited at `now`, sorted by account then recipient.
    public func rows(model: any ReadModel, view: LedgerView, policy: Policy, now: Timestamp) throws -> [CooldownRow] {
        var accountID: UInt32?
        if let account {
            guard let id = try view.accountID(account) else { return [] }
            accountID = id
        }
        let names = NameCache(view: view)
        var rows: [CooldownRow] = []
        try model.forEachPair(accountID: accountID) { pair in
            switch PairStanding(pair, policy: policy, now: now) {
            case .free, .pending: return
            case .connected(let since):
                guard state == nil || state == "connected" else { return }
                rows.append(CooldownRow(account: try names.account(pair.accountID), recipient: pair.recipient,
                                        state: "connected", reason: "accepted", since: since, until: nil))
            case .cooldown(let reason, let since, let until):
                guard state == nil || state == "cooldown" else { return }
                rows.append(CooldownRow(account: try names.account(pair.accountID), recipient: pair.recipient,
                                        state: "cooldown", reason: reason.name, since: since, until: until))
            }
        }
        rows.sort { lhs, rhs in
            // Bytes decide both the tie and the order: `!=` on String would take two spellings of one name as one.
            lhs.account.hasSameBytes(as: rhs.account) ? lhs.recipient.bytesPrecede(rhs.recipient) : lhs.account.bytesPrecede(rhs.account)
        }
        return rows
    }
}
