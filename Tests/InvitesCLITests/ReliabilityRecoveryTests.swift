import Foundation
import LMDB
import Testing

/// A reader killed inside its transaction leaves a slot behind; the next open of the ledger clears it.
///
/// LMDB resets the whole reader table when the first process opens a ledger; this test covers the harder
/// case, where another process has the ledger open all along.
@Test(waitsOnChildren)
func staleReaderSlotsOfAKilledProcessAreClearedOnOpen() throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let workload = try generateWorkload(events: 5_000, seed: 31, in: folder)
    let db = folder.appendingPathComponent("ledger").path
    #expect(try invites(["import", workload.path, "--db", db]).status == 0)
    // A follower keeps the ledger open, so LMDB does not simply reset its lock table on the next open
    // (which it does when no other process has the ledger open) and the stale slot must be found and cleared.
    let follower = try startInvites(["log", "--follow", "--from", "1000000", "--db", db])
    // SIGKILL, not terminate(): children of the test runner inherit its blocked SIGTERM.
    defer { killIfRunning(follower); follower.waitUntilExit() }
    usleep(300_000)
    // LMDB's own `mdb_dump` holds one read transaction for its whole dump; with nobody reading its pipe it blocks
    // inside it. (`invites export` no longer does: it reads in slices and writes between them, audit 54.)
    let dump = "/usr/bin/mdb_dump"
    try #require(FileManager.default.isExecutableFile(atPath: dump), "mdb_dump is missing: tools/ensure-deps.sh installs lmdb-utils")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: dump)
    process.arguments = ["-s", "log", db]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    usleep(800_000)
    killIfRunning(process)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal, "the dump finished before it could be killed")
    let environment = try Environment(path: db)
    #expect(environment.staleReadersClearedOnOpen >= 1)
    // The ledger stays fully usable for writers and readers.
    let more = #"{"type":"sent","account":"acct-new","recipient":"urn:li:person:after-kill","at":"2030-01-01T00:00:00Z"}"#
    #expect(try invites(["import", "-", "--db", db], input: more + "\n").status == 0)
    #expect(try verifiedEventCount(db).events == 5_001)
}

/// After imports killed at random moments, the projections catch up to exactly what a fresh rebuild gives.
@Test(waitsOnChildren)
func projectionsCatchUpAfterKilledImportsToTheStateOfAFreshRebuild() throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let workload = try generateWorkload(events: 8_000, seed: 32, in: folder)
    let lines = try String(contentsOf: workload, encoding: .utf8).split(separator: "\n")
    let db = folder.appendingPathComponent("ledger").path
    var imported = 0
    var kills = 0
    for (index, chunk) in stride(from: 0, to: lines.count, by: 2_000).enumerated() {
        let file = folder.appendingPathComponent("chunk-\(index).jsonl")
        try (lines[chunk..<min(chunk + 2_000, lines.count)].joined(separator: "\n") + "\n")
            .write(to: file, atomically: false, encoding: .utf8)
        // A query builds or catches up the projections between batches.
        #expect(try invites(["pending", "--db", db, "--format", "json", "--now", "2030-01-01T00:00:00Z"]).status == 0) // a ledger not created yet reads as empty
        let process = try startInvites(["import", file.path, "--db", db])
        usleep(useconds_t(Int.random(in: 5_000...120_000)))
        killIfRunning(process)
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal { kills += 1 }
        let count = try verifiedEventCount(db).events
        #expect(count == imported || count == imported + 2_000 || (imported == 0 && count == -1))
        if count != imported + 2_000 {
            #expect(try invites(["import", file.path, "--db", db]).status == 0)
        }
        imported += 2_000
    }
    let now = "2030-01-01T00:00:00Z"
    let queries: [[String]] = [["pending"], ["cooldown"], ["metrics", "--by", "source"], ["metrics", "--by", "weekday"]]
    let caughtUp = try queries.map { try invites($0 + ["--db", db, "--format", "json", "--now", now]).stdout }
    #expect(try invites(["rebuild", "--db", db]).status == 0)
    let rebuilt = try queries.map { try invites($0 + ["--db", db, "--format", "json", "--now", now]).stdout }
    #expect(caughtUp == rebuilt)
    #expect(!caughtUp[0].isEmpty && caughtUp[0] != "[]\n")
    print("reliability: \(kills) import kills between queries; caught-up projections equal a fresh rebuild")
}
