import LMDB
import Ledger

/// What the queries read: the projections' state, either stored (caught up) or folded in memory (time travel).
public protocol ReadModel {
    /// Pending invitations of one account, or of all.
    func pending(accountID: UInt32?) throws -> [InvitationFact]
    /// Every pair's latest invitation, of one account or of all.
    func pairs(accountID: UInt32?) throws -> [PairRecord]
    /// One pair's latest invitation, or nil when never invited.
    func pair(accountID: UInt32, recipient: String) throws -> PairRecord?
    /// How many invitations the account holds pending.
    func pendingCount(accountID: UInt32) throws -> Int
    /// The account's send times in (after, upTo], oldest first.
    func sends(accountID: UInt32, after: Timestamp, upTo: Timestamp) throws -> [Timestamp]
    /// Every invitation's metrics fact, in sent order.
    func metricsFacts() throws -> [MetricsFact]
}

/// The stored projections, read through one snapshot transaction.
public struct StoredReadModel: ReadModel {
    let pendingList: PendingList
    let cooldownTable: CooldownTable
    let acceptanceMetrics: AcceptanceMetrics
    let txn: Transaction

    public func pending(accountID: UInt32?) throws -> [InvitationFact] {
        try pendingList.facts(accountID: accountID, txn: txn)
    }
    public func pairs(accountID: UInt32?) throws -> [PairRecord] {
        try cooldownTable.pairs(accountID: accountID, txn: txn)
    }
    public func pair(accountID: UInt32, recipient: String) throws -> PairRecord? {
        try cooldownTable.pair(accountID: accountID, recipient: recipient, txn: txn)
    }
    public func pendingCount(accountID: UInt32) throws -> Int {
        try cooldownTable.pendingCount(accountID: accountID, txn: txn)
    }
    public func sends(accountID: UInt32, after: Timestamp, upTo: Timestamp) throws -> [Timestamp] {
        try cooldownTable.sends(accountID: accountID, after: after, upTo: upTo, txn: txn)
    }
    public func metricsFacts() throws -> [MetricsFact] { try acceptanceMetrics.all(txn: txn) }
}

/// The same answers from a fold in memory (`--as-of`, `--position`, and the tests' reference).
public struct FoldedReadModel: ReadModel {
    public let fold: InvitationFold

    public init(fold: InvitationFold) { self.fold = fold }

    public func pending(accountID: UInt32?) throws -> [InvitationFact] {
        fold.facts { $0.status == .pending && (accountID == nil || $0.accountID == accountID) }
    }
    public func pairs(accountID: UInt32?) throws -> [PairRecord] {
        fold.pairs.filter { accountID == nil || $0.accountID == accountID }
    }
    public func pair(accountID: UInt32, recipient: String) throws -> PairRecord? {
        fold.pair(accountID: accountID, recipient: recipient)
    }
    public func pendingCount(accountID: UInt32) throws -> Int {
        fold.invitations.reduce(0) { $0 + ($1.accountID == accountID && $1.status == .pending ? 1 : 0) }
    }
    public func sends(accountID: UInt32, after: Timestamp, upTo: Timestamp) throws -> [Timestamp] {
        fold.invitations.compactMap { $0.accountID == accountID && $0.sentAt > after && $0.sentAt <= upTo ? $0.sentAt : nil }.sorted()
    }
    public func metricsFacts() throws -> [MetricsFact] { fold.invitations.map(MetricsFact.init) }
}
