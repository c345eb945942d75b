import LMDB

/// The index entries a batch has added or changed (ids, invitations, pairs), kept in memory.
///
/// They are written to LMDB in key order before the batch commits.
///
/// Events arrive in log order, which is random order for these indexes: putting each entry as
/// it comes costs a B-tree descent per event, rewrites an invitation's or a pair's entry once per
/// follow-up, and leaves pages half full. Here an entry is written once per batch, sorted, and
/// keys past the database's last one go in with `MDB_APPEND`, which fills pages completely.
/// The exception: an event id past every key of the ids index (ids given in increasing order,
/// the usual case) goes straight into LMDB as it comes, with `MDB_APPEND` through one cursor,
/// since nothing can change it later in the batch (`IndexCeiling`).
///
/// Lives inside one write transaction: `Ledger.append` creates it in the transaction's closure
/// (so a retry after the map grew starts from an empty overlay) and flushes it before the
/// commit; an aborted transaction drops it with everything else. A batch written in chunks
/// (`BatchCommits.inChunks`) keeps it across its transactions (`continueIn`), and moves what it
/// no longer needs at hand out of memory as each chunk commits (`spill`). A `LedgerView`
/// holding it answers look-ups from it first, so code reading through `BatchWriter.view` sees the batch.
///
/// Its stored properties are read and changed several times per event, by that one thread and
/// never from within another access to them, so they skip Swift's run-time exclusivity checks
/// (`@exclusivity(unchecked)`): the checks cost ≈ 4% of an import's writing thread (callgrind).
final class IndexOverlay {
    /// Event id (its `IndexKey`) → position, for events of this batch.
    @exclusivity(unchecked) private(set) var ids = IndexEntryTable<UInt64>()
    /// Invitation (its `IndexKey`) → every position of it (its `sent` first), for invitations this batch touched.
    @exclusivity(unchecked) private(set) var invitations = IndexEntryTable<InvitationEntry>()
    /// Pair (keyed as `PairState.withKey` lays it out) → its latest state, for pairs this batch touched.
    @exclusivity(unchecked) private(set) var pairs = IndexEntryTable<PairState>()
    /// Whether LMDB's ids index is empty, so that a look-up this overlay misses need not ask it.
    @exclusivity(unchecked) private(set) var storedIDsEmpty: Bool
    /// Whether LMDB's invitations index is empty.
    @exclusivity(unchecked) private(set) var storedInvitationsEmpty: Bool
    /// Whether LMDB's pairs index is empty.
    @exclusivity(unchecked) private(set) var storedPairsEmpty: Bool

    /// Entries moved out of memory as chunks committed (`spill`), newer than LMDB's and older than the tables'.
    @exclusivity(unchecked) private var spilledIDs: SpilledIndex
    @exclusivity(unchecked) private var spilledInvitations: SpilledIndex
    @exclusivity(unchecked) private var spilledPairs: SpilledIndex

    /// The largest key of the ids index, stored or of this batch (`IndexCeiling`).
    @exclusivity(unchecked) private var idsCeiling: IndexCeiling
    /// The largest key of the invitations index, stored or of this batch.
    @exclusivity(unchecked) private var invitationsCeiling: IndexCeiling

    /// The name table and transaction in which the batch interns id prefixes.
    private let names: NameTable
    @exclusivity(unchecked) private var txn: Transaction
    /// The ids index, which new ids past its last key go straight into.
    private let idsDatabase: Database
    /// A cursor on the ids index for those appends, opened on the first (LMDB closes it with the transaction).
    @exclusivity(unchecked) private var idsAppender: Cursor?
    /// The stored value of an id appended to LMDB, reused for each.
    @exclusivity(unchecked) private var idValue = ByteWriter(capacity: 10)

