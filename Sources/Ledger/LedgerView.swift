import LMDB
import Merkle

/// A consistent snapshot of the ledger, valid inside `Ledger.read` (or a write transaction).
public struct LedgerView {
    let ledger: Ledger
    /// The underlying LMDB transaction, for the projections that share the environment.
    public let txn: Transaction
    /// The index entries of the batch being written (nil outside a batch), consulted before LMDB.
    let overlay: IndexOverlay?

    init(ledger: Ledger, txn: Transaction, overlay: IndexOverlay? = nil) {
        self.ledger = ledger
        self.txn = txn
        self.overlay = overlay
    }

    /// The head of the log: last position and chain hash (position 0 and zeros when empty), checked against the log.
    ///
    /// A head that is not the log's last position is damage (the two are written in one
    /// transaction), thrown as a `ChainMismatch`: every reader would otherwise take the wrong
    /// length of the log for the truth, and arithmetic past it could overflow (audit 61 H3).
    /// `verify` reads the head unchecked (`storedHead`) and gives the same finding as its verdict.
    public func head() throws -> ChainHead {
        let head = try storedHead()
        let last = try txn.withCursor(ledger.log) { cursor in try cursor.last().map { LogKey.position(of: $0.key) } } ?? 0
        guard last == head.position else {
            // Named as `verify` names it: the first position where the log and its head part.
            throw ChainMismatch(position: min(last, head.position) + 1,
                                detail: "the log holds \(last) events but its head says \(head.position)")
        }
        return head
    }

    /// The head as stored, not checked against the log (for `verify`, which reports a mismatch as its verdict).
    func storedHead() throws -> ChainHead {
        guard let stored = try txn.get(MetaKey.head, in: ledger.meta) else { return .empty }
        guard stored.count == 40, let hash = Digest(UnsafeRawBufferPointer(rebasing: stored[8..<40])) else {
            throw StorageError("the stored head is damaged")
        }
        return ChainHead(position: UnsafeRawBufferPointer(rebasing: stored[0..<8]).bigEndianUInt64, hash: hash)
    }

    /// The policy kept with the ledger (SPEC §1 defaults when none was set).
    public func policy() throws -> Policy {
        guard let stored = try txn.get(MetaKey.policy, in: ledger.meta) else { return Policy() }
        return try Policy(stored: String(decoding: stored, as: UTF8.self))
    }

    /// The stored record at `position`, or nil past the head.
    public func record(at position: UInt64) throws -> EventRecord? {
        guard let key = ledger.logKey(position),
              let stored = try key.withBytes({ try txn.get($0, in: ledger.log) }) else { return nil }
        do {
            return try EventRecord.decode(stored, position: position, prefixName: idPrefix)
        } catch let error as StorageError {
            throw StorageError("position \(position): \(error.description)")
        }
    }

    /// The `sent` of `record`'s invitation: `record` itself for a `sent`, else the record at its `sentPosition`, which must be one.
    public func sentRecord(of record: EventRecord) throws -> EventRecord {
        record.kind == .sent ? record : try sentRecord(at: record.sentPosition, namedAt: record.position)
    }

    /// The `sent` at `sentPosition`, which the follow-up at `position` names; a damaged log, where it is not one, throws.
    func sentRecord(at sentPosition: UInt64, namedAt position: UInt64) throws -> EventRecord {
        guard let sent = try record(at: sentPosition), sent.kind == .sent else {
            throw StorageError("position \(position) names position \(sentPosition), which is not a sent")
        }
        return sent
    }

    /// What a follow-up needs of the record at a `sent` position: account, recipient, invitation.
    struct SentIdentity {
        var accountID: UInt32
        var recipient: String?
        var explicitInvitation: String?
    }

