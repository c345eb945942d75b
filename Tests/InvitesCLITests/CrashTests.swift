import Foundation
import Testing

/// Generates a workload with `tools/generate.py` into `folder`.
func generateWorkload(events: Int, seed: Int, in folder: URL) throws -> URL {
    let file = folder.appendingPathComponent("workload-\(events)-\(seed).jsonl")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", Paths.repository.appendingPathComponent("tools/generate.py").path,
                         "--events", String(events), "--seed", String(seed), "--out", file.path]
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "the generator failed")
    return file
}

/// `kill -9` of an import at a random moment leaves a verifiable ledger holding the batch whole or not at all.
@Test func aKilledImportLeavesTheLedgerBeforeOrAfterTheBatch() throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = try generateWorkload(events: 2_000, seed: 11, in: folder)
    let big = try generateWorkload(events: 60_000, seed: 12, in: folder)
    var outcomes: Set<Int> = []
    for attempt in 0..<5 {
        let db = folder.appendingPathComponent("ledger-\(attempt)").path
        #expect(try invites(["import", first.path, "--db", db]).status == 0)
        let process = try startInvites(["import", big.path, "--db", db])
        usleep(useconds_t(Int.random(in: 20_000...900_000)))
        killIfRunning(process)
        process.waitUntilExit()
        let verify = try invites(["verify", "--db", db, "--format", "json"])
        #expect(verify.status == 0, "attempt \(attempt): \(verify.stdout) \(verify.stderr)")
        let events = verify.object["events"] as? Int ?? -1
        #expect(events == 2_000 || events == 62_000, "attempt \(attempt): \(events) events")
        outcomes.insert(events)
    }
    #expect(!outcomes.isEmpty)
}