    init(ledger: Ledger, txn: Transaction) throws {
        names = ledger.names
        self.txn = txn
        idsDatabase = ledger.ids
        idsCeiling = try txn.withCursor(ledger.ids) { cursor in IndexCeiling(last: try cursor.last()?.key) }
        invitationsCeiling = try txn.withCursor(ledger.invitations) { cursor in IndexCeiling(last: try cursor.last()?.key) }
        storedIDsEmpty = idsCeiling.last.isEmpty
        storedInvitationsEmpty = invitationsCeiling.last.isEmpty
        storedPairsEmpty = try txn.count(ledger.pairs) == 0
        spilledIDs = SpilledIndex(folder: ledger.path)
        spilledInvitations = SpilledIndex(folder: ledger.path)
        spilledPairs = SpilledIndex(folder: ledger.path)
    }

    /// Goes on in `txn`, the next transaction of a batch written in chunks (`BatchCommits.inChunks`); the entries stay.
    func continueIn(_ txn: Transaction) {
        self.txn = txn
        idsAppender = nil  // its transaction is gone
    }

    /// Whether nothing waits to be written.
    var isEmpty: Bool {
        ids.isEmpty && invitations.isEmpty && pairs.isEmpty && spilledIDs.isEmpty && spilledInvitations.isEmpty && spilledPairs.isEmpty
    }

    /// The id prefixes the batch met last (`IDPrefixMemo`), shared by its look-ups and its writes.
    ///
    /// Unchecked, as the others: no access to the memo calls out to code that could reach it
    /// again (a checked access cost 0.8 G instructions per million events).
    @exclusivity(unchecked) var prefixes = IDPrefixMemo()

    /// The interned id of an id prefix (its UTF-8 bytes), interning it in the batch's transaction when new; nil when the table is full.
    func internPrefix(_ prefix: UnsafeRawBufferPointer) throws -> UInt32? {
        if let id = prefixes.id(of: prefix) { return id }
        return try BatchWriter.prefixID(prefix, names: names, txn: txn, memo: &prefixes)
    }

    /// The interned id of an id prefix, or nil when it was never interned: for look-ups, which intern nothing.
    func knownPrefix(_ prefix: UnsafeRawBufferPointer) throws -> UInt32? {
        if let id = prefixes.id(of: prefix) { return id }
        let name = String(decoding: prefix, as: UTF8.self)
        guard let id = try names.lookup(.idPrefix, name, in: txn) else { return nil }
        prefixes.remember(name, id: id)
        return id
    }

    /// Calls `body` with the `IndexKey` of an id the batch writes, interning its prefix when new.
    func withWriteKey<R>(_ id: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        try IndexKey.withKey(id, prefixID: { try internPrefix($0) }, body)
    }

    /// What the overlay knows of an id's key: a new id, a position of this batch's table, or LMDB must be asked.
    enum Lookup<Value> {
        case absent
        case found(Value)
        case askStored

        /// The value found, nil when absent, or what `stored` reads from LMDB when it must be asked.
        func orStored(_ stored: () throws -> Value?) rethrows -> Value? {
            switch self {
            case .absent: return nil
            case .found(let value): return value
            case .askStored: return try stored()
            }
        }
    }

    /// The position of an event id by its `IndexKey`, as far as the batch knows it.
    func position(ofEventKey key: UnsafeRawBufferPointer) throws -> Lookup<UInt64> {
        if idsCeiling.isPast(key) { return .absent }
        if let entry = ids.find(key) { return .found(ids[entry]) }
        if let spilled = try spilledIDs.value(of: key) {
            var input = ByteReader(spilled)
            return .found(try input.varint())
        }
        return storedIDsEmpty && !idsCeiling.mayBeAppended(key) ? .absent : .askStored
    }

    /// The positions of an invitation by its `IndexKey`, as far as the batch knows them.
    func positions(ofInvitationKey key: UnsafeRawBufferPointer) throws -> Lookup<PositionList> {
        if invitationsCeiling.isPast(key) { return .absent }
        if let entry = invitations.find(key) { return .found(invitations[entry].positions) }
        if let spilled = try spilledInvitations.value(of: key) {
            var input = ByteReader(spilled)
            return .found(try PositionList.decode(&input))
        }
        return storedInvitationsEmpty ? .absent : .askStored
    }

