import LMDB
import Merkle

extension Ledger {
    /// Appends one batch, in one write transaction or in chunks (`commits`); recorded whole, or (on a rejection without `skipInvalid`) not at all.
    ///
    /// `produce` feeds the batch through the `BatchWriter`. It may be called more than once:
    /// when the map fills up the transaction is retried from the start, so `produce` must
    /// re-read its input from the beginning each time it is called.
    ///
    /// The batch's entries in the ids, invitations and pairs indexes wait in an `IndexOverlay`
    /// and are written, sorted, just before the commit; reads through `writer.view` see them.
    ///
    /// `beforeCommit`, when given, runs in the same transaction once the batch and the new head
    /// are written and something was appended: the projections catch up there, so they commit
    /// with the events (or, if it throws, nothing does).
    ///
    /// With `commits: .inChunks`, the batch is committed chunk by chunk, so that it holds one
    /// chunk's pages in memory: only for a ledger no one else can open until the batch is done
    /// (`BatchCommits`).
    public func append(skipInvalid: Bool = false, commits: BatchCommits = .atOnce,
                       beforeCommit: ((LedgerView) throws -> Void)? = nil,
                       _ produce: (inout BatchWriter) throws -> Void) throws -> AppendOutcome {
        try append(skipInvalid: skipInvalid, commits: commits, recordedAt: nil, beforeCommit: beforeCommit, produce)
    }

    /// `append(skipInvalid:commits:beforeCommit:_:)` with the time of recording given (tests compare batches recorded alike).
    ///
    /// Without one (nil), `recorded_at` is the clock once the batch holds the write lock, so it
    /// goes backwards along the log only when the clock is stepped back (`AppendOutcome.clockBehind`):
    /// read before waiting for another process's long write, a batch committed after it would
    /// have been stamped earlier than that write's events.
    func append(skipInvalid: Bool, commits: BatchCommits, recordedAt: Timestamp?, beforeCommit: ((LedgerView) throws -> Void)?,
                _ produce: (inout BatchWriter) throws -> Void) throws -> AppendOutcome {
        var refused: AppendOutcome?
        func write(_ txn: Transaction, chunks: BatchChunks?) throws -> AppendOutcome {
            names.discardPending()
            // Created here, not outside: a retry after the map grew must start from no entries.
            let view = LedgerView(ledger: self, txn: txn, overlay: try IndexOverlay(ledger: self, txn: txn))
            let head = try view.head()
            let frontier = try view.merkleFrontier(head: head)
            var writer = try BatchWriter(view: view, policy: view.policy(), recordedAt: recordedAt ?? .now(),
                                         head: head, frontier: frontier, chunks: chunks)
            // Read now: a batch written in chunks commits this transaction before it ends.
            let behind = Self.recordedAtBehind(writer.recordedAt, head: head, in: view)
            try produce(&writer)
            if writer.outcome.rejected > 0 && !skipInvalid {
                refused = writer.outcome
                refused?.clockBehind = behind.map { (writer.recordedAt, $0) }
                throw BatchRefused()
            }
            try writer.flushIndexes()
            // The writer's view: a batch written in chunks is in its last transaction by now.
            let last = writer.view
            if writer.outcome.appended > 0 {
                var stored = BigEndianKey(writer.head.position).array
                stored.append(contentsOf: writer.head.hash.array)
                try last.txn.put(stored, forKey: MetaKey.head, in: meta)
                try last.txn.put(writer.finishMerkle().encoded, forKey: MetaKey.frontier, in: meta)
                try beforeCommit?(last)
            }
            var outcome = writer.outcome
            outcome.committed = true
            outcome.clockBehind = behind.map { (writer.recordedAt, $0) }
            return outcome
        }
        do {
            let outcome: AppendOutcome
            switch commits {
            case .atOnce:
                outcome = try environment.write { txn in try write(txn, chunks: nil) }
            case .inChunks(let events):
                outcome = try environment.writeInChunks(leastRoom: 4 * BatchChunks.maxChunkBytes) { chunks in
                    try write(chunks.transaction, chunks: BatchChunks(write: chunks, names: names, events: events))
                }
            }
            names.commitPending()
            return outcome
        } catch is BatchRefused {
            names.discardPending()
            var outcome = refused ?? AppendOutcome()
            outcome.appended = 0
            outcome.firstPosition = nil
            outcome.lastPosition = nil
            outcome.invitations = []
            outcome.invitationsCreated = 0
            outcome.committed = false
            return outcome
        } catch {
            names.discardPending()
            throw error
        }
    }

    /// Appends events given in memory, normalising and validating each (item numbers stand for line numbers).
    public func append(_ events: [ProposedEvent], skipInvalid: Bool = false,
                       beforeCommit: ((LedgerView) throws -> Void)? = nil) throws -> AppendOutcome {
        try append(events, skipInvalid: skipInvalid, commits: .atOnce, recordedAt: nil, beforeCommit: beforeCommit)
    }

    /// `append(_:skipInvalid:beforeCommit:)`, committed as `commits` says, at the time of recording given.
    func append(_ events: [ProposedEvent], skipInvalid: Bool, commits: BatchCommits, recordedAt: Timestamp?,
                beforeCommit: ((LedgerView) throws -> Void)?) throws -> AppendOutcome {
        try append(skipInvalid: skipInvalid, commits: commits, recordedAt: recordedAt, beforeCommit: beforeCommit) { writer in
            for (index, event) in events.enumerated() {
                try writer.add(line: index + 1, EventValidation.normalised(event))
            }
        }
    }
}

extension Ledger {
    /// The last recorded event's `recorded_at` when it is later than `recordedAt`, the batch's clock; else nil.
    ///
    /// SPEC keeps `recorded_at` the real clock, so a clock stepped back makes it go backwards
    /// along the log: nothing reads it as ordered (positions order the log), but the user is told.
    /// A record that cannot be read says nothing here: `verify` is the place that reports it.
    static func recordedAtBehind(_ recordedAt: Timestamp, head: ChainHead, in view: LedgerView) -> Timestamp? {
        guard head.position > 0, let last = try? view.record(at: head.position)?.recordedAt, last > recordedAt else { return nil }
        return last
    }
}

/// Thrown inside the write closure to abort a refused batch.
private struct BatchRefused: Error {}
