import LMDB
import Ledger

/// The acceptance metrics' facts: one `MetricsFact` per invitation, in blocks keyed by sent position.
///
/// Rates depend on `now` (cohorts, states), so the projection keeps facts, not rates; the
/// `metrics` query groups and counts them at query time. Version 2 stores `MetricsBlock`s
/// (version 1 stored a whole `InvitationFact` per invitation; a ledger holding that is
/// rebuilt at its next catch-up, as any projection of another version).
public struct AcceptanceMetrics: Projection {
    /// `metrics`: the name `status` shows and `rebuild` takes.
    public static let name = "metrics"
    /// Version 2 keeps the facts in blocks (`MetricsBlock`); a version-1 store is rebuilt.
    public static let version: UInt32 = 2
    /// One database, `facts`: the blocks of facts, each keyed by its first invitation's sent position.
    public static let databaseRoles = ["facts"]

    /// This generation's `facts` database.
    public let databases: [Database]
    var blocks: Database { databases[0] }

    /// The projection over one generation's `facts` database.
    public init(databases: [Database]) { self.databases = databases }

    /// Adds a `sent`'s fact to the last block, or updates the fact of a follow-up's invitation in its block.
    public func apply(_ record: EventRecord, sent: EventRecord, txn: Transaction) throws {
        if record.kind == .sent {
            try appendFact(MetricsFact(InvitationFact(sent: record)), txn: txn)
            return
        }
        // The block holding the invitation: the last whose first sent position is at most its own.
        var out = StateWriter(capacity: 1024)
        let key = try txn.withCursor(blocks) { cursor -> [UInt8]? in
            var entry = try cursor.seek(atLeast: BigEndianKey(record.sentPosition).array)
            if let found = entry {
                if found.key.bigEndianUInt64 != record.sentPosition { entry = try cursor.previous() }
            } else {
                entry = try cursor.last()
            }
            guard let entry, entry.key.bigEndianUInt64 <= record.sentPosition,
                  try MetricsBlock.patch(entry.value, sentPosition: record.sentPosition,
                                         { $0.apply(followUp: record.kind, at: record.at) }, into: &out) else { return nil }
            return Array(entry.key)
        }
        guard let key else { return }
        try txn.put(out.bytes, forKey: key, in: blocks)
    }

    /// Adds a new invitation's fact to the last block, or starts a block when that one is full.
    private func appendFact(_ fact: MetricsFact, txn: Transaction) throws {
        var out = StateWriter(capacity: 1024)
        let lastKey = try txn.withCursor(blocks) { cursor -> [UInt8]? in
            guard let entry = try cursor.last(), try MetricsBlock.append(fact, to: entry.value, into: &out) else { return nil }
            return Array(entry.key)
        }
        if let lastKey {
            try txn.put(out.bytes, forKey: lastKey, in: blocks)
        } else {
            MetricsBlock.encode([fact], into: &out)
            try txn.put(out.bytes, forKey: BigEndianKey(fact.sentPosition).array, in: blocks)
        }
    }

    /// The fold's facts in blocks of `MetricsBlock.capacity`, each keyed by its first sent position.
    public func freshEntries(_ fold: InvitationFold) -> [FreshEntries] {
        let count = fold.invitations.count
        let capacity = MetricsBlock.capacity
        var facts = FreshEntries(database: blocks, count: (count + capacity - 1) / capacity) { block, key, value in
            let range = (block * capacity)..<min(count, (block + 1) * capacity)
            key.uint64(fold.invitations[range.lowerBound].sentPosition)
            MetricsBlock.encode(fold.invitations[range].lazy.map(MetricsFact.init), into: &value)
        }
        facts.members = { _, value in
            var members: [[UInt8]] = []
            try MetricsBlock.decode(value) { fact in
                var out = StateWriter(capacity: 64)
                MetricsBlock.encode(CollectionOfOne(fact), into: &out)
                members.append(out.bytes)
            }
            return members
        }
        return [facts]
    }

    /// Every invitation's metrics fact, in sent order.
    func all(txn: Transaction) throws -> [MetricsFact] {
        var out: [MetricsFact] = []
        out.reserveCapacity(try txn.count(blocks) * MetricsBlock.capacity)
        try txn.forEach(in: blocks, prefix: []) { _, value in
            try MetricsBlock.decode(value) { out.append($0) }
            return true
        }
        return out
    }
}
