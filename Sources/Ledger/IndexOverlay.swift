import LMDB

/// The index entries a batch has added or changed (ids, invitations, pairs), kept in memory and
/// written to LMDB in key order before the batch commits.
///
/// Events arrive in log order, which is random order for these indexes: putting each entry as
/// it comes costs a B-tree descent per event, rewrites an invitation's or a pair's entry once per
/// follow-up, and leaves pages half full. Here an entry is written once per batch, sorted, and
/// keys past the database's last one go in with `MDB_APPEND`, which fills pages completely.
///
/// Lives inside one write transaction: `Ledger.append` creates it in the transaction's closure
/// (so a retry after the map grew starts from an empty overlay) and flushes it before the
/// commit; an aborted transaction drops it with everything else. A `LedgerView` holding it
/// answers look-ups from it first, so code reading through `BatchWriter.view` sees the batch.
final class IndexOverlay {
    /// Event id → position, for events of this batch.
    private(set) var ids: [IndexKey: UInt64] = [:]
    /// Invitation → every position of it (its `sent` first), for invitations this batch touched.
    private(set) var invitations: [IndexKey: [UInt64]] = [:]
    /// Pair → its latest state, for pairs this batch touched.
    private(set) var pairs: [PairKey: PairState] = [:]
    /// Whether LMDB's ids index is empty, so that a look-up this overlay misses need not ask it.
    private(set) var storedIDsEmpty: Bool
    /// Whether LMDB's invitations index is empty.
    private(set) var storedInvitationsEmpty: Bool
    /// Whether LMDB's pairs index is empty.
    private(set) var storedPairsEmpty: Bool

    init(ledger: Ledger, txn: Transaction) throws {
        storedIDsEmpty = try txn.count(ledger.ids) == 0
        storedInvitationsEmpty = try txn.count(ledger.invitations) == 0
        storedPairsEmpty = try txn.count(ledger.pairs) == 0
    }

    /// Whether nothing waits to be written.
    var isEmpty: Bool { ids.isEmpty && invitations.isEmpty && pairs.isEmpty }

    /// Records the position of a new event id; an id already in the batch means the writer's own checks failed.
    func addID(_ id: String, position: UInt64) throws {
        let key = IndexKey(id)
        if let taken = ids.updateValue(position, forKey: key) {
            ids[key] = taken
            throw StorageError("event id \(id) was given position \(position) after position \(taken) in the same batch")
        }
    }

    /// Sets every position of an invitation (its `sent` first).
    func setPositions(_ positions: [UInt64], ofInvitation invitation: String) {
        invitations[IndexKey(invitation)] = positions
    }

    /// Adds `position` to an invitation the batch already holds; false when it holds none.
    func appendPosition(_ position: UInt64, toInvitation invitation: String) -> Bool {
        let key = IndexKey(invitation)
        guard let index = invitations.index(forKey: key) else { return false }
        invitations.values[index].append(position)
        return true
    }

    /// Sets a pair's latest state.
    func setPair(_ state: PairState, recipient: String, accountID: UInt32) {
        pairs[PairKey(recipient: recipient, accountID: accountID)] = state
    }

    /// Writes every entry to LMDB in key order and empties the overlay; inside the batch's transaction.
    func flush(ledger: Ledger, txn: Transaction) throws {
        if isEmpty { return }
        var sortedIDs = SortedIndexEntries(capacity: ids.count)
        for (id, position) in ids {
            sortedIDs.add { key, value in
                id.withBytes { key.bytes.append(contentsOf: $0) }
                value.varint(position)
            }
        }
        try sortedIDs.write(to: ledger.ids, in: txn, options: .noOverwrite)
        var sortedInvitations = SortedIndexEntries(capacity: invitations.count)
        for (invitation, positions) in invitations {
            sortedInvitations.add { key, value in
                invitation.withBytes { key.bytes.append(contentsOf: $0) }
                for position in positions { value.varint(position) }
            }
        }
        try sortedInvitations.write(to: ledger.invitations, in: txn)
        var sortedPairs = SortedIndexEntries(capacity: pairs.count)
        for (pair, state) in pairs {
            sortedPairs.add { key, value in
                pair.encode(into: &key)
                state.encode(into: &value)
            }
        }
        try sortedPairs.write(to: ledger.pairs, in: txn)

        storedIDsEmpty = storedIDsEmpty && ids.isEmpty
        storedInvitationsEmpty = storedInvitationsEmpty && invitations.isEmpty
        storedPairsEmpty = storedPairsEmpty && pairs.isEmpty
        ids = [:]
        invitations = [:]
        pairs = [:]
    }
}
