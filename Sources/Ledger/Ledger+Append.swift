import LMDB
import Merkle

extension Ledger {
    /// Appends one batch in one write transaction; recorded whole, or (on a rejection without `skipInvalid`) not at all.
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
    public func append(skipInvalid: Bool = false, beforeCommit: ((LedgerView) throws -> Void)? = nil,
                       _ produce: (inout BatchWriter) throws -> Void) throws -> AppendOutcome {
        let recordedAt = Timestamp.now()
        var refused: AppendOutcome?
        do {
            let outcome = try environment.write { txn -> AppendOutcome in
                names.discardPending()
                // Created here, not outside: a retry after the map grew must start from no entries.
                let view = LedgerView(ledger: self, txn: txn, overlay: try IndexOverlay(ledger: self, txn: txn))
                let head = try view.head()
                let frontier = try view.merkleFrontier(head: head)
                var writer = try BatchWriter(view: view, policy: view.policy(), recordedAt: recordedAt,
                                         head: head, frontier: frontier)
                try produce(&writer)
                if writer.outcome.rejected > 0 && !skipInvalid {
                    refused = writer.outcome
                    throw BatchRefused()
                }
                try view.flushOverlay()
                if writer.outcome.appended > 0 {
                    var stored = BigEndianKey(writer.head.position).array
                    stored.append(contentsOf: writer.head.hash.array)
                    try txn.put(stored, forKey: Array("head".utf8), in: meta)
                    try txn.put(writer.finishMerkle().encoded, forKey: Array("frontier".utf8), in: meta)
                    try beforeCommit?(view)
                }
                var outcome = writer.outcome
                outcome.committed = true
                return outcome
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
        try append(skipInvalid: skipInvalid, beforeCommit: beforeCommit) { writer in
            for (index, event) in events.enumerated() {
                var normalised = event
                if let problem = EventValidation.normalise(&normalised) {
                    try writer.add(line: index + 1, .failure(Rejection(.invalidEvent, "\(normalised.subject): \(problem)")))
                } else {
                    try writer.add(line: index + 1, .success(normalised))
                }
            }
        }
    }
}

/// Thrown inside the write closure to abort a refused batch.
private struct BatchRefused: Error {}
