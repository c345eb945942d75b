import LMDB
import Merkle

/// Records the events of one batch inside the ledger's write transaction, enforcing SPEC §2's rules.
///
/// Each event is checked against the ledger as it stands with the batch's earlier events
/// already applied, so a batch may send an invitation and accept it in the next line.
/// A refused event is skipped and reported; the caller decides whether the batch commits.
public struct BatchWriter {
    /// The ledger as it stands inside this batch (in its current transaction, for a batch written in chunks).
    public private(set) var view: LedgerView
    /// The policy in force (its `note_limit` applies to parsing).
    public let policy: Policy
    /// The batch's `recorded_at`: the clock once it held the write lock (unless a test gave one).
    ///
    /// An event that happens now (a `send` or follow-up without `--at`) takes it as its `at`, so
    /// the two agree to the millisecond and neither goes backwards along the log.
    public let recordedAt: Timestamp
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
    private var canonical: [UInt8] = []
    private var scratch = ByteWriter(capacity: 512)
    /// Set by `record` for a reminder without an id at the very time of its invitation's last reminder: that one's position.
    private var repeatedReminder: UInt64?
    /// A cursor on the log for the batch's appends, opened on the first (LMDB closes it with the transaction).
    private var logAppender: Cursor?
    /// JSON literals of interned names by category and id; names never change once interned.
    private var quotedNames: [UInt64: [UInt8]] = [:]
    /// The names the batch has met, with their ids (`BatchNameMemo`).
    private var nameMemo = BatchNameMemo()
    private let recordedAtQuoted: [UInt8]
    private var ledger: Ledger { view.ledger }
    private var txn: Transaction { view.txn }
    /// Where the batch's index entries wait until `Ledger.append` flushes them before the commit.
    private let overlay: IndexOverlay
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
        if let problem = EventValidation.noteProblem(proposed, noteLimit: policy.noteLimit) {
            throw Rejection(.invalidEvent, "\(proposed.subject): \(problem)")
        }
        if proposed.kind == .sent {
            try recordSent(proposed)
        } else {
            try recordFollowUp(proposed)
        }
    }

    private mutating func recordSent(_ proposed: ProposedEvent) throws {
        guard let account = proposed.account, let recipient = proposed.recipient else {
            throw Rejection(.invalidEvent, "\(proposed.subject): a sent needs account and recipient")
        }
        if let invitation = proposed.invitation, let positions = try view.positionList(ofInvitation: invitation) {
            let sent = positions.first ?? 0
            // A client's `inv-<number>` may be an id the ledger gave a send recorded without one: say so, or it reads as the client's own.
            let assigned = try view.record(at: sent).map { $0.explicitInvitation == nil } ?? false
            throw Rejection(.duplicateInvitation, "invitation \(invitation) was already sent "
                + (isInThisBatch(sent) ? "earlier in this batch, for position \(sent)" : "at position \(sent)")
                + (assigned ? " (an id the ledger gave a send recorded without one; ids of the form inv-<number> can meet those: give yours another form, such as crm-1)" : ""))
        }
        var pair = try invitedPair(account: account, recipient: recipient)
        if let pair {
            // The messages are built only when refusing: a re-invite that passes reads no record and makes no string.
            let pairName = { "pair \(account) → \(recipient)" }
            switch pair.status {
            case .pending:
                throw Rejection(.alreadyPending, "\(pairName()) already has invitation \(try invitationName(sentPosition: pair.latestSent)) pending")
            case .accepted:
                throw Rejection(.alreadyConnected, "\(pairName()) is connected (invitation \(try invitationName(sentPosition: pair.latestSent)) was accepted)")
            default: break
            }
            if pair.latestAt > proposed.at {
                throw Rejection(.outOfOrder, "\(pairName()): \(proposed.at) is earlier than its latest event at \(pair.latestAt)")
            }
        }
        let position = head.position + 1
        let accountID = try nameMemo.intern(.account, account, in: ledger.names, txn: txn)
        let source = proposed.source ?? "unknown"
        var record = EventRecord(
            kind: .sent, position: position, at: proposed.at, recordedAt: recordedAt,
            explicitID: try explicitID(proposed.id, position: position), sentPosition: position,
            explicitInvitation: try explicitInvitation(proposed.invitation, position: position),
            accountID: accountID, recipient: recipient,
            sourceID: try nameMemo.intern(.source, source, in: ledger.names, txn: txn), note: proposed.note,
            templateID: try proposed.template.map { try nameMemo.intern(.template, $0, in: ledger.names, txn: txn) },
            reason: nil, by: nil)
        let invitation = record.sentInvitation
        let pairEntry = overlay.recordSend(at: position, time: proposed.at, recipient: recipient, accountID: accountID, known: &pair)
        try overlay.withWriteKey(invitation) { overlay.setSentInvitation(sentPosition: position, pairEntry: pairEntry, invitationKey: $0) }
        canonical.removeAll(keepingCapacity: true)
        CanonicalJSON.append(
            kind: .sent, id: record.explicitID.map(CanonicalString.text) ?? .numbered(EventRecord.assignedIDPrefix, position), at: proposed.at,
            invitation: record.explicitInvitation.map(CanonicalString.text) ?? .numbered(EventRecord.assignedInvitationPrefix, position),
            account: .quoted(quotedName(.account, accountID, account)), recipient: .text(recipient),
            source: .quoted(quotedName(.source, record.sourceID, source)), note: proposed.note,
            template: proposed.template.map(CanonicalString.text), reason: nil, by: nil,
            position: position, recordedAt: .quoted(recordedAtQuoted), into: &canonical)
        try write(&record)
        outcome.invitationsCreated += 1
        if listsInvitations || outcome.invitations.isEmpty { outcome.invitations.append(invitation) }
    }

    private mutating func recordFollowUp(_ proposed: ProposedEvent) throws {
        let sentPosition: UInt64
        let sent: LedgerView.SentIdentity
        let account: String
        let recipient: String
        var pair: PairState
        var storedPositions: PositionList?
        // An invitation this batch sent is found with its pair in the batch's tables (`InvitationEntry`).
        var invitationEntry: Int?
        var pairEntry: Int?
        if let invitation = proposed.invitation {
            let known = try view.withLookupKey(invitation) { overlay.sentInvitation(key: $0) }
            if let known, let first = known.positions.first {
                let found = try overlay.pair(atEntry: known.pairEntry)
                storedPositions = known.positions
                sentPosition = first
                sent = LedgerView.SentIdentity(accountID: found.accountID, recipient: found.recipient, explicitInvitation: invitation)
                pair = found.state
                invitationEntry = known.entry
                pairEntry = known.pairEntry
            } else {
                guard let positions = try view.positionList(ofInvitation: invitation), let first = positions.first,
                      let found = try sentIdentity(at: first) else {
                    if let (account, recipient) = proposed.pair, let named = try invitedPair(account: account, recipient: recipient) {
                        throw Rejection(.invalidEvent, "invitation \(invitation) was never sent, and pair \(account) → \(recipient) "
                                        + "names its \(try pairInvitationPhrase(named))")
                    }
                    throw Rejection.neverSent(invitation: invitation)
                }
                storedPositions = positions
                sentPosition = first
                sent = found
                guard let state = try view.pairState(recipient: found.recipient ?? "", accountID: found.accountID) else {
                    throw StorageError("invitation \(invitation) has no pair entry")
                }
                pair = state
            }
            let positions = storedPositions ?? []
            account = try nameMemo.name(.account, sent.accountID, in: ledger.names, txn: txn)
            recipient = sent.recipient ?? ""
            let otherAccount = proposed.account.flatMap { $0.hasSameBytes(as: account) ? nil : $0 }
            let otherRecipient = proposed.recipient.flatMap { $0.hasSameBytes(as: recipient) ? nil : $0 }
            if otherAccount != nil || otherRecipient != nil {
                // Every field that disagrees is named (audit 100 F9: one named alone left the user guessing at the other).
                let differences = [otherAccount.map { "belongs to account \(account), not \($0)" },
                                   otherRecipient.map { "was sent to \(recipient), not \($0)" }].compactMap { $0 }
                throw Rejection(.invalidEvent, "invitation \(invitation) " + differences.joined(separator: ", and "))
            }
            if proposed.pair != nil, pair.latestSent != sentPosition {
                // The pair names its latest invitation (SPEC §2: its pending one, else the closed one).
                throw Rejection(.invalidEvent, "invitation \(invitation) disagrees with pair \(account) → \(recipient), "
                                + "which names its \(try pairInvitationPhrase(pair))")
            }
            if pair.latestSent != sentPosition || pair.status != .pending {
                let status = pair.latestSent == sentPosition ? pair.status.name : try closingStatus(of: positions)
                throw Rejection(.alreadyClosed, "invitation \(invitation) is already \(status)")
            }
        } else {
            guard let givenAccount = proposed.account, let givenRecipient = proposed.recipient else {
                throw Rejection(.invalidEvent, "\(proposed.subject): name the invitation, or account and recipient")
            }
            account = givenAccount
            recipient = givenRecipient
            guard let state = try invitedPair(account: account, recipient: recipient) else {
                throw Rejection.neverInvited(account: account, recipient: recipient)
            }
            pair = state
            sentPosition = pair.latestSent
            guard let found = try sentIdentity(at: sentPosition) else {
                throw StorageError("pair \(account) → \(recipient) names missing position \(sentPosition)")
            }
            sent = found
            if pair.status != .pending {
                throw Rejection(.alreadyClosed, "pair \(account) → \(recipient): its latest invitation \(try invitationName(sentPosition: sentPosition)) is already \(pair.status.name)")
            }
        }
        let invitation = sent.explicitInvitation ?? EventRecord.assignedInvitation(sentAt: sentPosition)
        if pair.latestAt > proposed.at {
            throw Rejection(.outOfOrder, "invitation \(invitation) (pair \(account) → \(recipient)): \(proposed.at) is earlier than its latest event at \(pair.latestAt)")
        }
        if proposed.kind == .reminded, proposed.id == nil, pair.latestAt == proposed.at, let last = storedPositions?.last,
           let earlier = try view.record(at: last), earlier.kind == .reminded, earlier.at == proposed.at {
            repeatedReminder = last
        }
        let position = head.position + 1
        var record = EventRecord(
            kind: proposed.kind, position: position, at: proposed.at, recordedAt: recordedAt,
            explicitID: try explicitID(proposed.id, position: position), sentPosition: sentPosition,
            explicitInvitation: nil, accountID: sent.accountID, recipient: nil, sourceID: 0, note: nil,
            templateID: nil, reason: proposed.reason, by: proposed.by)
        if let invitationEntry {
            storedPositions = nil  // a copy of the entry's list: kept, it would make the append below copy the list
            overlay.appendPosition(position, toInvitationEntry: invitationEntry)
        } else {
            try appendPosition(position, toInvitation: invitation, storedPositions: &storedPositions, sentPosition: sentPosition)
        }
        if let closing = proposed.kind.closingStatus { pair.status = closing }
        pair.latestAt = proposed.at
        if let pairEntry {
            overlay.setPair(pair, atEntry: pairEntry)
        } else {
            overlay.setPair(pair, recipient: recipient, accountID: sent.accountID)
        }
        canonical.removeAll(keepingCapacity: true)
        CanonicalJSON.append(
            kind: proposed.kind, id: record.explicitID.map(CanonicalString.text) ?? .numbered(EventRecord.assignedIDPrefix, position),
            at: proposed.at, invitation: .text(invitation), account: .quoted(quotedName(.account, sent.accountID, account)),
            recipient: .text(recipient), source: nil, note: nil, template: nil, reason: proposed.reason, by: proposed.by,
            position: position, recordedAt: .quoted(recordedAtQuoted), into: &canonical)
        try write(&record)
    }

    /// Writes the record (whose canonical JSON is in `canonical`, stamping its chain tag) and its id, then extends the hash chain and the Merkle tree.
    private mutating func write(_ record: inout EventRecord) throws {
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

    /// The most id prefixes the ledger interns; ids with a new prefix past it are stored plain,
    /// so clients whose ids rarely share a prefix cannot grow the name table without bound.
    static let idPrefixLimit: UInt32 = 4096

    /// `LedgerView.sentIdentity(at:)`, reading id prefixes through the batch's memo.
    private mutating func sentIdentity(at position: UInt64) throws -> LedgerView.SentIdentity? {
        try view.sentIdentity(at: position, prefixes: &overlay.prefixes)
    }

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

    /// Adds `position` to an invitation's positions (`storedPositions` when already read, which it empties).
    ///
    /// The caller's copy is dropped before the list grows: a list shared with a copy is copied
    /// whole on append, and an invitation with k follow-ups in one batch would cost k² (audit 48).
    private func appendPosition(_ position: UInt64, toInvitation invitation: String, storedPositions: inout PositionList?,
                                sentPosition: UInt64) throws {
        try overlay.withWriteKey(invitation) { key in
            var positions = storedPositions
            storedPositions = nil
            if overlay.holdsInvitation(key: key) {
                positions = nil
                overlay.appendPosition(position, toInvitationKey: key)
                return
            }
            var grown = try positions ?? view.positionList(ofInvitation: invitation) ?? [sentPosition]
            positions = nil
            grown.append(position)
            overlay.setPositions(grown, ofInvitationKey: key)
        }
    }

    /// The JSON string literal of an interned name, cached per id for the batch.
    private mutating func quotedName(_ category: NameTable.Category, _ id: UInt32, _ name: String) -> [UInt8] {
        let key = UInt64(category.rawValue) << 32 | UInt64(id)
        if let known = quotedNames[key] { return known }
        let literal = CanonicalString.literal(name)
        quotedNames[key] = literal
        return literal
    }

    /// The id to store: nil for the assigned `ev-<position>`, else the client's (or a variant when a client took the assigned one).
    private func explicitID(_ given: String?, position: UInt64) throws -> String? {
        try given ?? Self.variant(of: EventRecord.assignedID(at: position)) { try view.position(ofEventID: $0) != nil }
    }

    /// The invitation id to store: nil for the assigned `inv-<position>`.
    private func explicitInvitation(_ given: String?, position: UInt64) throws -> String? {
        try given ?? Self.variant(of: EventRecord.assignedInvitation(sentAt: position)) { try view.positionList(ofInvitation: $0) != nil }
    }

    /// Nil when no one holds the assigned id `assigned`; else its first variant `<assigned>-<n>` no one holds.
    private static func variant(of assigned: String, isTaken: (String) throws -> Bool) throws -> String? {
        guard try isTaken(assigned) else { return nil }
        var suffix = 1
        while try isTaken("\(assigned)-\(suffix)") { suffix += 1 }
        return "\(assigned)-\(suffix)"
    }

    /// The state of the pair `account` → `recipient` when it was ever invited (this batch included); else nil.
    private mutating func invitedPair(account: String, recipient: String) throws -> PairState? {
        guard let accountID = try nameMemo.lookup(.account, account, in: ledger.names, txn: txn) else { return nil }
        return try view.pairState(recipient: recipient, accountID: accountID)
    }

    /// How a message names the invitation a pair stands for: `pending invitation inv-2`, or `latest invitation inv-3 (withdrawn)`.
    private func pairInvitationPhrase(_ pair: PairState) throws -> String {
        let name = try invitationName(sentPosition: pair.latestSent)
        return pair.status == .pending ? "pending invitation \(name)" : "latest invitation \(name) (\(pair.status.name))"
    }

    /// The id of the invitation sent at `sentPosition`, said to be this batch's when it is: a refused batch records
    /// none of its own events, so its ids and positions would otherwise read as the ledger's (audit 100 F3).
    private func invitationName(sentPosition: UInt64) throws -> String {
        let name = try view.record(at: sentPosition)?.sentInvitation ?? EventRecord.assignedInvitation(sentAt: sentPosition)
        return isInThisBatch(sentPosition) ? "\(name) (sent earlier in this batch)" : name
    }

    /// Whether `position` is an event of this batch, not yet committed.
    private func isInThisBatch(_ position: UInt64) -> Bool {
        position >= outcome.firstPosition ?? .max
    }

    /// How an invitation that is not its pair's latest was closed, from its last closing event.
    private func closingStatus(of positions: PositionList) throws -> String {
        for position in positions.reversed() {
            if let closing = try view.record(at: position)?.kind.closingStatus { return closing.name }
        }
        return "closed"
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
        if let account = proposed.account, !account.hasSameBytes(as: recorded.account) { fields.append("account") }
        // A recipient recorded by a build whose normalisation knew fewer URL forms is compared as this build
        // normalises it: a retry of the same line is a duplicate, not an `id_conflict`.
        if let recipient = proposed.recipient, !recipient.hasSameBytes(as: recorded.recipient),
           !recipient.hasSameBytes(as: Identity.recipient(recorded.recipient)) { fields.append("recipient") }
        if !proposed.source.hasSameBytes(as: recorded.source) { fields.append("source") }
        if !proposed.note.hasSameBytes(as: recorded.note) { fields.append("note") }
        if !proposed.template.hasSameBytes(as: recorded.template) { fields.append("template") }
        if !proposed.reason.hasSameBytes(as: recorded.reason) { fields.append("reason") }
        if !proposed.by.hasSameBytes(as: recorded.by) { fields.append("by") }
        if proposed.at != recorded.at { fields.append("at") }
        guard let last = fields.popLast() else { return nil }
        return fields.isEmpty ? last : fields.joined(separator: ", ") + " and " + last
    }
}
