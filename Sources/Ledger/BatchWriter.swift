import LMDB
import Merkle

/// Records the events of one batch inside the ledger's write transaction, enforcing SPEC §2's rules.
///
/// Each event is checked against the ledger as it stands with the batch's earlier events
/// already applied, so a batch may send an invitation and accept it in the next line.
/// A refused event is skipped and reported; the caller decides whether the batch commits.
///
/// A `sent` is recorded in `+Sent`, a follow-up in `+FollowUp`; the ids stored in `+IDs`.
public struct BatchWriter {
    /// The ledger as it stands inside this batch (in its current transaction, for a batch written in chunks).
    public private(set) var view: LedgerView
    /// The policy in force (its `note_limit` applies to parsing).
    public let policy: Policy
    /// The batch's `recorded_at`: the clock once it held the write lock (unless a test gave one).
    ///
    /// An event that happens now (a `send` or follow-up without `--at`) takes it as its `at`, so
    /// the two agree to the millisecond, and neither goes backwards along the log while the clock does not.
    public let recordedAt: Timestamp
    /// The hash chain's head: the last event recorded, this batch's included.
    var head: ChainHead
    /// The batch's Merkle tree, extended with each event (on a thread of its own in a large batch).
    private let merkle: BatchMerkle
    /// What the batch has done so far.
    public internal(set) var outcome = AppendOutcome()
    /// Whether `outcome.invitations` lists every invitation the batch creates, or only the first.
    ///
    /// An import answering in a sentence names the invitation only when it created one: a
    /// million-event import's list of ids would take ≈ 8 MB it never prints.
    public var listsInvitations = true
    /// The canonical JSON (JCS) of the event being recorded, which the chain and the tree hash.
    var canonical: [UInt8] = []
    private var scratch = ByteWriter(capacity: 512)
    /// The position of the reminder that the event being recorded repeats, or nil.
    ///
    /// Set by `recordFollowUp` for a reminder without an id at the very time of its invitation's last reminder.
    var repeatedReminder: UInt64?
    /// A cursor on the log for the batch's appends, opened on the first (LMDB closes it with the transaction).
    private var logAppender: Cursor?
    /// JSON literals of interned names by category and id; names never change once interned.
    private var quotedNames: [UInt64: [UInt8]] = [:]
    /// The names the batch has met, with their ids (`BatchNameMemo`).
    var nameMemo = BatchNameMemo()
    /// `recordedAt` as a JSON string literal, for every event's canonical JSON.
    let recordedAtQuoted: [UInt8]
    /// The ledger the batch writes to.
    var ledger: Ledger { view.ledger }
    /// The write transaction the batch writes in now.
    var txn: Transaction { view.txn }
    /// Where the batch's index entries wait until `Ledger.append` flushes them before the commit.
    let overlay: IndexOverlay
    /// Where and when a batch written in chunks commits (nil: at once).
    private let chunks: BatchChunks?

    init(view: LedgerView, policy: Policy, recordedAt: Timestamp, head: ChainHead, frontier: MerkleFrontier,
         chunks: BatchChunks? = nil) throws {
        guard let overlay = view.overlay else { throw LedgerError("a batch needs a view with an index overlay") }
        self.overlay = overlay
        self.chunks = chunks
        self.view = view
        self.policy = policy
        self.recordedAt = recordedAt
        recordedAtQuoted = recordedAt.quotedRFC3339
        self.head = head
        merkle = BatchMerkle(frontier: frontier, storedFrom: Ledger.lowestStoredMerkleLevel)
        canonical.reserveCapacity(512)
    }

    /// Adds one parsed line (or its parse failure) to the batch.
    public mutating func add(line: Int, _ parsed: Result<ProposedEvent, Rejection>) throws {
        switch parsed {
        case .failure(let rejection):
            outcome.rejections.append((line, rejection))
        case .success(let event):
            do {
                repeatedReminder = nil
                try record(event)
                if let earlier = repeatedReminder { outcome.repeatedReminders.append((line, earlier)) }
            } catch let rejection as Rejection {
                outcome.rejections.append((line, rejection))
            }
        }
        if let chunks, chunks.isFull { try commitChunk(chunks) }
    }

    /// Commits the batch so far and goes on in a new transaction (`BatchCommits.inChunks`); the index entries wait, most out of memory (`IndexOverlay.spill`).
    private mutating func commitChunk(_ chunks: BatchChunks) throws {
        chunks.releaseMappedPages()
        try overlay.spill()
        continueIn(try chunks.commit())
    }

    /// Goes on in `txn`, the next transaction of a batch written in chunks.
    private mutating func continueIn(_ txn: Transaction) {
        overlay.continueIn(txn)
        view = LedgerView(ledger: ledger, txn: txn, overlay: overlay)
        logAppender = nil  // its transaction is gone
    }

