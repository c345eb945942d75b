import Foundation
import Testing

/// Knobs for the reliability tests: `RELIABILITY_KILLS` and `RELIABILITY_EVENTS` scale the kill test up for a soak run.
enum ReliabilityScale {
    static func value(_ name: String, default fallback: Int) -> Int {
        ProcessInfo.processInfo.environment[name].flatMap(Int.init) ?? fallback
    }
    /// How many SIGKILLs the crash test delivers.
    static var kills: Int { value("RELIABILITY_KILLS", default: 20) }
    /// How many events the killed import carries.
    static var events: Int { value("RELIABILITY_EVENTS", default: 6_000) }
}

/// The `verify --format json` result of a ledger: (exit status, events, whole output).
func verifiedEventCount(_ db: String) throws -> (status: Int32, events: Int, output: String) {
    let run = try invites(["verify", "--db", db, "--format", "json"])
    return (run.status, run.object["events"] as? Int ?? -1, run.stdout + run.stderr)
}

/// Copies a closed ledger directory (its data file; LMDB recreates the lock file).
func copyLedger(_ source: String, to destination: String) throws {
    try? FileManager.default.removeItem(atPath: destination)
    try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: false,
                                            attributes: [.posixPermissions: 0o700])
    try FileManager.default.copyItem(atPath: source + "/data.mdb", toPath: destination + "/data.mdb")
}

/// Twenty SIGKILLs of a large import at random moments: each leaves a verifiable ledger holding the batch whole or not at all.
///
/// The ledger is seeded with the file's first 500 lines, so "before" is 500 events and "after" is the whole file
/// (the seeded lines come back as duplicates). Kills land between 10 ms and 1.1 × the measured length of an
/// uninterrupted import, so some hit the commit itself and some come after it. A committed ledger is reset from
/// a pristine copy of the seeded one, which keeps every verify after a kill short.
@Test(waitsOnChildren)
func twentyKilledImportsLeaveTheLedgerBeforeOrAfterTheBatch() throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let total = ReliabilityScale.events
    let big = try generateWorkload(events: total, seed: 21, in: folder)
    let seedFile = folder.appendingPathComponent("seed.jsonl")
    let lines = try String(contentsOf: big, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
    try (lines.prefix(500).joined(separator: "\n") + "\n").write(to: seedFile, atomically: false, encoding: .utf8)

    let pristine = folder.appendingPathComponent("pristine").path
    #expect(try invites(["import", seedFile.path, "--db", pristine]).status == 0)
    #expect(try verifiedEventCount(pristine).events == 500)

    // One uninterrupted run measures how long the import takes and proves the "after" count.
    let reference = folder.appendingPathComponent("reference").path
    try copyLedger(pristine, to: reference)
    let started = Date()
    let whole = try invites(["import", big.path, "--db", reference, "--format", "json"])
    let duration = Date().timeIntervalSince(started)
    #expect(whole.status == 0, "\(whole.stderr)")
    #expect(whole.object["appended"] as? Int == total - 500)
    #expect(whole.object["duplicates"] as? Int == 500)
    let after = try verifiedEventCount(reference)
    #expect(after.status == 0 && after.events == total, "\(after.output)")

    let db = folder.appendingPathComponent("ledger").path
    try copyLedger(pristine, to: db)
    var generator = SystemRandomNumberGenerator()
    var before = 0, committed = 0, kills = 0, attempts = 0
    // Kills land in [10 ms, window]; a run that finished before its kill is no kill, and shrinks the window
    // (the machine may be faster now than during the measurement).
    var window = max(0.05, duration)
    let target = ReliabilityScale.kills
    while kills < target && attempts < target * 3 {
        attempts += 1
        let process = try startInvites(["import", big.path, "--db", db])
        let delay = Double.random(in: 0.010...window, using: &generator)
        usleep(useconds_t(delay * 1_000_000))
        killIfRunning(process)
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal {
            kills += 1
        } else {
            window = max(0.05, window * 0.8)
        }
        let state = try verifiedEventCount(db)
        #expect(state.status == 0, "attempt \(attempts) after \(Int(delay * 1000)) ms: \(state.output)")
        #expect(state.events == 500 || state.events == total,
                "attempt \(attempts) after \(Int(delay * 1000)) ms: \(state.events) events")
        if state.events == total {
            committed += 1
            try copyLedger(pristine, to: db)
        } else {
            before += 1
        }
    }
    #expect(kills >= target, "only \(kills) of \(attempts) runs were killed before they finished")
    // The ledger stays usable: an import after the last kill completes.
    let finish = try invites(["import", big.path, "--db", db, "--format", "json"])
    #expect(finish.status == 0, "\(finish.stderr)")
    #expect(try verifiedEventCount(db).events == total)
    print("reliability: \(kills) SIGKILLs in \(attempts) runs of a \(total)-event import (\(Int(duration * 1000)) ms uninterrupted): \(before) left it before the batch, \(committed) after, none lost or doubled")
}
