import Foundation
import LMDB
import Ledger

/// Keeps the projections caught up with the log, rebuilds them without downtime, and hands queries a read model.
///
/// Each projection has two generations of databases and a stored state (active generation,
/// version, checkpoint) in `proj.meta`. Catch-up applies new events to the active
/// generation and moves the checkpoint in the same write transaction. A rebuild folds the
/// log in memory, writes the inactive generation in large transactions, and switches the
/// active generation in one final transaction, so readers see the old state until then;
/// a rebuild killed half way leaves only an unused generation, cleared by the next one.
///
/// ```swift
/// let runner = try ProjectionRunner(ledger: ledger)
/// let rows = try runner.query { model, view in try model.pending(accountID: nil) }
/// ```
public final class ProjectionRunner {
    /// The projections this build knows, in the order `status` lists them.
    public static let kinds: [any Projection.Type] = [PendingList.self, CooldownTable.self, AcceptanceMetrics.self]
    /// Their names.
    public static var names: [String] { kinds.map { $0.name } }
    /// A lag above this is replayed by a rebuild rather than applied event by event.
    public static let catchUpLimit: UInt64 = 20_000
    /// The most events an append catches up before its commit (`catchUpNearby`): about 20 ms on
    /// this project's machine (an append applies ≈ 100k events/s), so a small append stays fast
    /// and a large import leaves the work to the next query, as it did before.
    public static let appendCatchUpLimit: UInt64 = 2_000
    /// About how many bytes of entries a rebuild writes per transaction (LMDB keeps them on the heap until commit).
    public var rebuildBatchBytes = 8 << 20

    /// The ledger whose log the projections follow.
    public let ledger: Ledger
    let meta: Database
    /// Each projection's databases, per generation.
    private let generations: [String: [[Database]]]

    /// A projection's stored state: which generation answers, of which version, up to which position.
    public struct StoredState: Equatable, Sendable {
        /// Which of the projection's two generations (0 or 1) answers queries.
        public var generation: UInt8
        /// The format version that generation was built with.
        public var version: UInt32
        /// The checkpoint: the last log position applied to that generation.
        public var position: UInt64
    }

    /// One projection's checkpoint and lag, as `status` shows them.
    public struct Health: Equatable, Sendable {
        /// The projection's name (`pending`, `cooldown`, `metrics`).
        public var name: String
        /// Its checkpoint: the last log position applied (0 when never built).
        public var position: UInt64
        /// How many events the log holds past the checkpoint.
        public var lag: UInt64
        /// Nil when never built; else whether its version is this build's.
        public var current: Bool?

        /// Creates a health entry.
        public init(name: String, position: UInt64, lag: UInt64, current: Bool?) {
            self.name = name
            self.position = position
            self.lag = lag
            self.current = current
        }
    }

    /// What a rebuild is doing, for a progress bar.
    public struct Progress: Sendable {
        /// What the rebuild is doing: `replaying the log`, or `writing <projection>`.
        public var phase: String
        /// How much of it is done: positions replayed, or projections written.
        public var done: UInt64
        /// How much there is to do, in the same unit as `done`.
        public var total: UInt64
    }

    /// The database holding each projection's stored state (generation, version, position).
    static let metaDatabaseName = "proj.meta"

    /// Opens (creating when missing) the projections' databases in the ledger's environment.
    public init(ledger: Ledger) throws {
        self.ledger = ledger
        let environment = ledger.environment
        meta = try environment.openDatabase(Self.metaDatabaseName)
        var generations: [String: [[Database]]] = [:]
        for kind in Self.kinds {
            generations[kind.name] = try (0...1).map { (generation: UInt8) in
                try kind.databaseRoles.map { role in
                    try environment.openDatabase(kind.databaseName(role: role, generation: generation))
                }
            }
        }
        self.generations = generations
    }

    // MARK: stored state

    func state(_ name: String, txn: Transaction) throws -> StoredState? {
        try Self.state(name, in: meta, txn: txn)
    }