    /// The state of a pair this batch touched.
    func pairState(recipient: String, accountID: UInt32) throws -> PairState? {
        try PairState.withKey(recipient: recipient, accountID: accountID) { key in
            if let entry = pairs.find(key) { return pairs[entry] }
            return try spilledPairs.value(of: key).map { try PairState.decode($0) }
        }
    }

    /// Records the position of a new event, by its id's `IndexKey`; a key already in the batch means the writer's own checks failed.
    ///
    /// A key past every key of the index goes straight into LMDB with `MDB_APPEND` (pages fill
    /// up, and nothing waits in memory); others wait in the table for `flush`.
    func addID(key: UnsafeRawBufferPointer, of id: String, position: UInt64) throws {
        if idsCeiling.isPast(key) {
            idValue.bytes.removeAll(keepingCapacity: true)
            idValue.varint(position)
            var appender = try idsAppender ?? txn.transactionCursor(idsDatabase)
            try idValue.bytes.withUnsafeBytes { try appender.append($0, forKey: key) }
            idsAppender = appender
            idsCeiling.noteAppended(key)
            return
        }
        if let taken = ids.update(key, position) {
            throw StorageError("event id \(id) was given position \(position) after position \(taken) in the same batch")
        }
    }

    /// Sets every position of an invitation (its `sent` first), by its `IndexKey`.
    func setPositions(_ positions: PositionList, ofInvitationKey key: UnsafeRawBufferPointer) {
        invitations.update(key, InvitationEntry(positions: positions))
        invitationsCeiling.noteHeld(key)
    }

    /// Whether the batch holds an invitation's entry, by its `IndexKey`.
    func holdsInvitation(key: UnsafeRawBufferPointer) -> Bool {
        invitations.find(key) != nil
    }

    /// Adds `position` to an invitation the batch already holds, by its `IndexKey`, in place; false when it holds none.
    @discardableResult
    func appendPosition(_ position: UInt64, toInvitationKey key: UnsafeRawBufferPointer) -> Bool {
        guard let entry = invitations.find(key) else { return false }
        invitations[entry].positions.append(position)
        return true
    }

    /// Records a `sent` at `position` (at `time`) for a pair, which it leaves pending; returns its entry in the pairs table.
    ///
    /// `known` is the pair's state as the writer read it (nil for a new pair), and is emptied:
    /// when the table holds the pair, that is a copy of its entry, and the entry's list of sends
    /// grows in place only once no copy shares it (else each send copies the list, and a pair
    /// invited k times in one batch costs k²: audit 48).
    func recordSend(at position: UInt64, time: Timestamp, recipient: String, accountID: UInt32, known: inout PairState?) -> Int {
        PairState.withKey(recipient: recipient, accountID: accountID) { key in
            if let entry = pairs.find(key) {
                known = nil
                pairs[entry].status = .pending
                pairs[entry].latestAt = time
                pairs[entry].sentPositions.append(position)
                return entry
            }
            var state = known ?? PairState(status: .pending, latestAt: time, sentPositions: [])
            known = nil
            state.status = .pending
            state.latestAt = time
            state.sentPositions.append(position)
            return pairs.set(key, state)
        }
    }

    /// Sets a pair's latest state; returns its entry in the batch's pairs table.
    @discardableResult
    func setPair(_ state: PairState, recipient: String, accountID: UInt32) -> Int {
        PairState.withKey(recipient: recipient, accountID: accountID) { pairs.set($0, state) }
    }

    /// Records a new invitation (its `sent` at `sentPosition`) of the pair at `pairEntry` of the pairs table.
    func setSentInvitation(sentPosition: UInt64, pairEntry: Int, invitationKey key: UnsafeRawBufferPointer) {
        invitations.update(key, InvitationEntry(positions: [sentPosition], pairEntry: Int32(truncatingIfNeeded: pairEntry)))
        invitationsCeiling.noteHeld(key)
    }