    /// How many invitations the batch's table holds now (tests watch it stay bounded in a batch written in chunks).
    var heldInvitations: Int { overlay.invitations.count }

    /// How many pairs the batch's table holds now.
    var heldPairs: Int { overlay.pairs.count }

    /// Writes the batch's index entries before the commit: in one go, or for a batch written in chunks, in chunks.
    mutating func flushIndexes() throws {
        guard let chunks else { return try view.flushOverlay() }
        continueIn(try overlay.flush(ledger: ledger, txn: view.txn, chunks: chunks))
    }

    /// Adds one event to the batch (normalising it first), throwing its `Rejection` when a rule refuses it.
    public mutating func add(_ event: ProposedEvent) throws {
        try record(try EventValidation.normalised(event).get())
        if let chunks, chunks.isFull { try commitChunk(chunks) }
    }

    /// Records one normalised event: a duplicate counted, an id conflict or a rule broken thrown as its `Rejection`.
    private mutating func record(_ proposed: ProposedEvent) throws {
        if let id = proposed.id, let existingPosition = try view.position(ofEventID: id) {
            guard let existing = try view.event(at: existingPosition) else {
                throw StorageError("event \(id) is indexed at missing position \(existingPosition)")
            }
            if let difference = Self.difference(proposed, existing) {
                // An event of this batch is not recorded yet (a refused batch records nothing): say where it came from.
                let inThisBatch = isInThisBatch(existingPosition)
                // A client's `ev-<number>` may be an id the ledger gave an event recorded without one: say so, or it reads as the client's own.
                let assigned = try view.record(at: existingPosition).map { $0.explicitID == nil } ?? false
                let whereGiven = switch (inThisBatch, assigned) {
                case (true, false): "is already given earlier in this batch, for position \(existingPosition)"
                case (true, true): "is the id the ledger gave an event without one earlier in this batch, at position \(existingPosition)"
                case (false, false): "is already recorded at position \(existingPosition)"
                case (false, true): "is the id the ledger gave an event recorded without one, at position \(existingPosition)"
                }
                throw Rejection(.idConflict, "event \(id) \(whereGiven) (invitation \(existing.invitation), pair \(existing.account) → \(existing.recipient)) with a different \(difference)"
                    + (assigned ? "; ids of the form ev-<number> can meet those: give yours another form, such as e-1" : ""))
            }
            outcome.duplicates += 1
            return
        }
        // After the duplicate check (SPEC §2: it comes before every other rule), as the policy may have changed since.
        if let problem = EventValidation.noteCheck(proposed, noteLimit: policy.noteLimit) {
            throw Rejection(.invalidEvent, "\(proposed.subject): \(problem.message)", noteLength: problem.lengthOverLimit)
        }
        if proposed.kind == .sent {
            try recordSent(proposed)
        } else {
            try recordFollowUp(proposed)
        }
    }

    /// Writes the record (whose canonical JSON is in `canonical`, stamping its chain tag) and its id, then extends the hash chain and the Merkle tree.
    mutating func write(_ record: inout EventRecord) throws {
        let position = record.position
        guard let logKey = ledger.logKey(position) else {
            throw StorageError("position \(position) does not fit the log's \(ledger.logKeyWidth)-byte keys")
        }
        head = ChainHead(position: position, hash: HashChain.link(head.hash, canonical))
        record.chainTag = head.hash.tag
        var out = ByteWriter(capacity: 0)
        swap(&out, &scratch)
        defer { swap(&out, &scratch) }
        out.bytes.removeAll(keepingCapacity: true)
        try record.encode(into: &out) { prefix in try overlay.internPrefix(prefix) }
        // One cursor for the whole batch stays on the log's last key, so each append skips the descent from the root.
        var appender = try logAppender ?? txn.transactionCursor(ledger.log)
        do {
            try logKey.withBytes { keyBytes in
                try out.bytes.withUnsafeBytes { try appender.append($0, forKey: keyBytes) }
            }
        } catch let error as LMDBError where error.isKeyExists {
            // No append writes past the head: a record there came from outside, said so since the raw MDB_KEYEXIST says nothing.
            throw StorageError("the log already holds a record at or after position \(position), past its head \(position - 1): "
                + "the ledger was changed or damaged outside invites (`invites verify` names the first problem)")
        }
        logAppender = appender
        let id = record.id
        try overlay.withWriteKey(id) { try overlay.addID(key: $0, of: id, position: position) }
        if position % Ledger.chainCheckpointInterval == 0 {
            try BigEndianKey(position).withBytes { keyBytes in try head.hash.withBytes { try txn.put($0, forKey: keyBytes, in: ledger.chain) } }
        }
        let (merkleTxn, merkleNodes) = (txn, ledger.merkle)
        try merkle.append(canonical) { try Self.store($0, txn: merkleTxn, in: merkleNodes) }
        outcome.appended += 1
        chunks?.noteAppended(recordBytes: out.bytes.count)
        if outcome.firstPosition == nil { outcome.firstPosition = position }
        outcome.lastPosition = position
    }

