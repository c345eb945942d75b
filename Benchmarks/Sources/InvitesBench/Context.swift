import Foundation
import Ledger

/// What the cases share in one run: the workload, the settings, and what earlier cases left behind.
final class Context {
    /// Events in the workload.
    let events: Int
    /// The workload: N events as JSON Lines.
    let file: String
    /// A 100,000-event workload for the memory comparison, when N is larger.
    let smallFile: String?
    let repeats: Int
    /// Single durable appends per run.
    let singles: Int
    /// Scratch directory for ledgers and databases (removed at the end).
    let workDir: String

    /// The ledger and SQLite database the last import left, used by verify, rebuild and storage.
    var importedLedger: String?
    var importedSQLite: String?
    /// Per-database bytes of the imported ledger.
    var storage: LedgerStorage.Breakdown?
    private var parsedCache: [ProposedEvent]?
    private var recordCache: RecordSet?

    init(events: Int, file: String, smallFile: String?, repeats: Int, singles: Int, workDir: String) {
        self.events = events
        self.file = file
        self.smallFile = smallFile
        self.repeats = repeats
        self.singles = singles
        self.workDir = workDir
    }

    /// A new, empty path under the work directory.
    func scratch(_ name: String) -> String {
        let path = workDir + "/" + name
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    /// The workload parsed with `EventParser` (not timed: the append cases start from parsed events).
    func parsedEvents() throws -> [ProposedEvent] {
        if let parsedCache { return parsedCache }
        log("parsing \(file) into memory for the append cases")
        var parsed: [ProposedEvent] = []
        try JSONLinesFile.open(file).forEachParsedLine { line in
            switch line.event {
            case .success(let event)?: parsed.append(event)
            case .failure(let rejection)?: throw ChildProcess.Failure(description: "line \(line.number): \(rejection)")
            case nil: return
            }
        }
        parsedCache = parsed
        return parsed
    }

    /// The stored record bytes of the imported ledger's log, for the raw LMDB peer.
    func storedRecords() throws -> RecordSet {
        if let recordCache { return recordCache }
        guard let importedLedger else { throw ChildProcess.Failure(description: "the raw peer needs the import case's ledger") }
        let records = try RawLMDB(path: importedLedger).values()
        recordCache = records
        return records
    }

    /// Events appended singly per run, and the batched events before them.
    var singleCount: Int { min(singles, events / 2) }
}

/// Progress on standard error.
func log(_ message: String) {
    FileHandle.standardError.write(Data(("bench: " + message + "\n").utf8))
}