    /// What the batch knows of an invitation it sent, found by its `IndexKey`: its entry, positions and its pair's entry.
    ///
    /// So a follow-up reads neither the log nor the pairs table's index.
    func sentInvitation(key: UnsafeRawBufferPointer) -> (entry: Int, positions: PositionList, pairEntry: Int)? {
        guard let entry = invitations.find(key), invitations[entry].pairEntry >= 0 else { return nil }
        return (entry, invitations[entry].positions, Int(invitations[entry].pairEntry))
    }

    /// Adds `position` to the invitation at `entry` of the invitations table.
    func appendPosition(_ position: UInt64, toInvitationEntry entry: Int) {
        invitations[entry].positions.append(position)
    }

    /// The pair at `entry` of the pairs table: its state, account and recipient (read back from its key).
    func pair(atEntry entry: Int) throws -> (state: PairState, accountID: UInt32, recipient: String) {
        guard let identity = try pairs.withKey(entry, { try PairState.parseKey($0) }) else {
            throw StorageError("pair entry \(entry) of the batch has a key without its separator")
        }
        return (pairs[entry], identity.accountID, identity.recipient)
    }

    /// Sets the state of the pair at `entry` of the pairs table.
    func setPair(_ state: PairState, atEntry entry: Int) {
        pairs[entry] = state
    }

    /// Moves out of memory, into a run of each index (`SpilledIndex`), what the rest of the batch is unlikely to need at hand.
    ///
    /// For a batch written in chunks (`BatchCommits.inChunks`), before a chunk commits, so
    /// that memory holds about one chunk's entries and the open invitations, not the whole
    /// batch's: every event id, every invitation closed for good (a follow-up of it is
    /// refused), and every pair but those of the open invitations the table keeps (their
    /// follow-ups find the pair by its entry). A later look-up of a spilled entry reads its
    /// run; one that changes it puts it back into memory, the newer. The runs are files in
    /// the ledger's folder, merged with the tables at the batch's end (`flush`), so every index is written
    /// in key order once, as in one transaction. Invitations the batch did not send (no pair
    /// entry here) count as open. A table spills only when a quarter of it would leave
    /// (`worthSpilling`); one that does not keeps its closed invitations, and their pairs.
    func spill() throws {
        try Self.spill(ids, entries: nil, to: &spilledIDs) { position, out in out.varint(position) }
        ids = IndexEntryTable()
        // An invitation stays when open; a pair, when an invitation that stays names it.
        let isOpen = (0..<invitations.count).map { entry in
            let invitation = invitations[entry]
            guard invitation.pairEntry >= 0 else { return true }
            let pair = pairs[Int(invitation.pairEntry)]
            return pair.status == .pending && pair.latestSent == invitation.positions.first
        }
        let closed = isOpen.indices.filter { !isOpen[$0] }
        let spillsInvitations = Self.worthSpilling(closed.count, of: invitations.count)
        var isLinked = [Bool](repeating: false, count: pairs.count)
        for entry in 0..<invitations.count where (isOpen[entry] || !spillsInvitations) && invitations[entry].pairEntry >= 0 {
            isLinked[Int(invitations[entry].pairEntry)] = true
        }
        let unlinked = isLinked.indices.filter { !isLinked[$0] }
        if spillsInvitations {
            try Self.spill(invitations, entries: closed, to: &spilledInvitations) { entry, out in entry.positions.encode(into: &out) }
            invitations.removeAll(keeping: { isOpen[$0] })
        }
        guard Self.worthSpilling(unlinked.count, of: pairs.count) else { return }
        try Self.spill(pairs, entries: unlinked, to: &spilledPairs) { state, out in state.encode(into: &out) }
        // The kept pairs are numbered anew; so are the invitations' references to them.
        var renumbered = [Int32](repeating: -1, count: pairs.count)
        var kept: Int32 = 0
        for entry in isLinked.indices where isLinked[entry] {
            renumbered[entry] = kept
            kept += 1
        }
        pairs.removeAll(keeping: { isLinked[$0] })
        for entry in 0..<invitations.count where invitations[entry].pairEntry >= 0 {
            invitations[entry].pairEntry = renumbered[Int(invitations[entry].pairEntry)]
        }
    }

