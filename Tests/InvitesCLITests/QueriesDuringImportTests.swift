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

            let importer = try Self.startLongImport(db: db, folder: folder)
            defer { killIfRunning(importer) }

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
            #expect(try invites(["status", "--db", db, "--format", "json"]).object["events"] as? Int == Self.longImportEvents + 20)
        }
    }

    /// A `send` that must wait for another process's write does not take the catch-up turn first, which would keep every query waiting for that write (review 63 M1).
    @Test func aSendWaitingForAWriterKeepsNoQueryWaiting() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/flock") else { return }
        try withTemporaryLedger { db, _ in
            // One send every 3 hours over seven accounts: no cap is reached (8 a week each).
            let format = ISO8601DateFormatter()
            let sends = { (range: ClosedRange<Int>) in
                range.map { index in
                    let at = format.string(from: Date(timeIntervalSince1970: 1_735_689_600 + Double(index) * 10_800))
                    return #"{"type":"sent","account":"acct-\#(index % 7)","recipient":"r-\#(index)","at":"\#(at)"}"#
                }.joined(separator: "\n") + "\n"
            }
            #expect(try invites(["import", "-", "--db", db], input: sends(1...10)).status == 0)
            #expect(try invites(["pending", "--db", db, "--limit", "1"]).status == 0)
            #expect(try invites(["import", "-", "--db", db], input: sends(11...2_500)).status == 0)  // projections left behind
            // Another process's write, 3 s long (flock(1) holding writer.lock stands in for an import).
            let writer = Process()
            writer.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
            writer.arguments = ["--exclusive", db + "/writer.lock", "/bin/sleep", "3"]
            try writer.run()
            defer { killIfRunning(writer) }
            Thread.sleep(forTimeInterval: 0.2)
            let send = try startInvites(["send", "--db", db, "--account", "acct-1", "--to", "new-person", "--at", "2026-01-02T00:00:00Z"])
            defer { killIfRunning(send) }
            Thread.sleep(forTimeInterval: 0.3)
            let started = Date()
            let check = try invites(["check", "--db", db, "--account", "acct-2", "--to", "someone", "--now", "2026-01-02T00:00:00Z"])
            let elapsed = Date().timeIntervalSince(started)
            #expect(writer.isRunning, "the write ended before the check: nothing was shown")
            #expect(check.status == 0 && elapsed < 1.5, "\(elapsed) s: \(check.stderr)")
            send.waitUntilExit()
            #expect(send.terminationStatus == 0)
        }
    }

    /// Queries whose projections lag the log (never built, or left behind by an import too large
    /// to catch them up in its own commit) would have to write first, and so wait for the import: they answer
    /// from a fold of the log instead.
    @Test(arguments: [false, true])
    func queriesOnLaggingProjectionsAnswerWhileAnImportHoldsTheWriterLock(builtBefore: Bool) throws {
        try withTemporaryLedger { db, folder in
            func seed(_ numbers: ClosedRange<Int>) -> String {
                numbers.map {
                    #"{"type":"sent","id":"s-\#($0)","account":"acct-1","recipient":"seed-\#($0)","source":"src-\#($0 % 3)","at":"2026-01-01T00:00:00Z"}"#
                }.joined(separator: "\n")
            }
            #expect(try invites(["import", "-", "--db", db], input: seed(1...15)).status == 0)
            if builtBefore {
                #expect(try invites(["pending", "--account", "acct-1", "--db", db, "--format", "json"]).rows.count == 15)
            }
            // An import of more than `appendCatchUpLimit` (2,000) events leaves built projections behind.
            let total = builtBefore ? 2_020 : 20
            #expect(try invites(["import", "-", "--db", db], input: seed(16...total)).status == 0)
            let importer = try Self.startLongImport(db: db, folder: folder)
            defer { killIfRunning(importer) }

            let started = Date()
            let pending = try invites(["pending", "--account", "acct-1", "--db", db, "--format", "json"])
            let check = try invites(["check", "--account", "acct-1", "--to", "seed-3", "--db", db, "--format", "json"])
            let metrics = try invites(["metrics", "--by", "source", "--db", db, "--format", "json"])
            let health = try invites(["status", "--db", db, "--format", "json"])
            let elapsed = Date().timeIntervalSince(started)
            // Checked after the last query: every answer above was given while the import ran.
            guard importer.isRunning else {
                Issue.record("the import finished within \(elapsed) s, before the queries could overlap it; nothing was shown")
                return
            }
            #expect(pending.status == 0 && pending.rows.count == total, "\(pending.stderr)")
            #expect(check.status == 3 && check.stdout.contains("pending"), "\(check.stdout) \(check.stderr)")
            #expect(metrics.status == 0, "\(metrics.stderr)")
            // The projections were left as they were: still not built while the import runs.
            let lags = (health.object["projections"] as? [[String: Any]] ?? []).compactMap { $0["lag"] as? Int }
            #expect(lags.count == 3 && lags.allSatisfy { $0 == (builtBefore ? total - 15 : total) }, "\(health.stdout)")
            importer.waitUntilExit()
            #expect(importer.terminationStatus == 0)
            // Once the import committed, the same queries catch up and answer from the projections: the same answers for the seed.
            let after = try invites(["metrics", "--by", "source", "--db", db, "--format", "json", "--position", "\(total)"])
            #expect(after.stdout == metrics.stdout, "\(after.stdout) vs \(metrics.stdout)")
            let caughtUp = try invites(["check", "--account", "acct-1", "--to", "seed-3", "--db", db, "--format", "json"])
            #expect(caughtUp.stdout == check.stdout)
        }
    }

    /// Starts `invites import` of `longImportEvents` new events into `db` (seconds in a debug build), and lets it take the writer lock.
    /// Events in the long import: enough for a debug build to take several seconds, on a busy machine too.
    static let longImportEvents = 150_000

    static func startLongImport(db: String, folder: URL) throws -> Process {
        let big = folder.appendingPathComponent("big.jsonl")
        var lines = ""
        lines.reserveCapacity(longImportEvents * 110)
        for index in 1...longImportEvents {
            lines += #"{"type":"sent","id":"b-\#(index)","account":"acct-1","recipient":"big-\#(index)","at":"2026-01-02T00:00:00Z"}"#
            lines += "\n"
        }
        try lines.write(to: big, atomically: false, encoding: .utf8)
        let importer = try startInvites(["import", big.path, "--db", db, "--skip-invalid"])
        Thread.sleep(forTimeInterval: 0.5)
        return importer
    }
}
