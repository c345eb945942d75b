import LMDB
import Ledger

/// What the queries read: the projections' state, either stored (caught up) or folded in memory (time travel).
public protocol ReadModel {
    /// Pending invitations of one account, or of all, as a list (the tests' view; `pending` streams them: `forEachPending`).
    func pending(accountID: UInt32?) throws -> [InvitationFact]
    /// Calls `body` with each pending invitation of one account, or of all, without keeping them.
    func forEachPending(accountID: UInt32?, _ body: (InvitationFact) throws -> Void) throws
    /// Every pair's latest invitation, of one account or of all.
    func pairs(accountID: UInt32?) throws -> [PairRecord]
    /// Calls `body` with each pair's latest invitation, of one account or of all, without keeping them.
    func forEachPair(accountID: UInt32?, _ body: (PairRecord) throws -> Void) throws
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

    /// Pending invitations of one account, or of all, from the pending list.
    public func pending(accountID: UInt32?) throws -> [InvitationFact] {
        try reading(PendingList.name) { try pendingList.facts(accountID: accountID, txn: txn) }
    }
    /// Each pending invitation of one account, or of all, from the pending list, in its key order.
    public func forEachPending(accountID: UInt32?, _ body: (InvitationFact) throws -> Void) throws {
        try reading(PendingList.name) { try pendingList.forEachFact(accountID: accountID, txn: txn, body) }
    }
    /// Every pair's latest invitation, of one account or of all, from the cooldown table.
    public func pairs(accountID: UInt32?) throws -> [PairRecord] {
        try reading(CooldownTable.name) { try cooldownTable.pairs(accountID: accountID, txn: txn) }
    }
    /// Each pair's latest invitation, of one account or of all, from the cooldown table, in its key order.
    public func forEachPair(accountID: UInt32?, _ body: (PairRecord) throws -> Void) throws {
        try reading(CooldownTable.name) { try cooldownTable.forEachPair(accountID: accountID, txn: txn, body) }
    }
    /// One pair's latest invitation from the cooldown table, or nil when never invited.
    public func pair(accountID: UInt32, recipient: String) throws -> PairRecord? {
        try reading(CooldownTable.name) { try cooldownTable.pair(accountID: accountID, recipient: recipient, txn: txn) }
    }
    /// Calls `body` with the sent position of each of the account's pending invitations, from the pending list's keys.
    func forEachPendingPosition(accountID: UInt32, _ body: (UInt64) throws -> Void) throws {
        try reading(PendingList.name) { try pendingList.forEachSentPosition(accountID: accountID, txn: txn, body) }
    }
    /// How many invitations the account holds pending, from the cooldown table's counts.
    public func pendingCount(accountID: UInt32) throws -> Int {
        try reading(CooldownTable.name) { try cooldownTable.pendingCount(accountID: accountID, txn: txn) }
    }
    /// The account's send times in (after, upTo], oldest first, from the cooldown table's send blocks.
    public func sends(accountID: UInt32, after: Timestamp, upTo: Timestamp) throws -> [Timestamp] {
        try reading(CooldownTable.name) { try cooldownTable.sends(accountID: accountID, after: after, upTo: upTo, txn: txn) }
    }
    /// Every invitation's metrics fact, in sent order, from the acceptance metrics' blocks.
    public func metricsFacts() throws -> [MetricsFact] { try reading(AcceptanceMetrics.name) { try acceptanceMetrics.all(txn: txn) } }
}

/// The same answers from a fold in memory (`--as-of`, `--position`, and the tests' reference).
public struct FoldedReadModel: ReadModel {
    /// The fold the answers are read from.
    public let fold: InvitationFold

    /// Answers from `fold`.
    public init(fold: InvitationFold) { self.fold = fold }

    /// Pending invitations of one account, or of all, from the fold.
    public func pending(accountID: UInt32?) throws -> [InvitationFact] {
        fold.facts { $0.status == .pending && (accountID == nil || $0.accountID == accountID) }
    }
    /// Each pending invitation of one account, or of all, from the fold, in the order of their `sent`.
    public func forEachPending(accountID: UInt32?, _ body: (InvitationFact) throws -> Void) throws {
        try fold.forEachFact(where: { $0.status == .pending && (accountID == nil || $0.accountID == accountID) }, body)
    }
    /// Every pair's latest invitation, of one account or of all, from the fold.
    public func pairs(accountID: UInt32?) throws -> [PairRecord] {
        fold.pairs.filter { accountID == nil || $0.accountID == accountID }
    }
    /// Each pair's latest invitation, of one account or of all, from the fold.
    public func forEachPair(accountID: UInt32?, _ body: (PairRecord) throws -> Void) throws {
        for pair in fold.pairs where accountID == nil || pair.accountID == accountID { try body(pair) }
    }
    /// One pair's latest invitation from the fold, or nil when never invited.
    public func pair(accountID: UInt32, recipient: String) throws -> PairRecord? {
        fold.pair(accountID: accountID, recipient: recipient)
    }
    /// How many invitations the account holds pending, counted in the fold.
    public func pendingCount(accountID: UInt32) throws -> Int {
        fold.invitations.reduce(0) { $0 + ($1.accountID == accountID && $1.status == .pending ? 1 : 0) }
    }
    /// The account's send times in (after, upTo], oldest first, from the fold.
    public func sends(accountID: UInt32, after: Timestamp, upTo: Timestamp) throws -> [Timestamp] {
        fold.invitations.compactMap { $0.accountID == accountID && $0.sentAt > after && $0.sentAt <= upTo ? $0.sentAt : nil }.sorted()
    }
    /// Every invitation's metrics fact, in sent order, from the fold.
    public func metricsFacts() throws -> [MetricsFact] { fold.invitations.map(MetricsFact.init) }
}