    /// The identity fields of the record at `position`, or nil past the head.
    ///
    /// Checked like `record(at:)`, but without building the strings the write path does not need
    /// (id, note). A compacted id's prefix is read through `prefixes`, the writer's memo.
    func sentIdentity(at position: UInt64, prefixes: inout IDPrefixMemo) throws -> SentIdentity? {
        guard let key = ledger.logKey(position),
              let stored = try key.withBytes({ try txn.get($0, in: ledger.log) }) else { return nil }
        do {
            let record = try StoredEventRecord.decode(stored, position: position)
            // An index names only sends; a damaged one naming another event must not get a follow-up chained to it (audit 101 F1).
            guard record.kind == .sent else { throw StorageError("an index names it as a sent, but its event is of type \(record.kind)") }
            func prefixName(_ id: UInt32) throws -> String {
                if let name = prefixes.name(of: id) { return name }
                let name = try idPrefix(id)
                prefixes.remember(name, id: id)
                return name
            }
            return SentIdentity(accountID: record.accountID, recipient: try record.recipient?.string(prefixName: prefixName),
                                explicitInvitation: try record.explicitInvitation?.string(prefixName: prefixName))
        } catch let error as StorageError {
            throw StorageError("position \(position): \(error.description)")
        }
    }

    /// The name of an interned account.
    public func accountName(_ id: UInt32) throws -> String { try ledger.names.name(.account, id, in: txn) }
    /// The interned prefix of a compacted id (record version 2).
    func idPrefix(_ id: UInt32) throws -> String { try ledger.names.name(.idPrefix, id, in: txn) }
    /// The name of an interned source.
    public func sourceName(_ id: UInt32) throws -> String { try ledger.names.name(.source, id, in: txn) }
    /// The name of an interned template.
    public func templateName(_ id: UInt32) throws -> String { try ledger.names.name(.template, id, in: txn) }
    /// The id of an account name, or nil when the ledger never saw it.
    public func accountID(_ name: String) throws -> UInt32? { try ledger.names.lookup(.account, name, in: txn) }
    /// The id of a source name, or nil when the ledger never saw it.
    public func sourceID(_ name: String) throws -> UInt32? { try ledger.names.lookup(.source, name, in: txn) }
    /// The id of a template label, or nil when the ledger never saw it.
    public func templateID(_ name: String) throws -> UInt32? { try ledger.names.lookup(.template, name, in: txn) }
    /// Every account the ledger knows, with its id.
    public func accounts() throws -> [(id: UInt32, name: String)] { try ledger.names.all(.account, in: txn) }
    /// Every source the ledger knows, with its id.
    public func sources() throws -> [(id: UInt32, name: String)] { try ledger.names.all(.source, in: txn) }
    /// Every template label the ledger knows, with its id.
    public func templates() throws -> [(id: UInt32, name: String)] { try ledger.names.all(.template, in: txn) }

    /// The complete event at `position`, with invitation, account and recipient filled in.
    public func event(at position: UInt64) throws -> Event? {
        guard let record = try record(at: position) else { return nil }
        return try event(from: record)
    }

    /// Completes a record into an event, reading its `sent` for a follow-up.
    public func event(from record: EventRecord) throws -> Event {
        let sent = try sentRecord(of: record)
        return Event(
            kind: record.kind, id: record.id, at: record.at,
            invitation: sent.sentInvitation,
            account: try accountName(sent.accountID), recipient: sent.recipient ?? "",
            source: record.kind == .sent ? try sourceName(record.sourceID) : nil,
            note: record.note, template: try record.templateID.map { try templateName($0) },
            reason: record.reason, by: record.by, position: record.position, recordedAt: record.recordedAt)
    }

    /// The position of the event with `id`, or nil.
    public func position(ofEventID id: String) throws -> UInt64? {
        try withLookupKey(id) { key in
            try (overlay?.position(ofEventKey: key) ?? .askStored).orStored {
                guard let stored = try txn.get(key, in: ledger.ids) else { return nil }
                var input = ByteReader(stored)
                return try input.varint()
            }
        }
    }