    /// Whether `leaving` entries of a table of `count` are worth a spill: at least a quarter of them.
    ///
    /// Compacting a table re-hashes every entry it keeps, so a table that keeps nearly all of
    /// them (a batch of sends that are never answered) would pay for all of its entries at
    /// every chunk; this way each entry kept is paid for at most three times per entry that leaves.
    private static func worthSpilling(_ leaving: Int, of count: Int) -> Bool {
        leaving > 0 && 4 * leaving >= count
    }

    /// Writes `table`'s `entries` (all when nil) to a new run of `spilled`, in key order.
    private static func spill<Value>(_ table: IndexEntryTable<Value>, entries: [Int]?, to spilled: inout SpilledIndex,
                                     encode: (Value, inout ByteWriter) -> Void) throws {
        let order = table.entriesInKeyOrder(entries)
        guard !order.isEmpty else { return }
        try spilled.add(try SpillRun(folder: spilled.folder, entries: order.count) { run in
            try table.forEachEncoded(order, encode: encode) { try run.add(key: $0, value: $1) }
        })
    }

    /// Writes every entry to LMDB in key order and empties the overlay; inside the batch's transaction.
    ///
    /// With `chunks`, it commits after every `chunks.events` entries and returns the transaction
    /// it ended in, which the overlay goes on in; without, that is `txn`.
    @discardableResult
    func flush(ledger: Ledger, txn: Transaction, chunks: BatchChunks? = nil) throws -> Transaction {
        var txn = txn
        if !ids.isEmpty || !spilledIDs.isEmpty {
            txn = try Self.write(ids, merging: spilledIDs, to: ledger.ids, in: txn, options: .noOverwrite, chunks: chunks) { position, out in
                out.varint(position)
            }
            ids = IndexEntryTable()
            spilledIDs.removeAll()
            storedIDsEmpty = false
        }
        if !invitations.isEmpty || !spilledInvitations.isEmpty {
            txn = try Self.write(invitations, merging: spilledInvitations, to: ledger.invitations, in: txn, chunks: chunks) { entry, out in
                entry.positions.encode(into: &out)
            }
            invitations = IndexEntryTable()
            spilledInvitations.removeAll()
            storedInvitationsEmpty = false
        }
        if !pairs.isEmpty || !spilledPairs.isEmpty {
            txn = try Self.write(pairs, merging: spilledPairs, to: ledger.pairs, in: txn, chunks: chunks) { state, out in state.encode(into: &out) }
            pairs = IndexEntryTable()
            spilledPairs.removeAll()
            storedPairsEmpty = false
        }
        if chunks != nil { continueIn(txn) }  // LMDB reuses a write transaction's handle: no telling by comparing
        return txn
    }

    /// Writes `table` merged with its spilled runs (the table's value of a key wins) to `database`, in key order.
    private static func write<Value>(_ table: IndexEntryTable<Value>, merging spilled: SpilledIndex, to database: Database,
                                     in txn: Transaction, options: PutOptions = [], chunks: BatchChunks?,
                                     encode: (Value, inout ByteWriter) -> Void) throws -> Transaction {
        guard !spilled.isEmpty else { return try table.write(to: database, in: txn, options: options, chunks: chunks, encode: encode) }
        let order = table.entriesInKeyOrder()
        return try IndexEntryTable<Value>.putInKeyOrder(into: database, in: txn, options: options, chunks: chunks) { put in
            try spilled.forEachMerged(with: table, order: order, encode: encode, put)
        }
    }
}

/// An invitation in the batch's overlay: its positions, and for one the batch sent, its pair's entry.
struct InvitationEntry: Equatable {
    var positions: PositionList
    /// The entry of the invitation's pair in the batch's pairs table, −1 when the batch did not send it.
    var pairEntry: Int32 = -1
}