    /// Waits for the batch's Merkle tree to take in every event, stores its last nodes, and returns its frontier.
    func finishMerkle() throws -> MerkleFrontier {
        let (merkleTxn, merkleNodes) = (txn, ledger.merkle)
        return try merkle.finish { try Self.store($0, txn: merkleTxn, in: merkleNodes) }
    }

    /// Stores one of the tree's upper nodes; keys grow in completion order, so each is an append.
    ///
    /// Static, and given what it needs, so that the closures passed to `BatchMerkle` capture two
    /// values rather than a copy of the whole writer (two copies per event: 5.6% of the writing
    /// thread's instructions in an import, callgrind).
    private static func store(_ node: BatchMerkle.Node, txn: Transaction, in merkleNodes: Database) throws {
        try txn.put(node.hash.array, forKey: LedgerMerkleNodes.key(level: node.level, index: node.index),
                    in: merkleNodes, options: .append)
    }

    /// The JSON string literal of an interned name, cached per id for the batch.
    mutating func quotedName(_ category: NameTable.Category, _ id: UInt32, _ name: String) -> [UInt8] {
        let key = UInt64(category.rawValue) << 32 | UInt64(id)
        if let known = quotedNames[key] { return known }
        let literal = CanonicalString.literal(name)
        quotedNames[key] = literal
        return literal
    }

    /// The state of the pair `account` → `recipient` when it was ever invited (this batch included); else nil.
    mutating func invitedPair(account: String, recipient: String) throws -> PairState? {
        guard let accountID = try nameMemo.lookup(.account, account, in: ledger.names, txn: txn) else { return nil }
        return try view.pairState(recipient: recipient, accountID: accountID)
    }

    /// The id of the invitation sent at `sentPosition`, said to be this batch's when it is.
    ///
    /// A refused batch records none of its own events, so its ids and positions would otherwise
    /// read as the ledger's (audit 100 F3).
    func invitationName(sentPosition: UInt64) throws -> String {
        let name = try view.record(at: sentPosition)?.sentInvitation ?? EventRecord.assignedInvitation(sentAt: sentPosition)
        return isInThisBatch(sentPosition) ? "\(name) (sent earlier in this batch)" : name
    }

    /// Whether `position` is an event of this batch, not yet committed.
    func isInThisBatch(_ position: UInt64) -> Bool {
        position >= outcome.firstPosition ?? .max
    }

    /// The fields in which a retried event differs from the recorded one (`recipient and at`), or nil when it is the same event.
    ///
    /// Fields the ledger fills in (invitation, account, recipient) are compared only when the
    /// retry gives them; content fields (source, note, template, reason, by) must match,
    /// absent or present. Text is compared by its bytes, as it is stored (no Unicode normalisation).
    /// Another type is said alone (its other fields cannot match); `at` is said last, as a command
    /// run without `--at` differs in it by its clock alone, and the other fields say more.
    static func difference(_ proposed: ProposedEvent, _ recorded: Event) -> String? {
        if proposed.kind != recorded.kind { return "type" }
        var fields: [String] = []
        if let invitation = proposed.invitation, !invitation.hasSameBytes(as: recorded.invitation) { fields.append("invitation") }
        if let account = proposed.account, !account.hasSameBytes(as: recorded.account) {
            // Canonically equal, another spelling of the same letters (NFC and NFD): said, as both print alike (audit 109 F7).
            fields.append(account == recorded.account ? "account (the same letters in another Unicode form)" : "account")
        }
        // A recipient recorded by a build whose normalisation knew fewer URL forms is compared as this build
        // normalises it: a retry of the same line is a duplicate, not an `id_conflict`.
        if let recipient = proposed.recipient, !recipient.hasSameBytes(as: recorded.recipient),
           !recipient.hasSameBytes(as: Identity.recipient(recorded.recipient)) { fields.append("recipient") }
        if !proposed.source.hasSameBytes(as: recorded.source) { fields.append("source") }
        if !proposed.note.hasSameBytes(as: recorded.note) { fields.append("note") }
        if !proposed.template.hasSameBytes(as: recorded.template) { fields.append("template") }
        if !proposed.reason.hasSameBytes(as: recorded.reason) { fields.append("reason") }
        if !proposed.by.hasSameBytes(as: recorded.by) { fields.append("by") }
        // Both times named: a retry is a duplicate once given the recorded one, which the message alone did not tell (audit 153).
        if proposed.at != recorded.at { fields.append("at (recorded \(recorded.at.rfc3339), this one \(proposed.at.rfc3339))") }
        guard let last = fields.popLast() else { return nil }
        return fields.isEmpty ? last : fields.joined(separator: ", ") + " and " + last
    }
}