    /// Positions of every event of an invitation (its `sent` first), or nil when unknown.
    public func positions(ofInvitation invitation: String) throws -> [UInt64]? {
        try positionList(ofInvitation: invitation)?.array
    }

    /// `positions(ofInvitation:)` without an array: the write path's form.
    func positionList(ofInvitation invitation: String) throws -> PositionList? {
        try withLookupKey(invitation) { key in
            try (overlay?.positions(ofInvitationKey: key) ?? .askStored).orStored {
                guard let stored = try txn.get(key, in: ledger.invitations) else { return nil }
                var input = ByteReader(stored)
                return try PositionList.decode(&input)
            }
        }
    }

    /// Calls `body` with the `IndexKey` of an event or invitation id for a look-up, which never interns a prefix.
    ///
    /// A prefix the ledger has not interned keys the id plain: no stored id has it in numbered form.
    func withLookupKey<R>(_ id: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        try IndexKey.withKey(id, prefixID: { prefix in
            if let overlay { return try overlay.knownPrefix(prefix) }
            return try ledger.names.lookup(.idPrefix, String(decoding: prefix, as: UTF8.self), in: txn)
        }, body)
    }

    /// The ledger's state for a pair, or nil when the pair was never invited.
    func pairState(recipient: String, accountID: UInt32) throws -> PairState? {
        if let overlay {
            if let state = try overlay.pairState(recipient: recipient, accountID: accountID) { return state }
            if overlay.storedPairsEmpty { return nil }
        }
        let stored = try PairState.withKey(recipient: recipient, accountID: accountID) { try txn.get($0, in: ledger.pairs) }
        guard let stored else { return nil }
        return try PairState.decodeEntry(stored) { (recipient, accountID) }
    }

    /// The positions of the `sent` events of a pair, oldest first (empty when never invited).
    public func invitationsOfPair(account: String, recipient: String) throws -> [UInt64] {
        guard let accountID = try accountID(account) else { return [] }
        return try pairState(recipient: recipient, accountID: accountID)?.sentPositions.array ?? []
    }

    /// The status of a pair's latest invitation and the `sent` position of it, or nil when never invited.
    public func latestInvitation(account: String, recipient: String) throws -> (sentPosition: UInt64, status: InvitationStatus)? {
        guard let accountID = try accountID(account),
              let state = try pairState(recipient: recipient, accountID: accountID) else { return nil }
        return (state.latestSent, state.status)
    }

    /// The `sent` positions of every invitation to `recipient`, from any account, oldest first.
    public func invitationsOfRecipient(_ recipient: String) throws -> [UInt64] {
        try flushOverlay()
        let prefix = PairState.keyPrefix(recipient: recipient)
        var positions: [UInt64] = []
        try txn.forEach(in: ledger.pairs, prefix: prefix) { key, value in
            positions.append(contentsOf: try PairState.decodeEntry(value, key: key).sentPositions)
            return true
        }
        return positions.sorted()
    }

    /// What to run when an index is found damaged: said by every reader that finds it.
    static let indexRemedy = "(`invites verify --indexes` checks the indexes, `invites rebuild indexes` writes them anew)"

    /// Writes the batch's pending index entries, so that a scan of an index sees them; a no-op outside a batch.
    func flushOverlay() throws {
        try overlay?.flush(ledger: ledger, txn: txn)
    }

    /// Every event of the invitations given by their `sent` positions, in log order.
    public func history(ofSentPositions sentPositions: [UInt64]) throws -> [Event] {
        var positions: [UInt64] = []
        // The indexes name these positions: one missing from the log is damage, not an event to leave out.
        func missing(_ position: UInt64) -> ChainMismatch {
            ChainMismatch(position: position, detail: "the indexes name an event that is missing from the log")
        }
        for sentPosition in sentPositions {
            guard let sent = try record(at: sentPosition) else { throw missing(sentPosition) }
            // A follow-up there has no invitation of its own to list: damage, not an invitation with no events (audit 107 F4).
            guard sent.kind == .sent else {
                throw StorageError("the indexes name position \(sentPosition) as an invitation's sent, which it is not \(Self.indexRemedy)")
            }
            positions.append(contentsOf: try self.positions(ofInvitation: sent.sentInvitation) ?? [])
        }
        return try positions.sorted().map { position in
            guard let event = try event(at: position) else { throw missing(position) }
            return event
        }
    }

