import LMDB
import Ledger

/// The cooldown table: each pair's latest invitation, each account's sends by time and its pending count.
///
/// Together they answer `cooldown` and `check`: the pair says connected, pending or in
/// cooldown; the sends give the weekly window; the count gives the pending cap.
public struct CooldownTable: Projection {
    /// `cooldown`: the name `status` shows and `rebuild` takes.
    public static let name = "cooldown"
    /// Version 2 keeps each account's sends in blocks (`SendBlock`); version 3 keeps no pending count of zero,
    /// as a rebuild writes none, so that `verify --projections` finds the two alike. An older store is rebuilt.
    public static let version: UInt32 = 3
    /// `pairs` (each pair's latest invitation), `sends` (each account's sends by time) and `pending-counts`.
    public static let databaseRoles = ["pairs", "sends", "pending-counts"]

    /// This generation's `pairs`, `sends` and `pending-counts` databases.
    public let databases: [Database]
    var pairs: Database { databases[0] }
    var sends: Database { databases[1] }
    var pendingCounts: Database { databases[2] }

    /// The projection over one generation's databases, in `databaseRoles` order.
    public init(databases: [Database]) { self.databases = databases }

    /// A `sent` becomes its pair's latest invitation, a send and a pending; a closing event closes it and drops the pending.
    public func apply(_ record: EventRecord, sent: EventRecord, txn: Transaction) throws {
        switch record.kind {
        case .sent:
            let pair = PairRecord(InvitationFact(sent: record))
            try txn.put(pair.encodedValue, forKey: pair.key, in: pairs)
            try SendBlock.insert(accountID: record.accountID, at: record.at, position: record.position, in: sends, txn: txn)
            try addPending(1, accountID: record.accountID, txn: txn)
        case .reminded:
            break
        case .accepted, .withdrawn, .expired:
            let key = PairRecord.key(accountID: sent.accountID, recipient: sent.recipient ?? "")
            guard let stored = try txn.get(key, in: pairs) else { return }
            var pair = try key.withUnsafeBytes { raw in try PairRecord(key: raw, value: stored) }
            guard pair.latestSent == record.sentPosition, pair.status == .pending else { return }
            var fact = InvitationFact(sent: sent)
            fact.apply(followUp: record)
            pair.status = fact.status
            pair.closedAt = fact.closedAt
            try txn.put(pair.encodedValue, forKey: key, in: pairs)
            try addPending(-1, accountID: sent.accountID, txn: txn)
        }
    }

    /// Moves an account's pending count by `change`; a count of zero is no entry, as a rebuild writes it (`verify --projections`).
    private func addPending(_ change: Int64, accountID: UInt32, txn: Transaction) throws {
        let key = accountKey(accountID)
        var current: Int64 = 0
        if let stored = try txn.get(key, in: pendingCounts) {
            var input = StateReader(stored)
            current = Int64(try input.count())
        }
        let count = max(0, current + change)
        guard count > 0 else {
            _ = try txn.delete(key, in: pendingCounts)
            return
        }
        var out = StateWriter()
        out.varint(UInt64(count))
        try txn.put(out.bytes, forKey: key, in: pendingCounts)
    }

    /// The fold's latest invitation of each pair, each account's send blocks, and each account's pending count.
    public func freshEntries(_ fold: InvitationFold) -> [FreshEntries] {
        let latest = PairRuns(fold: fold, latest: fold.latestOfEachPair())
        let pairEntries = FreshEntries(database: pairs, count: latest.count) { rank, key, value in
            latest.entry(rank, key: &key, value: &value)
        }
        let blocks = sendBlocks(fold)
        var sendEntries = FreshEntries(database: sends, count: blocks.count) { rank, key, value in
            let members = blocks.order[blocks.bounds[rank]].map { fold.invitations[Int($0)] }
            guard let first = members.first else { return }
            key.accountTime(first.accountID, first.sentAt, first.sentPosition)
            SendBlock.encodeValue(members.lazy.map { (at: $0.sentAt, position: $0.sentPosition) }, into: &value)
        }
        sendEntries.members = { key, value in
            let block = try SendBlock(key: key, value: value)
            return block.sends.map { accountTimeKey(block.accountID, $0.at, $0.position) }
        }
        var counts: [UInt32: UInt64] = [:]
        for invitation in fold.invitations where invitation.status == .pending { counts[invitation.accountID, default: 0] += 1 }
        let sortedCounts = counts.sorted { $0.key < $1.key }
        let countEntries = FreshEntries(database: pendingCounts, count: sortedCounts.count) { rank, key, value in
            key.uint32(sortedCounts[rank].key)
            value.varint(sortedCounts[rank].value)
        }
        return [pairEntries, sendEntries, countEntries]
    }

    /// One pair's latest invitation.
    func pair(accountID: UInt32, recipient: String, txn: Transaction) throws -> PairRecord? {
        let key = PairRecord.key(accountID: accountID, recipient: recipient)
        guard let stored = try txn.get(key, in: pairs) else { return nil }
        return try key.withUnsafeBytes { raw in try PairRecord(key: raw, value: stored) }
    }

    /// Every pair of one account (or all), in key order.
    func pairs(accountID: UInt32?, txn: Transaction) throws -> [PairRecord] {
        var out: [PairRecord] = []
        try forEachPair(accountID: accountID, txn: txn) { out.append($0) }
        return out
    }

    /// Calls `body` with each pair of one account (or all), in key order, without keeping them.
    func forEachPair(accountID: UInt32?, txn: Transaction, _ body: (PairRecord) throws -> Void) throws {
        try txn.forEach(in: pairs, prefix: accountID.map(accountKey) ?? []) { key, value in
            try body(try PairRecord(key: key, value: value))
            return true
        }
    }

    /// Every invitation in per-account time order, cut into blocks of `SendBlock.capacity` sends of one account each.
    private func sendBlocks(_ fold: InvitationFold) -> (order: [Int32], bounds: [Range<Int>], count: Int) {
        let (order, groups) = fold.accountTimeOrder()
        var bounds: [Range<Int>] = []
        bounds.reserveCapacity(order.count / SendBlock.capacity + groups.count)
        for group in groups {
            for start in stride(from: group.range.lowerBound, to: group.range.upperBound, by: SendBlock.capacity) {
                bounds.append(start..<min(start + SendBlock.capacity, group.range.upperBound))
            }
        }
        return (order, bounds, bounds.count)
    }

    /// How many invitations an account holds pending.
    func pendingCount(accountID: UInt32, txn: Transaction) throws -> Int {
        guard let stored = try txn.get(accountKey(accountID), in: pendingCounts) else { return 0 }
        var input = StateReader(stored)
        return try input.count()
    }

    /// The account's send times in (after, upTo], oldest first.
    func sends(accountID: UInt32, after: Timestamp, upTo: Timestamp, txn: Transaction) throws -> [Timestamp] {
        try SendBlock.times(accountID: accountID, after: after, upTo: upTo, in: sends, txn: txn)
    }
}
