import LMDB
import Ledger

extension ProjectionRunner {
    /// Brings every projection up to the head.
    ///
    /// In place for a few events; by a rebuild for a projection never built, of another
    /// version, or far behind.
    ///
    /// With `unlessWriting`, returns false without writing when that needs a write while another
    /// write transaction is open (`Environment.isWriting`), instead of waiting for it, or when the
    /// ledger is open read-only; true once the projections are at the head.
    ///
    /// One query catches up at a time (`CatchUpTurn`): another that finds the projections behind
    /// meanwhile waits for it, then finds them at the head, instead of doing the same work again.
    /// With `unlessWriting`, a catch-up that meets another process's write (an import begun since
    /// it looked) gives up and returns false rather than wait for it, so that neither it nor the
    /// queries waiting for its turn wait behind the import (review 62 M2).
    @discardableResult
    public func catchUp(unlessWriting: Bool = false, progress: ((Progress) -> Void)? = nil) throws -> Bool {
        let first = try work()
        guard !first.isEmpty else { return true }
        if ledger.environment.isReadOnly, unlessWriting { return false }
        let turn = CatchUpTurn(ledger: ledger)
        return try turn.taking(patience: CatchUpTurn.patience(events: first.head), waiting: {
            Self.onWaitingForAnotherCatchUp?(ledger.path)
        }) {
            let work = try work()
            guard !work.isEmpty else { return true }
            if unlessWriting, ledger.environment.isWriting { return false }  // read-only returned above
            do {
                try Self.writing(givingUp: unlessWriting) {
                    if !work.rebuild.isEmpty { try rebuild(work.rebuild, progress: progress) }
                    guard work.behind else { return }
                    try ledger.environment.write { txn in
                        try catchUpBuilt(ledger.view(in: txn), skipping: work.rebuild)
                    }
                }
            } catch let error as LMDBError where unlessWriting && error.isWriterBusy {
                // A rebuild given up half way changed nothing: its claim and half-written generation
                // are cleared by the next rebuild, and the active generation still answers.
                return false
            }
            return true
        }
    }

    /// Called with a ledger's directory when a query waits for another's catch-up; set once, before any query.
    nonisolated(unsafe) public static var onWaitingForAnotherCatchUp: ((String) -> Void)?

    /// Runs `body`, whose writes give up rather than wait for another writer when `givingUp`.
    private static func writing(givingUp: Bool, _ body: () throws -> Void) throws {
        if givingUp { try Environment.withoutWaitingForOtherWriters(body) } else { try body() }
    }

    /// What catching up the projections to the head would do: which to rebuild, and whether others are behind.
    private struct CatchUpWork {
        /// The head the projections are to reach.
        var head: UInt64
        /// The projections to rebuild (never built, of another version, or far behind).
        var rebuild: [String]
        /// Whether a built projection is behind the head, to catch up in place.
        var behind: Bool
        /// Nothing to do: every projection is at the head.
        var isEmpty: Bool { rebuild.isEmpty && !behind }
    }

    /// What catching up the projections to the head of the last commit would do.
    private func work() throws -> CatchUpWork {
        let (head, states) = try ledger.read { view in
            (try view.head().position, try Self.kinds.map { try state($0.name, txn: view.txn) })
        }
        var rebuild: [String] = []
        var behind = false
        for (kind, stored) in zip(Self.kinds, states) {
            guard let stored, Self.canCatchUp(stored, kind, head: head, within: Self.catchUpLimit(head: head)) else {
                rebuild.append(kind.name)
                continue
            }
            if stored.position < head { behind = true }
        }
        return CatchUpWork(head: head, rebuild: rebuild, behind: behind)
    }

    /// Catches up, in the write transaction of `view`, each projection at most `appendCatchUpLimit` events behind its head.
    ///
    /// Appends call it just before they commit (`Ledger.append(beforeCommit:)`): the projections
    /// then commit with the events, and the queries after them only read — no write lock to
    /// take, and no fold of the log while another process writes. Projections never built, of
    /// another version or further behind (a large import) are left to the next query, which
    /// catches them up or rebuilds them.
    public func catchUpNearby(within view: LedgerView) throws {
        let head = try view.head().position
        var distant: [String] = []
        for kind in Self.kinds where !Self.canCatchUp(try state(kind.name, txn: view.txn), kind, head: head, within: Self.appendCatchUpLimit) {
            distant.append(kind.name)
        }
        try catchUpBuilt(view, skipping: distant)
    }

    /// Whether `stored` (a projection's state) can be caught up in place to `head`: built, of this build's version, at most `limit` behind.
    ///
    /// A checkpoint past the head is damage (no append writes one): the projection is rebuilt, as
    /// it would otherwise wait there and take no event until the log caught up with it.
    private static func canCatchUp(_ stored: StoredState?, _ kind: any Projection.Type, head: UInt64, within limit: UInt64) -> Bool {
        guard let stored, stored.version == kind.version, stored.position <= head else { return false }
        return head - stored.position <= limit
    }

    /// Applies the events past each built projection's checkpoint, in the write transaction of `view`.
    private func catchUpBuilt(_ view: LedgerView, skipping skipped: [String] = []) throws {
        let head = try view.head().position
        var targets: [(projection: any Projection, after: UInt64)] = []
        for kind in Self.kinds where !skipped.contains(kind.name) {
            guard let stored = try state(kind.name, txn: view.txn), stored.position < head else { continue }
            targets.append((projection(kind, generation: stored.generation), stored.position))
            try setState(StoredState(generation: stored.generation, version: stored.version, position: head),
                         of: kind.name, txn: view.txn)
        }
        guard let from = targets.map(\.after).min() else { return }
        try apply(from: from + 1, through: head, view: view, targets: targets)
    }

    /// The projections as of the head of `view`, a write transaction, caught up inside it.
    ///
    /// For a check that must hold when the event it allows is recorded (`send` judges the caps in
    /// the transaction that records the send, so parallel sends cannot all pass one free slot).
    /// Projections that would need a rebuild (never built, another version, far behind) are
    /// answered in the same transaction from what is stored and the events past it, or a fold
    /// of the log (`behindModel`) instead: a rebuild takes transactions of its own. Call
    /// `catchUp()` before, so this is the rare case.
    public func model(within view: LedgerView) throws -> any ReadModel {
        let head = try view.head().position
        for kind in Self.kinds {
            guard Self.canCatchUp(try state(kind.name, txn: view.txn), kind, head: head, within: Self.catchUpLimit(head: head)) else {
                return try behindModel(view: view)
            }
        }
        try catchUpBuilt(view)
        return try storedModel(txn: view.txn)
    }

    /// Applies the log's events in (from−1, through] to each target whose checkpoint is below them.
    func apply(from: UInt64, through head: UInt64, view: LedgerView,
                       targets: [(projection: any Projection, after: UInt64)]) throws {
        guard from <= head else { return }
        var expected = from
        try view.scan(from: from) { record in
            guard record.position <= head else { return false }
            // A record gone from the log (removed outside invites) would leave the projections short, with no word of it (audit 127).
            guard record.position == expected else {
                throw ChainMismatch.missingEvent(at: expected)
            }
            expected += 1
            let sent = try view.sentRecord(of: record)
            for target in targets where record.position > target.after {
                try reading(type(of: target.projection).name) { try target.projection.apply(record, sent: sent, txn: view.txn) }
            }
            return true
        }
        guard expected > head else {
            throw ChainMismatch.missingEvent(at: expected)
        }
    }
}