    /// The stored state of projection `name` in the projections' `meta` database, or nil when never built.
    private static func state(_ name: String, in meta: Database, txn: Transaction) throws -> StoredState? {
        guard let stored = try txn.get(Array(name.utf8), in: meta) else { return nil }
        var input = StateReader(stored)
        return StoredState(generation: try input.byte(), version: try input.uint32(), position: try input.uint64())
    }

    func setState(_ state: StoredState, of name: String, txn: Transaction) throws {
        var out = StateWriter()
        out.byte(state.generation)
        out.uint32(state.version)
        out.uint64(state.position)
        try txn.put(out.bytes, forKey: Array(name.utf8), in: meta)
    }

    func projection(_ kind: any Projection.Type, generation: UInt8) -> any Projection {
        kind.init(databases: databases(kind, generation: generation))
    }

    /// A projection's databases in one generation.
    func databases(_ kind: any Projection.Type, generation: UInt8) -> [Database] {
        generations[kind.name]?[Int(generation & 1)] ?? []
    }

    /// Each projection's checkpoint and lag as stored, without catching up.
    public func health() throws -> [Health] {
        try ledger.read { view in try Self.health(in: view, meta: meta) }
    }

    /// Each projection's checkpoint and lag, and what `body` reads, in one snapshot, without making a runner: nothing is created, so no writer lock is waited for.
    ///
    /// A runner creates the projections' databases on a ledger no query has read yet, which waits
    /// for any write in progress (a long import); `status` reads through this instead, and reports
    /// such projections as never built. The state database is opened before the snapshot begins,
    /// as LMDB requires of a handle used in it.
    public static func health<R>(of ledger: Ledger, with body: (LedgerView) throws -> R) throws -> ([Health], R) {
        let meta = try ledger.environment.openExistingDatabase(metaDatabaseName)
        return try ledger.read { view in (try health(in: view, meta: meta), try body(view)) }
    }

    private static func health(in view: LedgerView, meta: Database?) throws -> [Health] {
        let head = try view.head().position
        return try kinds.map { kind in
            let stored = try meta.flatMap { try state(kind.name, in: $0, txn: view.txn) }
            let position = stored?.position ?? 0
            return Health(name: kind.name, position: position, lag: head > position ? head - position : 0,
                          current: stored.map { $0.version == kind.version })
        }
    }

    // MARK: catch-up

    /// Brings every projection up to the head: in place for a few events, by a rebuild for a
    /// projection never built, of another version, or far behind.
    ///
    /// With `unlessWriting`, returns false without writing when that needs a write while another
    /// write transaction is open (`Environment.isWriting`), instead of waiting for it, or when the
    /// ledger is open read-only; true once the projections are at the head.
    @discardableResult
    public func catchUp(unlessWriting: Bool = false, progress: ((Progress) -> Void)? = nil) throws -> Bool {
        let (head, states) = try ledger.read { view in
            (try view.head().position, try Self.kinds.map { try state($0.name, txn: view.txn) })
        }
        var rebuildNames: [String] = []
        var behind = false
        for (kind, stored) in zip(Self.kinds, states) {
            guard let stored, Self.canCatchUp(stored, kind, head: head, within: Self.catchUpLimit) else {
                rebuildNames.append(kind.name)
                continue
            }
            if stored.position < head { behind = true }
        }
        if unlessWriting, !rebuildNames.isEmpty || behind, ledger.environment.isReadOnly || ledger.environment.isWriting { return false }
        if !rebuildNames.isEmpty { try rebuild(rebuildNames, progress: progress) }
        guard behind else { return true }
        try ledger.environment.write { txn in
            try catchUpBuilt(ledger.view(in: txn), skipping: rebuildNames)
        }
        return true
    }

