import LMDB
import Ledger

extension ProjectionRunner {
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

    /// Each projection's checkpoint and lag as stored, without catching up.
    public func health() throws -> [Health] {
        try ledger.read { view in try Self.health(in: view, meta: meta) }
    }

    /// Each projection's checkpoint and lag, and what `body` reads, in one snapshot, without making a runner.
    ///
    /// Nothing is created, so no writer lock is waited for: a runner creates the projections'
    /// databases on a ledger no query has read yet, which waits for any write in progress (a long
    /// import); `status` reads through this instead, and reports such projections as never built.
    /// The state database is opened before the snapshot begins, as LMDB requires of a handle used in it.
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
}