    /// Calls `body` with each record from `position` on, in order, until it returns false.
    public func scan(from position: UInt64 = 1, _ body: (EventRecord) throws -> Bool) throws {
        // The log's pages, once read, need not stay mapped: a scan's memory stays flat however long the log.
        var scanned = ScannedPages(txn: txn)
        defer { scanned.release() }
        try txn.withCursor(ledger.log) { cursor in
            guard let start = ledger.logKey(max(position, 1)) else { return }
            var entry = try start.withBytes { try cursor.seek(atLeast: $0) }
            while let current = entry {
                let at = LogKey.position(of: current.key)
                scanned.note(current.value, at: at)
                let record: EventRecord
                do {
                    record = try EventRecord.decode(current.value, position: at, prefixName: idPrefix)
                } catch {
                    throw StorageError("position \(at): \(error)")
                }
                guard try body(record) else { return }
                entry = try cursor.next()
            }
        }
    }

    /// The chain hash after `position` (zeros at 0), recomputed and checked over the stretch of the log that holds it.
    ///
    /// The stretch runs from the chain checkpoint before `position` to the next one, or to the
    /// head: every record's stored tag, that checkpoint and the head must agree with the hash
    /// recomputed over it (`checkChain`), or this throws `ChainMismatch`. So a read that hands
    /// out the event at `position` with this hash (`history`, `prove`, `digest`) trusts neither a
    /// stored hash nor a tag, which anyone editing the file could recompute, without the records
    /// up to the next stored hash agreeing: at most `Ledger.chainCheckpointInterval` records.
    public func chainHash(at position: UInt64) throws -> Digest {
        try chainHashes(at: [position])[0]
    }

    /// `chainHash(at:)` of each of `positions`, in their order, recomputing each stretch they fall in once (a long `history`).
    public func chainHashes(at positions: [UInt64]) throws -> [Digest] {
        let head = try head()
        let interval = Ledger.chainCheckpointInterval
        var hashes: [UInt64: Digest] = [0: .zero]
        for position in positions.sorted() where hashes[position] == nil {
            guard position <= head.position else { throw LedgerError("position \(position) is past the head \(head.position)") }
            let start = (position - 1) / interval * interval  // the checkpoint strictly before `position`, or 0
            let end = min((position + interval - 1) / interval * interval, head.position)
            var hash = Digest.zero
            if start > 0 {
                guard let stored = try BigEndianKey(start).withBytes({ try txn.get($0, in: ledger.chain) }),
                      let digest = Digest(stored) else {
                    throw ChainMismatch(position: start, detail: "the chain checkpoint at \(start) is missing")
                }
                hash = digest
            }
            try forEachCanonicalJSON(from: start + 1, through: end) { canonical, record in
                hash = HashChain.link(hash, canonical)
                do {
                    try checkChain(hash, at: record.position, storedTag: record.chainTag, tagMask: record.chainTagMask, head: head)
                } catch let mismatch as ChainMismatch where start > 0 && mismatch.position == start + 1 {
                    // The stretch starts from the stored checkpoint: the first record's tag also fails when that is what was damaged.
                    throw ChainMismatch(position: mismatch.position, detail: mismatch.detail
                        + " (or the chain checkpoint at \(start) before it was damaged)")
                }
                hashes[record.position] = hash
            }
        }
        return positions.map { hashes[$0] ?? .zero }
    }
}
