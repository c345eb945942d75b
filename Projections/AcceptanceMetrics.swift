import LMDB
import Ledger

/// The acceptance metrics' facts: one record per invitation, keyed by its sent position.
///
/// Rates depend on `now` (cohorts, states), so the projection keeps facts, not rates; the
/// `metrics` query groups and counts them at query time.
public struct AcceptanceMetrics: Projection {
    public static let name = "metrics"
    public static let version: UInt32 = 1
    public static let databaseRoles = ["facts"]

    public let databases: [Database]
    var facts: Database { databases[0] }

    public init(databases: [Database]) { self.databases = databases }

    public func apply(_ record: EventRecord, sent: EventRecord, txn: Transaction) throws {
        let key = BigEndianKey(record.sentPosition).array
        if record.kind == .sent {
            try txn.put(InvitationFact(sent: record).encoded, forKey: key, in: facts)
            return
        }
        guard let stored = try txn.get(key, in: facts) else { return }
        var fact = try InvitationFact(stored: stored)
        fact.apply(followUp: record)
        try txn.put(fact.encoded, forKey: key, in: facts)
    }

    public func freshEntries(_ fold: InvitationFold) -> [FreshEntries] {
        [FreshEntries(database: facts, count: fold.invitations.count) { index, key, value in
            let invitation = fold.invitations[index]
            key.uint64(invitation.sentPosition)
            fold.text.withUnsafeBufferPointer { invitation.encodeFact(into: &value, text: $0) }
        }]
    }

    /// Every invitation's facts, in sent order.
    func all(txn: Transaction) throws -> [InvitationFact] {
        var out: [InvitationFact] = []
        out.reserveCapacity(try txn.count(facts))
        try txn.forEach(in: facts, prefix: []) { _, value in
            out.append(try InvitationFact(stored: value))
            return true
        }
        return out
    }
}
