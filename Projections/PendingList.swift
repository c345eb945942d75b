import LMDB
import Ledger

/// The pending list: every pending invitation, keyed by account, sent_at and sent position.
///
/// One account's pending invitations are a contiguous, time-ordered key range, so
/// `pending --account A` reads only that range.
public struct PendingList: Projection {
    /// `pending`: the name `status` shows and `rebuild` takes.
    public static let name = "pending"
    /// Version 1: one `InvitationFact` per pending invitation.
    public static let version: UInt32 = 1
    /// One database, `rows`: the pending invitations, keyed by account, sent_at and sent position.
    public static let databaseRoles = ["rows"]

    /// This generation's `rows` database.
    public let databases: [Database]
    var rows: Database { databases[0] }

    /// The projection over one generation's `rows` database.
    public init(databases: [Database]) { self.databases = databases }

    /// A `sent` adds its invitation's row, a reminder updates it, and a closing event removes it.
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

    /// The fold's pending invitations, keyed by account, sent_at and sent position.
    public func freshEntries(_ fold: InvitationFold) -> [FreshEntries] {
        let order = fold.accountTimeOrder(pendingOnly: true).indices
        return [FreshEntries(database: rows, count: order.count) { rank, key, value in
            let invitation = fold.invitations[Int(order[rank])]
            key.accountTime(invitation.accountID, invitation.sentAt, invitation.sentPosition)
            fold.text.withUnsafeBufferPointer { invitation.encodeFact(into: &value, text: $0) }
        }]
    }

    /// Calls `body` with the sent position of each pending invitation of one account, read from the keys alone.
    func forEachSentPosition(accountID: UInt32, txn: Transaction, _ body: (UInt64) throws -> Void) throws {
        try txn.forEach(in: rows, prefix: accountKey(accountID)) { key, _ in
            // The key ends in the sent position (`accountTimeKey`).
            try body(key.count >= 8 ? UnsafeRawBufferPointer(rebasing: key[(key.count - 8)...]).bigEndianUInt64 : 0)
            return true
        }
    }

    /// The pending invitations of one account (or all), in key order.
    func facts(accountID: UInt32?, txn: Transaction) throws -> [InvitationFact] {
        var out: [InvitationFact] = []
        try forEachFact(accountID: accountID, txn: txn) { out.append($0) }
        return out
    }

    /// Calls `body` with each pending invitation of one account (or all), in key order.
    func forEachFact(accountID: UInt32?, txn: Transaction, _ body: (InvitationFact) throws -> Void) throws {
        try txn.forEach(in: rows, prefix: accountID.map(accountKey) ?? []) { _, value in
            try body(try InvitationFact(stored: value))
            return true
        }
    }
}