    /// A runner for `ledger` when its projections' databases exist; nil, without writing, on a ledger no query has read.
    public static func existing(ledger: Ledger) throws -> ProjectionRunner? {
        guard try databasesExist(in: ledger.environment) else { return nil }
        return try ProjectionRunner(ledger: ledger)
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
    /// answered from a fold of the log in the same transaction instead: a rebuild takes
    /// transactions of its own. Call `catchUp()` before, so this is the rare case.
    public func model(within view: LedgerView) throws -> any ReadModel {
        let head = try view.head().position
        for kind in Self.kinds {
            guard Self.canCatchUp(try state(kind.name, txn: view.txn), kind, head: head, within: Self.catchUpLimit) else {
                return FoldedReadModel(fold: try InvitationFold.build(view: view))
            }
        }
        try catchUpBuilt(view)
        return try storedModel(txn: view.txn)
    }

    /// Applies the log's events in (from−1, through] to each target whose checkpoint is below them.
    private func apply(from: UInt64, through head: UInt64, view: LedgerView,
                       targets: [(projection: any Projection, after: UInt64)]) throws {
        guard from <= head else { return }
        try view.scan(from: from) { record in
            guard record.position <= head else { return false }
            let sent = try view.sentRecord(of: record)
            for target in targets where record.position > target.after {
                try target.projection.apply(record, sent: sent, txn: view.txn)
            }
            return true
        }
    }

    // MARK: rebuild

    /// Replays the log into fresh databases for the named projections (all when empty) and switches over in one transaction.
    ///
    /// Each projection's new generation is written in batches of about `rebuildBatchBytes`
    /// (see `GenerationWrite`). `interruption` is called after each projection's new
    /// generation is written and before the switch; a test throws from it to show that a
    /// rebuild stopped half way changes nothing.
    public func rebuild(_ names: [String] = [], progress: ((Progress) -> Void)? = nil,
                        interruption: ((String) throws -> Void)? = nil) throws {
        let kinds = Self.kinds.filter { names.isEmpty || names.contains($0.name) }
        guard !kinds.isEmpty else { return }
        var (fold, oldStates) = try ledger.read { view in
            let head = try view.head().position
            let fold = try InvitationFold.build(view: view) { position in
                progress?(Progress(phase: "replaying the log", done: position, total: head))
            }
            return (fold, try kinds.map { try state($0.name, txn: view.txn) })
        }
        fold.finishFolding()
        progress?(Progress(phase: "replaying the log", done: fold.position, total: fold.position))
        var fresh: [(write: GenerationWrite, generation: UInt8, old: StoredState?)] = []
        for (index, (kind, old)) in zip(kinds, oldStates).enumerated() {
            let write = GenerationWrite(kind: kind)
            let generation = try write.run(self, fold: fold, old: old, batchBytes: rebuildBatchBytes)
            fresh.append((write, generation, old))
            progress?(Progress(phase: "writing \(kind.name)", done: UInt64(index + 1), total: UInt64(kinds.count)))
            try interruption?(kind.name)
        }
        let foldPosition = fold.position
        fold = InvitationFold()
        try ledger.environment.write { txn in
            let view = ledger.view(in: txn)
            let head = try view.head().position
            let targets = fresh.map { (projection: projection($0.write.kind, generation: $0.generation), after: foldPosition) }
            try apply(from: foldPosition + 1, through: head, view: view, targets: targets)
            for entry in fresh {
                try entry.write.release(self, txn: txn)
                try setState(StoredState(generation: entry.generation, version: entry.write.kind.version, position: head),
                             of: entry.write.kind.name, txn: txn)
                // The old generation is unused from this commit on (readers keep their snapshot); free its pages
                // here rather than in a transaction (and a synced commit) of its own.
                if entry.old != nil {
                    for database in databases(entry.write.kind, generation: 1 - entry.generation) { try txn.clear(database) }
                }
            }
        }
    }

    /// `rebuild`, started again when another process's rebuild of the same projection overtook it.
    ///
    /// A query on projections never built (after an import) rebuilds them itself, so a `rebuild`
    /// asked for at that moment meets it: the one that claims last goes on, the other stops having
    /// changed nothing (`RebuildSuperseded`). The rebuild asked for runs again, after a short random
    /// pause that keeps two of them from overtaking each other every time; after `attempts` it gives up.
    public func rebuildAgainWhenOvertaken(_ names: [String] = [], attempts: Int = 5, progress: ((Progress) -> Void)? = nil,
                                          interruption: ((String) throws -> Void)? = nil) throws {
        for attempt in 1...max(attempts, 1) {
            do {
                try rebuild(names, progress: progress, interruption: interruption)
                return
            } catch is RebuildSuperseded where attempt < attempts {
                Thread.sleep(forTimeInterval: Double.random(in: 0.02...0.2))
            }
        }
    }

    // MARK: queries

    /// `query(_:progress:_:)` on a runner made for it, or on a fold of the log when even making one would wait.
    ///
    /// A runner creates the projections' databases that do not exist yet (a ledger no query has
    /// read), which takes LMDB's writer lock: while another process writes, or when the ledger is
    /// open read-only, such a ledger is answered from a fold of the log as of its last commit instead.
    public static func query<R>(ledger: Ledger, _ travel: TimeTravel = TimeTravel(), progress: ((Progress) -> Void)? = nil,
                                _ body: (any ReadModel, LedgerView) throws -> R) throws -> R {
        if ledger.environment.isReadOnly || ledger.environment.isWriting, try !databasesExist(in: ledger.environment) {
            return try folded(ledger, travel, body)
        }
        let runner: ProjectionRunner
        do {
            runner = try ProjectionRunner(ledger: ledger)
        } catch let error as LMDBError where error.isDiskRefusal {
            // A full disk cannot take the projections' databases; the log still answers.
            return try folded(ledger, travel, body)
        }
        return try runner.query(travel, progress: progress, body)
    }

    /// Runs `body` on a fold of the log's prefix `travel` names (the whole log when it names none), in one snapshot.
    private static func folded<R>(_ ledger: Ledger, _ travel: TimeTravel,
                                  _ body: (any ReadModel, LedgerView) throws -> R) throws -> R {
        try ledger.read { view in
            let fold = try InvitationFold.build(view: view, through: travel.position, asOf: travel.asOf)
            return try body(FoldedReadModel(fold: fold), view)
        }
    }

    /// Whether every database a runner opens exists already (read without writing).
    private static func databasesExist(in environment: Environment) throws -> Bool {
        let names = [metaDatabaseName] + kinds.flatMap { kind in
            (0...1).flatMap { (generation: UInt8) in kind.databaseRoles.map { kind.databaseName(role: $0, generation: generation) } }
        }
        return try names.allSatisfy { try environment.openExistingDatabase($0) != nil }
    }

    /// Catches up (or, for time travel, folds the log's prefix) and runs `body` on one consistent snapshot.
    public func query<R>(_ travel: TimeTravel = TimeTravel(), progress: ((Progress) -> Void)? = nil,
                         _ body: (any ReadModel, LedgerView) throws -> R) throws -> R {
        if travel.isActive { return try Self.folded(ledger, travel, body) }
        let caughtUp: Bool
        do {
            caughtUp = try catchUp(unlessWriting: true, progress: progress)
        } catch is RebuildSuperseded {
            // Several processes met projections never built (a new ledger) and each began the rebuild;
            // the last one to begin finishes it, and the others answer from the log.
            caughtUp = false
        } catch let error as LMDBError where error.isDiskRefusal {
            // A full disk cannot take the caught-up projections: nothing of the catch-up
            // was written, and the log answers the same, as while another process writes.
            caughtUp = false
        }
        guard caughtUp else {
            // Catching up would wait for another process's write (a long import) to commit:
            // answer from a fold of the log as of the last commit instead, which is the same answer.
            return try Self.folded(ledger, travel, body)
        }
        return try ledger.read { view in
            try body(try storedModel(txn: view.txn), view)
        }
    }

    /// The stored projections' active generations, read through `txn`.
    public func storedModel(txn: Transaction) throws -> StoredReadModel {
        func active(_ kind: any Projection.Type) throws -> [Database] {
            let generation = try state(kind.name, txn: txn)?.generation ?? 0
            return generations[kind.name]?[Int(generation & 1)] ?? []
        }
        return StoredReadModel(pendingList: PendingList(databases: try active(PendingList.self)),
                               cooldownTable: CooldownTable(databases: try active(CooldownTable.self)),
                               acceptanceMetrics: AcceptanceMetrics(databases: try active(AcceptanceMetrics.self)),
                               txn: txn)
    }
}
