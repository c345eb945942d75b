import LMDB
import Ledger

extension ProjectionRunner {
    /// A runner for `ledger` when its projections' databases exist; nil, without writing, on a ledger no query has read.
    public static func existing(ledger: Ledger) throws -> ProjectionRunner? {
        guard try databasesExist(in: ledger.environment) else { return nil }
        return try ProjectionRunner(ledger: ledger)
    }

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
    static func databasesExist(in environment: Environment) throws -> Bool {
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
            // the last one to begin finishes it, and the others answer from the log (`behindModel`).
            caughtUp = false
        } catch let error as LMDBError where error.isDiskRefusal {
            // A full disk cannot take the caught-up projections: nothing of the catch-up
            // was written, and the log answers the same, as while another process writes.
            caughtUp = false
        }
        guard caughtUp else {
            // Catching up would wait for another process's write (a long import) to commit: answer
            // from the stored projections and the events past them, as of the last commit, which
            // is the same answer (or from a fold of the whole log when the projections cannot serve).
            return try ledger.read { view in try body(try behindModel(view: view), view) }
        }
        return try ledger.read { view in
            // Another process may commit between the catch-up and this snapshot without catching the projections up in
            // its own commit (an import past `appendCatchUpLimit`): its events count too, as for projections behind
            // (audit 102 F1), not left out of an answer whose `history` and `log` would show them.
            let head = try view.head().position
            let current = try Self.kinds.allSatisfy { try state($0.name, txn: view.txn)?.position == head }
            return try body(current ? try storedModel(txn: view.txn) : try behindModel(view: view), view)
        }
    }

    /// What answers for the projections when they are behind the head of `view` and may not be caught up there.
    ///
    /// The stored projections with the events past their checkpoint folded over them
    /// (`TailOverlayModel`), when every projection is built by this build's version, at one
    /// checkpoint, and those events are at most half the log; else a fold of the whole log
    /// (projections never built, of another version, or rebuilt one at a time). Up to half, the
    /// tail costs no more time than the whole log's fold and less memory (`check` 45% behind on
    /// 1.1M events: 0.26 s and 56 MB against 0.25 s and 82 MB; review 67 measured 138 against
    /// 105 MB at 47% before the tail's scanned pages were let go as the whole fold's are).
    func behindModel(view: LedgerView) throws -> any ReadModel {
        if let checkpoint = try sharedCheckpoint(view: view) {
            return try TailOverlayModel(stored: try storedModel(txn: view.txn), checkpoint: checkpoint, view: view)
        }
        return FoldedReadModel(fold: try InvitationFold.build(view: view))
    }

    /// The checkpoint every projection of this build's version shares, when the events past it are at most half the log; else nil.
    func sharedCheckpoint(view: LedgerView) throws -> UInt64? {
        let head = try view.head().position
        var shared: UInt64?
        for kind in Self.kinds {
            guard let stored = try state(kind.name, txn: view.txn), stored.version == kind.version,
                  stored.position <= head, shared == nil || shared == stored.position else { return nil }
            shared = stored.position
        }
        guard let shared, head - shared <= head / 2 else { return nil }
        return shared
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
