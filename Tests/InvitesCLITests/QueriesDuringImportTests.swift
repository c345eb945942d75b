import Foundation
import Testing

/// Queries answer at once from the last commit while another process imports: they never wait for LMDB's writer lock.
@Suite(.serialized)
struct QueriesDuringImportTests {
    @Test func queriesAnswerWhileAnImportHoldsTheWriterLock() throws {
        try withTemporaryLedger { db, folder in
            let seed = (1...20).map {
                #"{"type":"sent","id":"s-\#($0)","account":"acct-1","recipient":"seed-\#($0)","at":"2026-01-01T00:00:00Z"}"#
            }.joined(separator: "\n")
            #expect(try invites(["import", "-", "--db", db], input: seed).status == 0)
            #expect(try invites(["pending", "--account", "acct-1", "--db", db, "--format", "json"]).rows.count == 20)

            // An import long enough (seconds in a debug build) to be running while the queries run.
            let big = folder.appendingPathComponent("big.jsonl")
            var lines = ""
            lines.reserveCapacity(150_000 * 110)
            for index in 1...150_000 {
                lines += #"{"type":"sent","id":"b-\#(index)","account":"acct-1","recipient":"big-\#(index)","at":"2026-01-02T00:00:00Z"}"#
                lines += "\n"
            }
            try lines.write(to: big, atomically: true, encoding: .utf8)
            let importer = Process()
            importer.executableURL = URL(fileURLWithPath: Paths.binary)
            importer.arguments = ["import", big.path, "--db", db, "--skip-invalid"]
            importer.standardOutput = FileHandle.nullDevice
            importer.standardError = FileHandle.nullDevice
            try importer.run()
            defer { killIfRunning(importer) }
            Thread.sleep(forTimeInterval: 0.5)

            let started = Date()
            let pending = try invites(["pending", "--account", "acct-1", "--db", db, "--format", "json"])
            let status = try invites(["status", "--db", db, "--format", "json"])
            let check = try invites(["check", "--account", "acct-1", "--to", "big-1", "--db", db, "--format", "json"])
            let elapsed = Date().timeIntervalSince(started)
            guard importer.isRunning else {
                Issue.record("the import finished within \(elapsed) s, before the queries could overlap it; nothing was shown")
                return
            }
            // Answered from the commit before the import, while the import still runs.
            #expect(pending.status == 0 && pending.rows.count == 20, "\(pending.stderr)")
            #expect(status.status == 0 && status.object["events"] as? Int == 20, "\(status.stderr)")
            #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
            importer.waitUntilExit()
            #expect(importer.terminationStatus == 0)
            #expect(try invites(["status", "--db", db, "--format", "json"]).object["events"] as? Int == 150_020)
        }
    }
}
