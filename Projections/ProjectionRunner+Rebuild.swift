import Foundation
import LMDB
import Ledger

extension ProjectionRunner {
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
            if foldPosition < head { try apply(from: foldPosition + 1, through: head, view: view, targets: targets) }
            for entry in fresh {
                try entry.write.release(self, txn: txn, old: entry.old)
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
    /// pause that keeps two of them from overtaking each other every time. A projection that another
    /// rebuild switched over meanwhile (`finished`) is rebuilt already, from the log, and is left to
    /// it: the others run again (two `invites rebuild` at once failed one time in 300, audit 123).
    /// After `attempts` overtakings by a rebuild that started later, it gives up.
    public func rebuildAgainWhenOvertaken(_ names: [String] = [], attempts: Int = 5, progress: ((Progress) -> Void)? = nil,
                                          interruption: ((String) throws -> Void)? = nil) throws {
        var remaining = names.isEmpty ? Self.names : names
        var attempt = 1
        while true {
            do {
                try rebuild(remaining, progress: progress, interruption: interruption)
                return
            } catch let overtaken as RebuildSuperseded {
                if overtaken.finished {
                    remaining.removeAll { $0 == overtaken.name }
                    if remaining.isEmpty { return }
                } else {
                    guard attempt < attempts else { throw overtaken }
                    attempt += 1
                }
                Thread.sleep(forTimeInterval: Double.random(in: 0.02...0.2))
            }
        }
    }
}
