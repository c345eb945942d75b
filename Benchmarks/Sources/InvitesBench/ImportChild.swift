import Foundation
import LMDB
import Ledger

/// The body of `child-import`: one import of a JSON Lines file in one synced batch.
enum ImportChild {
    /// Imports `file` into a new store at `dir` with `system`; writes seconds, events and bytes to `out`.
    static func run(system: String, file: String, dir: String, out: String) throws {
        var report = ChildReport()
        switch system {
        case "invites": try importInvites(file: file, dir: dir, report: &report)
        case "sqlite": try importSQLite(file: file, dir: dir, report: &report)
        default: throw ChildProcess.Failure(description: "unknown system \(system)")
        }
        try report.write(to: out)
    }

    /// `invites import FILE --db DIR`, minus argument parsing and printing: the same Ledger calls.
    private static func importInvites(file: String, dir: String, report: inout ChildReport) throws {
        let source = LineReader(path: file)
        var outcome = AppendOutcome()
        let seconds = try timed {
            let ledger = try Ledger.open(at: dir)
            outcome = try ledger.append(skipInvalid: false) { writer in
                try ParsedLineFeed.forEach(noteLimit: writer.policy.noteLimit, reading: { line in
                    try source.forEachLine { number, bytes, tooLong in try line(number, bytes, tooLong, 0) }
                }) { line in
                    try writer.add(line: line.number, line.parsed)
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
        let source = LineReader(path: file)
        var appended = 0
        var store: SQLiteEventStore?
        let seconds = try timed {
            let opened = try SQLiteEventStore(path: dir + "/events.sqlite")
            store = opened
            let noteLimit = Policy().noteLimit
            let recordedAt = Timestamp.now()
            try opened.transaction {
                try source.forEachLine { number, line, tooLong in
                    guard !tooLong else { throw Rejection(.invalidEvent, "line \(number) is too long") }
                    if LineReader.isBlank(line) { return }
                    switch EventParser.parse(line: line, noteLimit: noteLimit) {
                    case .success(let event):
                        if try opened.add(event, recordedAt: recordedAt) { appended += 1 }
                    case .failure(let rejection):
                        throw rejection
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
    static let databases = ["log", "ids", "invitations", "pairs", "chain", "merkle", "meta", "names", "name-ids"]

    struct Breakdown {
        var total = 0
        var byDatabase: [(name: String, bytes: Int)] = []
        var fileBytes = 0
    }

    static func measure(path: String) throws -> Breakdown {
        let ledger = try Ledger.open(at: path)
        let environment = ledger.environment
        let pageSize = environment.info().pageSize
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
