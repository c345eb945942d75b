import LMDB
import Ledger

/// The pending list: every pending invitation, keyed by account, sent_at and sent position.
///
/// One account's pending invitations are a contiguous, time-ordered key range, so
/// `pending --account A` reads only that range.
public struct PendingList: Projection {
    public static let name = "pending"
    public static let version: UInt32 = 1
    public static let databaseRoles = ["rows"]

    public let databases: [Database]
    var rows: Database { databases[0] }

    public init(databases: [Database]) { self.databases = databases }

    public func apply(_ record: EventRecord, sent: EventRecord, txn: Transaction) throws {
        let key = accountTimeKey(sent.accountID, sent.at, sent.position)
        switch record.kind {
        case .sent:
            try txn.put(InvitationFact(sent: record).encoded, forKey: key, in: rows)
        case .reminded:
            guard let stored = try txn.get(key, in: rows) else { return }
            var fact = try InvitationFact(stored: stored)
            fact.apply(followUp: record)
            try txn.put(fact.encoded, forKey: key, in: rows)
        case .accepted, .withdrawn, .expired:
            try txn.delete(key, in: rows)
        }
    }

    public func freshEntries(_ fold: InvitationFold) -> [FreshEntries] {
        let order = fold.accountTimeOrder(pendingOnly: true).indices
        return [FreshEntries(database: rows, count: order.count) { rank, key, value in
            let invitation = fold.invitations[Int(order[rank])]
            key.accountTime(invitation.accountID, invitation.sentAt, invitation.sentPosition)
            fold.text.withUnsafeBufferPointer { invitation.encodeFact(into: &value, text: $0) }
        }]
    }

    /// The pending invitations of one account (or all), in key order.
    func facts(accountID: UInt32?, txn: Transaction) throws -> [InvitationFact] {
        var out: [InvitationFact] = []
        try txn.forEach(in: rows, prefix: accountID.map(accountKey) ?? []) { _, value in
            out.append(try InvitationFact(stored: value))
            return true
        }
        return out
    }
}
