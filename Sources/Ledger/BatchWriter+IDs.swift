import LMDB
import Merkle

/// The ids a batch stores: assigned ones left implicit, a client's kept, and id prefixes interned by one rule.
extension BatchWriter {
    /// The most id prefixes the ledger interns; ids with a new prefix past it are stored plain.
    ///
    /// So clients whose ids rarely share a prefix cannot grow the name table without bound.
    static let idPrefixLimit: UInt32 = 4096

    /// The interned id of an id prefix, interning it in the write transaction `txn` when new.
    ///
    /// Nil when the id stays plain: its prefix holds a digit and was never interned, or the table is full.
    ///
    /// One rule for every writer of records and index keys (the batch, the index key migration):
    /// whether a prefix is interned never changes once decided, so neither does an id's key.
    /// A prefix with a digit (`li:3c06f35c19c1618` of LinkedIn's hex ids, a UUID's head) is one
    /// id's own, not a series': interning it would only fill the table, so it is not interned now
    /// (ledgers written before 2026-11-30 may hold some; those stay interned, and their ids numbered).
    static func prefixID(_ prefix: UnsafeRawBufferPointer, names: NameTable, txn: Transaction,
                         memo: inout IDPrefixMemo) throws -> UInt32? {
        if let id = memo.id(of: prefix) { return id }
        let name = String(decoding: prefix, as: UTF8.self)
        let id: UInt32?
        if isSeriesPrefix(prefix) {
            id = try names.intern(.idPrefix, name, limit: idPrefixLimit, in: txn)
        } else {
            id = try names.lookup(.idPrefix, name, in: txn)
        }
        guard let id else { return nil }
        memo.remember(name, id: id)
        return id
    }

    /// Whether a prefix may name a series of numbered ids (`e-`, `inv-`, `expire:inv-`): it holds no ASCII digit.
    static func isSeriesPrefix(_ prefix: UnsafeRawBufferPointer) -> Bool {
        !prefix.contains { $0 &- 0x30 < 10 }
    }

    /// The id to store: nil for the assigned `ev-<position>`, else the client's (or a variant when a client took the assigned one).
    func explicitID(_ given: String?, position: UInt64) throws -> String? {
        try given ?? Self.variant(of: EventRecord.assignedID(at: position)) { try view.position(ofEventID: $0) != nil }
    }

    /// The invitation id to store: nil for the assigned `inv-<position>`.
    func explicitInvitation(_ given: String?, position: UInt64) throws -> String? {
        try given ?? Self.variant(of: EventRecord.assignedInvitation(sentAt: position)) { try view.positionList(ofInvitation: $0) != nil }
    }

    /// Nil when no one holds the assigned id `assigned`; else its first variant `<assigned>-<n>` no one holds.
    private static func variant(of assigned: String, isTaken: (String) throws -> Bool) throws -> String? {
        guard try isTaken(assigned) else { return nil }
        var suffix = 1
        while try isTaken("\(assigned)-\(suffix)") { suffix += 1 }
        return "\(assigned)-\(suffix)"
    }
}
