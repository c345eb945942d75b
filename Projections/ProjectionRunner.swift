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
    /// A lag above this is replayed by a rebuild rather than applied event by event: 20,000 events, or 1/32 of the log.
    ///
    /// Applying in place runs at ≈ 100k events/s, a rebuild of the whole log at ≈ 3M/s: they
    /// cost the same at a lag of about a thirtieth of the log. A fixed 20,000 made every daily
    /// sync of 30,000 events into a 3.3M-event ledger a 2 s rebuild instead of a 0.3 s catch-up
    /// (audit 60 M2).
    public static func catchUpLimit(head: UInt64) -> UInt64 { max(20_000, head / 32) }
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
    let generations: [String: [[Database]]]

    /// A projection's stored state: which generation answers, of which version, up to which position.
    public struct StoredState: Equatable, Sendable {
        /// Which of the projection's two generations (0 or 1) answers queries.
        public var generation: UInt8
        /// The format version that generation was built with.
        public var version: UInt32
        /// The checkpoint: the last log position applied to that generation.
        public var position: UInt64
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
    static func state(_ name: String, in meta: Database, txn: Transaction) throws -> StoredState? {
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
}
