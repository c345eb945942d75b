import Foundation
import LMDB
import Ledger

/// The body of `child-import`: one import of a JSON Lines file, synced at the end.
enum ImportChild {
    /// Imports `file` into a new store at `dir` with `system`; writes seconds, events and bytes to `out`.
    ///
    /// invites writes in chunks (`inChunks`), as the CLI writes a first import, or in one transaction.
    static func run(system: String, file: String, dir: String, out: String, inChunks: Bool) throws {
        var report = ChildReport()
        switch system {
        case "invites": try importInvites(file: file, dir: dir, inChunks: inChunks, report: &report)
        case "sqlite": try importSQLite(file: file, dir: dir, report: &report)
        default: throw ChildProcess.Failure(description: "unknown system \(system)")
        }
        // The child's own peak: wait4's ru_maxrss can hold the harness's pages (Linux keeps the pre-exec high-water mark).
        if let hwm = ProjectionCases.peakResidentMiB() { report["hwm"] = String(hwm) }
        try report.write(to: out)
    }

    /// `invites import FILE --db DIR`, minus argument parsing and printing: the same Ledger calls.
    private static func importInvites(file: String, dir: String, inChunks: Bool, report: inout ChildReport) throws {
        let source = try JSONLinesFile.open(file)
        var outcome = AppendOutcome()
        let seconds = try timed {
            let ledger = try Ledger.open(at: dir)
            // In chunks, as the CLI writes a first import (in a folder of its own, renamed into place).
            let commits: BatchCommits = inChunks ? .inChunks(events: BatchCommits.chunkEvents) : .atOnce
            outcome = try ledger.append(skipInvalid: false, commits: commits) { writer in
                writer.listsInvitations = false  // as the CLI's sentence answer (its default) needs
                try source.forEachParsedLine { line in
                    if let event = line.event { try writer.add(line: line.number, event) }
                }
            }
        }
        guard outcome.committed, outcome.rejected == 0 else {
            throw ChildProcess.Failure(description: "import refused: \(outcome.rejections.prefix(3).map { "line \($0.line): \($0.rejection)" })")
        }
        report["seconds"] = String(seconds)
        report["events"] = String(outcome.appended)
        report["bytes"] = String(try LedgerStorage.measure(path: dir).total)
    }

    private static func importSQLite(file: String, dir: String, report: inout ChildReport) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let source = try JSONLinesFile.open(file)
        var appended = 0
        var store: SQLiteEventStore?
        let seconds = try timed {
            let opened = try SQLiteEventStore(path: dir + "/events.sqlite")
            store = opened
            let recordedAt = Timestamp.now()
            try opened.transaction {
                try source.forEachParsedLine { line in
                    switch line.event {
                    case .success(let event)?:
                        if try opened.add(event, recordedAt: recordedAt) { appended += 1 }
                    case .failure(let rejection)?:
                        throw rejection
                    case nil:
                        return
                    }
                }
            }
        }
        guard let store else { return }
        try store.checkpoint()
        report["seconds"] = String(seconds)
        report["events"] = String(appended)
        report["bytes"] = String(store.bytesOnDisk)
    }
}

/// Bytes a ledger's log and indexes take: LMDB pages per database × page size (projections apart).
enum LedgerStorage {
    /// The ledger's own databases (`Ledger.init`); projections keep theirs apart.
    static let databases = ["log", "ids", "invitations", "pairs", "chain", "merkle-nodes", "meta", "names", "name-ids"]

    struct Breakdown {
        var total = 0
        var byDatabase: [(name: String, bytes: Int)] = []
        var fileBytes = 0
    }

    static func measure(path: String) throws -> Breakdown {
        let ledger = try Ledger.open(at: path)
        let environment = ledger.environment
        let pageSize = environment.pageUsage().pageSize
        var handles: [Database] = []
        for name in databases {
            if let database = try environment.openExistingDatabase(name) { handles.append(database) }
        }
        var breakdown = Breakdown()
        try environment.read { txn in
            for database in handles {
                let bytes = try txn.pages(database) * pageSize
                breakdown.byDatabase.append((database.name, bytes))
                breakdown.total += bytes
            }
        }
        breakdown.fileBytes = environment.bytesOnDisk
        return breakdown
    }
}
