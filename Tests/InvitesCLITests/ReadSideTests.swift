import Foundation
import Testing

/// A small ledger through the CLI: two sends, one accepted.
private func seed(_ db: String) throws {
    let lines = """
    {"type":"sent","invitation":"i1","account":"a","recipient":"https://www.linkedin.com/in/Jane-Doe/","at":"2026-01-05T09:00:00Z","source":"s1","note":"Hi"}
    {"type":"sent","invitation":"i2","account":"a","recipient":"linkedin.com/in/bob","at":"2026-01-06T09:00:00Z"}
    {"type":"accepted","invitation":"i2","at":"2026-01-07T09:00:00Z"}
    """
    let result = try invites(["import", "-", "--db", db], input: lines + "\n")
    #expect(result.status == 0, "\(result.stderr)")
}

/// `send` refuses a policy-breaking send with exit 3 naming the reason, and records it with --force.
@Test func sendRefusesByPolicyAndForceRecords() throws {
    try withTemporaryLedger { db, _ in
        try seed(db)
        var result = try invites(["send", "--account", "a", "--to", "linkedin.com/in/bob", "--at", "2026-01-08T00:00:00Z", "--db", db])
        #expect(result.status == 3)
        #expect(result.stderr.contains("invites: connected:"))
        result = try invites(["send", "--account", "a", "--to", "linkedin.com/in/jane-doe", "--at", "2026-01-08T00:00:00Z", "--db", db])
        #expect(result.status == 3 && result.stderr.contains("invites: pending:"))
        // Invalid first: an empty recipient exits 1 before any check.
        result = try invites(["send", "--account", "a", "--to", " ", "--db", db])
        #expect(result.status == 1 && result.stderr.contains("invalid_event"))
        // Allowed: recorded.
        result = try invites(["send", "--account", "a", "--to", "linkedin.com/in/carol", "--at", "2026-01-08T00:00:00Z",
                              "--db", db, "--format", "json"])
        #expect(result.status == 0 && (result.object["appended"] as? Int) == 1)
        // Forced past the policy, the lifecycle rules still apply: already_connected exits 1.
        result = try invites(["send", "--account", "a", "--to", "linkedin.com/in/bob", "--at", "2026-01-09T00:00:00Z",
                              "--force", "--db", db])
        #expect(result.status == 1 && result.stderr.contains("already_connected"))
        result = try invites(["check", "--account", "a", "--to", "linkedin.com/in/carol", "--now", "2026-01-09T00:00:00Z",
                              "--db", db, "--format", "json"])
        #expect(result.status == 3 && (result.object["reason"] as? String) == "pending")
    }
}

/// `--as-of` sets now, so giving `--now` too is a malformed command line (SPEC §3); so is a time zone that does not exist.
@Test func asOfWithNowAndAnUnknownZoneAreMalformedCommandLines() throws {
    try withTemporaryLedger { db, _ in
        try seed(db)
        var result = try invites(["pending", "--as-of", "2026-01-06T00:00:00Z", "--now", "2026-01-06T00:00:00Z", "--db", db])
        #expect(result.status == 64, "\(result.stderr)")
        result = try invites(["metrics", "--tz", "Mars/Olympus", "--db", db])
        #expect(result.status == 64, "\(result.stderr)")
    }
}

/// `--position` counts a prefix of the log without touching the projections; a plain query catches them up, and `status` shows the lag before and none after.
@Test func positionCountsAPrefixAndAQueryCatchesTheProjectionsUp() throws {
    try withTemporaryLedger { db, _ in
        try seed(db)
        var result = try invites(["status", "--db", db, "--format", "json"])
        let before = result.object["projections"] as? [[String: Any]] ?? []
        #expect(before.map { $0["name"] as? String } == ["pending", "cooldown", "metrics"])
        #expect(before.allSatisfy { ($0["lag"] as? Int) == 3 })
        result = try invites(["pending", "--position", "2", "--now", "2026-01-08T00:00:00Z", "--db", db, "--format", "json"])
        #expect(result.rows.map { $0["invitation"] as? String } == ["i1", "i2"])
        result = try invites(["pending", "--now", "2026-01-08T00:00:00Z", "--db", db, "--format", "json"])
        #expect(result.rows.map { $0["invitation"] as? String } == ["i1"])
        result = try invites(["status", "--db", db, "--format", "json"])
        #expect((result.object["projections"] as? [[String: Any]])?.map { $0["lag"] as? Int } == [0, 0, 0])
    }
}

/// Every report prints something in table and CSV form, and `rebuild` says what it rebuilt.
@Test func everyReportPrintsAsATableAndAsCSV() throws {
    try withTemporaryLedger { db, _ in
        try seed(db)
        var result: RunResult
        for format in ["table", "csv"] {
            for command in [["pending"], ["cooldown"], ["metrics", "--by", "template"], ["check", "--account", "a", "--to", "x"]] {
                result = try invites(command + ["--db", db, "--format", format])
                #expect(result.status == 0 && !result.stdout.isEmpty, "\(command) \(format): \(result.stderr)")
            }
        }
        result = try invites(["rebuild", "--db", db, "--format", "json"])
        #expect(result.status == 0 && result.stdout.contains("\"rebuilt\""))
    }
}

/// `rebuild` killed by SIGKILL half way leaves the old projections answering; the next rebuild completes.
@Test func aKilledRebuildLeavesTheOldProjectionsAnswering() throws {
    try withTemporaryLedger { db, folder in
        let sample = folder.appendingPathComponent("sample.jsonl").path
        let generator = Paths.repository.appendingPathComponent("tools/generate.py").path
        let gen = Process()
        gen.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gen.arguments = ["python3", generator, "--events", "20000", "--seed", "3", "--out", sample]
        try gen.run()
        gen.waitUntilExit()
        #expect(try invites(["import", sample, "--db", db]).status == 0)
        let now = "2026-01-01T00:00:00Z"
        let answer = try invites(["pending", "--now", now, "--limit", "50", "--db", db, "--format", "json"])
        #expect(answer.status == 0 && answer.rows.count == 50)

        for delay in [0.05, 0.25] {
            let process = try startInvites(["rebuild", "--db", db])
            Thread.sleep(forTimeInterval: delay)
            killIfRunning(process)
            process.waitUntilExit()
            let status = try invites(["status", "--db", db, "--format", "json"])
            #expect((status.object["projections"] as? [[String: Any]])?.map { $0["lag"] as? Int } == [0, 0, 0])
            let again = try invites(["pending", "--now", now, "--limit", "50", "--db", db, "--format", "json"])
            #expect(again.stdout == answer.stdout)
        }
        #expect(try invites(["rebuild", "--db", db]).status == 0)
        #expect(try invites(["pending", "--now", now, "--limit", "50", "--db", db, "--format", "json"]).stdout == answer.stdout)
    }
}

/// The demo prints the four reports.
@Test(.enabled(if: ProcessInfo.processInfo.environment["INVITES_SKIP_DEMO"] == nil))
func theDemoPrintsTheFourReports() throws {
    var environment = ProcessInfo.processInfo.environment
    environment["INVITES_BIN"] = Paths.binary
    let (status, text) = try standardOutput(of: Paths.repository.appendingPathComponent("tools/demo.sh").path, ["3000"],
                                            environment: environment)
    #expect(status == 0)
    for heading in ["## Pending invitations", "## Stale", "## Cooldown", "## Acceptance by source"] {
        #expect(text.contains(heading), "missing \(heading) in:\n\(text)")
    }
    // Each report has rows, not just its heading: a demo printing `(none)` everywhere would fail here.
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines.filter { $0.hasPrefix("15 of ") && $0.hasSuffix(" pending") }.count == 2, "the two pending lists hold 15 rows each")
    #expect(lines.contains { $0.hasSuffix(" pairs in cooldown") && !$0.hasPrefix("0 ") })
    #expect(lines.contains { $0.hasPrefix("total ") }, "the metrics table has its total row")
    #expect(lines.filter { $0.hasPrefix("inv-") }.count == 30)
}

/// The metrics table's total row counts every invitation the rows count: its 7d/30d rates, median
/// and p90 come from all of them, not "—".
@Test func metricsTableTotalRowHasEveryFigure() throws {
    try withTemporaryLedger { db, _ in
        let lines = [
            #"{"type":"sent","account":"A","recipient":"r1","at":"2026-01-01T00:00:00Z","source":"s1"}"#,
            #"{"type":"accepted","account":"A","recipient":"r1","at":"2026-01-03T00:00:00Z"}"#,
            #"{"type":"sent","account":"A","recipient":"r2","at":"2026-01-01T00:00:00Z","source":"s2"}"#,
            #"{"type":"accepted","account":"A","recipient":"r2","at":"2026-01-09T00:00:00Z"}"#,
            #"{"type":"sent","account":"A","recipient":"r3","at":"2026-01-01T00:00:00Z","source":"s2"}"#,
        ]
        #expect(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
        let table = try invites(["metrics", "--db", db, "--now", "2026-02-01T00:00:00Z"])
        let total = table.stdout.split(separator: "\n").last.map { $0.split(separator: " ", omittingEmptySubsequences: true) } ?? []
        // total, sent 3, pending 1, accepted 2, 0, 0, 0, accept, resolved, 7d (1 of 3), 30d (2 of 3), median, p90
        #expect(total.map(String.init) == ["total", "3", "1", "2", "0", "0", "0", "66.7%", "100.0%", "33.3%", "66.7%", "5.0", "d", "8.0", "d"],
                "\(table.stdout)")
    }
}

/// `pending --limit N` as a table shows N rows and counts the whole list in its footer.
@Test func pendingTableWithALimitCountsTheWholeList() throws {
    try withTemporaryLedger { db, _ in
        let lines = (1...5).map { #"{"type":"sent","account":"A","recipient":"r\#($0)","at":"2026-01-0\#($0)T00:00:00Z"}"# }
        #expect(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
        let table = try invites(["pending", "--limit", "2", "--db", db, "--now", "2026-02-01T00:00:00Z"]).stdout
        let rows = table.split(separator: "\n").filter { $0.hasPrefix("inv-") }
        #expect(rows.count == 2 && table.contains("2 of 5 pending"), "\(table)")
        let json = try invites(["pending", "--limit", "2", "--db", db, "--format", "json", "--now", "2026-02-01T00:00:00Z"])
        #expect(json.rows.count == 2)
    }
}

/// `history` is a query like the others: `--as-of` and `--position` show it as it stood then, and a recipient never invited has an empty history.
@Test func historyAsItStoodThenAndOfSomeoneNeverInvited() throws {
    try withTemporaryLedger { db, _ in
        let lines = [
            #"{"type":"sent","account":"a","recipient":"r1","invitation":"i1","at":"2026-01-01T00:00:00Z"}"#,
            #"{"type":"reminded","invitation":"i1","at":"2026-01-03T00:00:00Z"}"#,
            #"{"type":"accepted","invitation":"i1","at":"2026-01-05T00:00:00Z"}"#,
        ]
        try #require(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
        func types(_ arguments: [String]) throws -> [String] {
            let result = try invites(["history", "--db", db, "--format", "json"] + arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let events = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            return events.compactMap { $0["type"] as? String }
        }
        #expect(try types(["--invitation", "i1"]) == ["sent", "reminded", "accepted"])
        #expect(try types(["--invitation", "i1", "--as-of", "2026-01-04T00:00:00Z"]) == ["sent", "reminded"])
        #expect(try types(["--to", "r1", "--as-of", "2026-01-05T00:00:00Z"]) == ["sent", "reminded", "accepted"])
        #expect(try types(["--to", "r1", "--position", "1"]) == ["sent"])
        #expect(try types(["--to", "r1", "--account", "a", "--position", "0"]) == [])
        #expect(try types(["--to", "nobody"]) == [])
        #expect(try types(["--to", "r1", "--account", "b"]) == [])
        let before = try invites(["history", "--db", db, "--invitation", "i1", "--as-of", "2025-12-31T00:00:00Z"])
        #expect(before.status == 1 && before.stderr.contains("unknown_invitation: invitation i1 was not yet sent as of 2025-12-31T00:00:00Z (it was sent at position 1"),
                "\(before.stderr)")
        let unknown = try invites(["history", "--db", db, "--invitation", "i9"])
        #expect(unknown.status == 1 && unknown.stderr.contains("unknown_invitation: invitation i9 was never sent"), "\(unknown.stderr)")
        #expect(try invites(["history", "--db", db, "--to", "r1", "--as-of", "2026-01-04T00:00:00Z", "--now", "2026-01-04T00:00:00Z"]).status == 64)
    }
}

/// `--tz` takes an IANA name in any case: people type `utc`.
@Test func aTimeZoneNameIsTakenInAnyCase() throws {
    try withTemporaryLedger { db, _ in
        let sent = #"{"type":"sent","account":"a","recipient":"r1","at":"2026-01-01T23:30:00Z"}"#
        try #require(try invites(["import", "-", "--db", db], input: sent + "\n").status == 0)
        func hours(_ zone: String) throws -> [String] {
            let result = try invites(["metrics", "--by", "hour", "--tz", zone, "--db", db, "--format", "json"])
            #expect(result.status == 0, "\(zone): \(result.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            return rows.compactMap { $0["group"] as? String }
        }
        #expect(try hours("utc") == ["23"])
        #expect(try hours("europe/berlin") == ["00"])
        #expect(try hours("Europe/Berlin") == ["00"])
        #expect(try invites(["metrics", "--by", "hour", "--tz", "europe/nowhere", "--db", db]).status == 64)
    }
}

/// Starts `log --follow --limit N` on `db`, polling every `pollInterval` ms: the process, its standard output and its standard error.
///
/// A follower that misses what it should stream would wait for ever: it is stopped after 20 s, so
/// the checks that read its output fail instead.
private func startFollower(db: String, limit: Int, pollInterval: Int = 20) throws -> (Process, Pipe, Pipe) {
    let follower = Process()
    follower.executableURL = URL(fileURLWithPath: Paths.binary)
    follower.arguments = ["log", "--follow", "--limit", String(limit), "--poll-interval", String(pollInterval), "--db", db]
    let output = Pipe(), errors = Pipe()
    follower.standardOutput = output
    follower.standardError = errors
    try follower.run()
    DispatchQueue.global().asyncAfter(deadline: .now() + 20) { killIfRunning(follower) }
    return (follower, output, errors)
}

/// `log --follow` started before the first import waits for the ledger and streams what the import records.
@Test func aFollowerStartedBeforeTheFirstImportStreamsIt() throws {
    try withTemporaryLedger { db, _ in
        let (follower, output, errors) = try startFollower(db: db, limit: 2)
        defer { killIfRunning(follower) }
        Thread.sleep(forTimeInterval: 0.3)
        #expect(follower.isRunning, "the follower gave up on a path with no ledger yet")
        let lines = (1...2).map { #"{"type":"sent","account":"a","recipient":"r\#($0)","at":"2026-01-01T00:00:00Z"}"# }
        #expect(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
        let streamed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        follower.waitUntilExit()
        #expect(follower.terminationStatus == 0)
        #expect(streamed.split(separator: "\n").map { $0.contains("\"recipient\":\"r1\"") || $0.contains("\"recipient\":\"r2\"") } == [true, true])
        #expect(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("waiting for one"))
    }
}

/// A follower whose reader went away while nothing new came (`| head -n 1` done) stops, as `tail -f`
/// does, instead of waiting for the next event to find out; so does one still waiting for a ledger.
@Test(arguments: [true, false]) func aFollowerWhoseReaderLeftStopsWhileIdle(ledgerExists: Bool) throws {
    try withTemporaryLedger { db, _ in
        if ledgerExists {
            #expect(try invites(["send", "--account", "a", "--to", "b", "--at", "2026-01-01T00:00:00Z", "--db", db]).status == 0)
        }
        let (follower, output, _) = try startFollower(db: db, limit: 100)
        defer { killIfRunning(follower) }
        if ledgerExists { _ = output.fileHandleForReading.availableData }  // the one event
        try output.fileHandleForReading.close()
        let deadline = Date().addingTimeInterval(5)
        while follower.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(!follower.isRunning, "the follower kept waiting with no reader")
    }
}

/// `pending --source` matches a source as recorded, spaces included (SPEC trims only accounts and
/// recipients), and `metrics --tz` takes a fixed offset as well as a zone name.
@Test func aSourceFilterMatchesExactlyAndAZoneMayBeAnOffset() throws {
    try withTemporaryLedger { db, _ in
        let lines = """
        {"type":"sent","invitation":"spaced","account":"a","recipient":"r1","at":"2026-01-05T23:30:00Z","source":" x "}
        {"type":"sent","invitation":"plain","account":"a","recipient":"r2","at":"2026-01-06T09:00:00Z","source":"x"}
        """
        #expect(try invites(["import", "-", "--db", db], input: lines + "\n").status == 0)
        let now = "2026-01-07T00:00:00Z"
        let spaced = try invites(["pending", "--source", " x ", "--now", now, "--format", "json", "--db", db])
        #expect(spaced.rows.map { $0["invitation"] as? String } == ["spaced"], "\(spaced.stdout)")
        let plain = try invites(["pending", "--source", "x", "--now", now, "--format", "json", "--db", db])
        #expect(plain.rows.map { $0["invitation"] as? String } == ["plain"], "\(plain.stdout)")

        let byHour = try invites(["metrics", "--by", "hour", "--tz", "+02:00", "--now", now, "--format", "json", "--db", db])
        #expect(byHour.status == 0, "\(byHour.stderr)")
        #expect(byHour.rows.map { $0["group"] as? String } == ["01", "11"], "\(byHour.stdout)")
        let byWeekday = try invites(["metrics", "--by", "weekday", "--tz", "UTC-10", "--now", now, "--format", "json", "--db", db])
        #expect(byWeekday.rows.map { $0["group"] as? String } == ["mon"], "\(byWeekday.stdout)")
        // Which way a sign after UTC or GMT was read is said, once: POSIX TZ and Etc/GMT-10 read it the other way (audit 136).
        #expect(byWeekday.stderr == "invites: note: --tz UTC-10 is read as -10:00, behind UTC; in a POSIX TZ value and in the zone "
                + "Etc/GMT-10 the sign is the other way (+10:00): write --tz -10:00 to leave no doubt\n", "\(byWeekday.stderr)")
        #expect(byHour.stderr.isEmpty, "\(byHour.stderr)")
        // A negative offset is the option's value, not an option of its own (review 20).
        let negative = try invites(["metrics", "--by", "hour", "--tz", "-05:30", "--now", now, "--format", "json", "--db", db])
        #expect(negative.status == 0, "\(negative.stderr)")
        #expect(negative.rows.map { $0["group"] as? String } == ["03", "18"], "\(negative.stdout)")
    }
}

/// A `sent` of account `a` to `recipient`, as a line of JSON Lines.
private func sentLine(_ recipient: String) -> String {
    #"{"type":"sent","account":"a","recipient":"\#(recipient)","at":"2026-01-01T00:00:00Z"}"# + "\n"
}

/// Imports a `sent` to each of `recipients` into `db`, then starts a follower of it and gives it a second to stream them.
private func followerAfterSends(to recipients: [String], db: String, limit: Int, pollInterval: Int) throws -> (Process, Pipe, Pipe) {
    #expect(try invites(["import", "-", "--db", db], input: recipients.map(sentLine).joined()).status == 0)
    let started = try startFollower(db: db, limit: limit, pollInterval: pollInterval)
    Thread.sleep(forTimeInterval: 1.0)
    return started
}

/// A copy of the followed ledger moved over it (a restore of the same events) is followed on from where the stream was, not streamed again (audit 142).
@Test func aFollowerOfALedgerReplacedByTheSameEventsGoesOn() throws {
    try withTemporaryLedger { db, _ in
        let (follower, output, errors) = try followerAfterSends(to: ["r-1", "r-2"], db: db, limit: 3, pollInterval: 100)
        defer { killIfRunning(follower) }
        let copy = db + "/data.copy"
        try FileManager.default.copyItem(atPath: db + "/data.mdb", toPath: copy)
        #expect(rename(copy, db + "/data.mdb") == 0)
        Thread.sleep(forTimeInterval: 1.0)
        #expect(try invites(["import", "-", "--db", db], input: sentLine("r-3")).status == 0)
        let streamed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        follower.waitUntilExit()
        let positions = streamed.split(separator: "\n").map { line in (1...3).first { line.contains("\"position\":\($0),") } ?? 0 }
        #expect(positions == [1, 2, 3], "\(streamed)")
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(said.contains("it holds the same first 2 events; following on from position 3"), "\(said)")
    }
}

/// A ledger moved away while followed is read to its end, said on standard error, and the one made
/// at its path next is followed from its first event, as `tail -F` follows a new file.
@Test func aFollowerOfAReplacedLedgerReadsItToTheEndThenFollowsTheNextOne() throws {
    try withTemporaryLedger { db, folder in
        let (follower, output, errors) = try followerAfterSends(to: ["old-1", "old-2"], db: db, limit: 4, pollInterval: 500)
        defer { killIfRunning(follower) }
        // Recorded, then moved away at once: before the follower's next look (every 0.5 s) with all likelihood.
        #expect(try invites(["import", "-", "--db", db], input: sentLine("old-3")).status == 0)
        try FileManager.default.moveItem(atPath: db, toPath: folder.appendingPathComponent("moved-away").path)
        Thread.sleep(forTimeInterval: 1.0)
        #expect(follower.isRunning, "the follower stopped when its ledger was moved away")
        #expect(try invites(["import", "-", "--db", db], input: sentLine("new-1")).status == 0)
        let streamed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        follower.waitUntilExit()
        #expect(follower.terminationStatus == 0)
        let names = ["old-1", "old-2", "old-3", "new-1"]
        let recipients = streamed.split(separator: "\n").map { line in names.first { line.contains("\"\($0)\"") } ?? "?" }
        #expect(recipients == names, "\(streamed)")
        #expect(streamed.split(separator: "\n").last?.contains("\"position\":1,") == true)
        #expect(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("was removed or replaced"))
    }
}

/// A query on a path with no ledger answers as for an empty ledger but says so, and an account the
/// ledger has never seen is named on standard error with the known ones it most likely meant;
/// the answers stay SPEC's (review 21: a mistyped --db or account looked like a clean "allowed").
@Test func aMissingLedgerAndAnUnknownAccountAreSaidOnStandardError() throws {
    try withTemporaryLedger { db, _ in
        let missing = try invites(["check", "--account", "acct-1", "--to", "r1", "--db", db, "--format", "json"])
        #expect(missing.status == 0 && missing.object["allowed"] as? Bool == true)
        #expect(missing.stderr.contains("note: no ledger at \(db) yet"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db))
        try seed(db)
        let typo = try invites(["check", "--account", "A", "--to", "r1", "--db", db, "--format", "json"])
        #expect(typo.status == 0 && typo.object["allowed"] as? Bool == true)
        #expect(typo.stderr.contains("account A has no invitation recorded yet") && typo.stderr.contains("did you mean a?"), "\(typo.stderr)")
        let known = try invites(["check", "--account", "a", "--to", "r1", "--db", db])
        #expect(known.stderr.isEmpty, "\(known.stderr)")
        for command in ["pending", "cooldown", "metrics"] {
            let filtered = try invites([command, "--account", "A", "--db", db, "--format", "json"])
            #expect(filtered.status == 0 && filtered.stdout == "[]\n" && filtered.stderr.contains("did you mean a?"),
                    "\(command): \(filtered.stdout) \(filtered.stderr)")
        }
        let newSeat = try invites(["send", "--account", "recruiting", "--to", "r1", "--db", db, "--format", "json"])
        #expect(newSeat.status == 0 && newSeat.object["appended"] as? Int == 1, "\(newSeat.stderr)")
        #expect(newSeat.stderr.contains("account recruiting has no invitation recorded yet (a new account?)")
                && !newSeat.stderr.contains("did you mean"), "\(newSeat.stderr)")
    }
}

/// A refused import's summary counts each code among its lines, a `--at` far in the future is
/// said on standard error, and a proof checked against a digest of another size says how to
/// prove against that one (review 21).
@Test func refusalsAndOddTimesSayWhatTheyHold() throws {
    try withTemporaryLedger { db, folder in
        try seed(db)
        let lines = """
        {"type":"sent","invitation":"again","account":"a","recipient":"linkedin.com/in/bob","at":"2026-02-01T00:00:00Z"}
        {"type":"bogus"}
        {"type":"accepted","invitation":"i2","at":"2026-02-02T00:00:00Z"}
        """
        let refused = try invites(["import", "-", "--db", db], input: lines + "\n")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("3 lines refused (already_connected 1, invalid_event 1, already_closed 1); nothing was written"),
                "\(refused.stderr)")

        let future = try invites(["remind", "--invitation", "i1", "--at", "2099-01-01T00:00:00Z", "--db", db])
        #expect(future.status == 0 && future.stderr.contains("note: --at 2099-01-01T00:00:00Z is more than an hour after the clock"),
                "\(future.stderr)")
        let second = try invites(["remind", "--invitation", "i1", "--at", "2099-01-02T00:00:00Z", "--db", db])
        #expect(second.status == 0, "\(second.stderr)")
        let published = try invites(["digest", "--db", db, "--position", "2"]).object["root"] as? String ?? ""
        let proof = try invites(["prove", "--position", "1", "--db", db])
        let file = folder.appendingPathComponent("p1.json")
        try proof.stdout.write(to: file, atomically: false, encoding: .utf8)
        let checked = try invites(["verify-proof", file.path, "--root", published])
        #expect(checked.status == 1 && checked.stderr.contains("the proof is for the tree of size 5")
                && checked.stderr.contains("invites prove --position 1 --size N"), "\(checked.stderr)")
        // A consistency proof from another size than the published digest's says so too (audit 70 F8).
        let since = try invites(["prove", "--from", "3", "--to", "5", "--db", db])
        let sinceFile = folder.appendingPathComponent("p3-5.json")
        try since.stdout.write(to: sinceFile, atomically: false, encoding: .utf8)
        let fromOther = try invites(["verify-proof", sinceFile.path, "--root", published])
        #expect(fromOther.status == 1 && fromOther.stderr.contains("the proof starts from the tree of size 3")
                && fromOther.stderr.contains("invites prove --from M --to 5"), "\(fromOther.stderr)")
    }
}

/// `cooldown --state` keeps the pairs in one state; the two lists make up the whole one (review 21:
/// connected pairs are listed for ever and crowd out the cooldowns).
@Test func cooldownStateKeepsOneKindOfPair() throws {
    try withTemporaryLedger { db, _ in
        try seed(db)
        #expect(try invites(["withdraw", "--invitation", "i1", "--at", "2026-01-08T09:00:00Z", "--db", db]).status == 0)
        let now = "2026-01-10T00:00:00Z"
        func states(_ extra: [String]) throws -> [String] {
            let result = try invites(["cooldown", "--now", now, "--format", "json", "--db", db] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            return result.rows.compactMap { $0["state"] as? String }
        }
        #expect(try states([]) == ["connected", "cooldown"])
        #expect(try states(["--state", "cooldown"]) == ["cooldown"])
        #expect(try states(["--state", "connected"]) == ["connected"])
        #expect(try invites(["cooldown", "--state", "pending", "--db", db]).status == 64)
        let table = try invites(["cooldown", "--now", now, "--state", "cooldown", "--db", db])
        #expect(table.stdout.hasSuffix("\n1 pair in cooldown\n"), "\(table.stdout)")
    }
}

/// An import of events dated after the clock says so, as `send --at` does, once: not for a re-import's duplicates (audit 68 F4).
@Test func anImportOfEventsDatedAfterTheClockSaysSo() throws {
    try withTemporaryLedger { db, _ in
        let lines = """
        {"type":"sent","id":"s1","account":"a","recipient":"linkedin.com/in/jane","at":"2098-01-01T00:00:00Z"}
        {"type":"sent","id":"s2","account":"a","recipient":"linkedin.com/in/bob","at":"2099-03-01T00:00:00Z"}
        {"type":"sent","id":"s3","account":"a","recipient":"linkedin.com/in/ann","at":"2026-01-01T00:00:00Z"}
        """ + "\n"
        let first = try invites(["import", "-", "--db", db], input: lines)
        #expect(first.status == 0)
        #expect(first.stderr.contains("invites: note: 2 events are dated more than an hour after the clock (the latest at 2099-03-01T00:00:00Z, in "),
                "\(first.stderr)")
        let again = try invites(["import", "-", "--db", db], input: lines)
        #expect(again.status == 0 && !again.stderr.contains("after the clock"), "\(again.stderr)")
        let past = try invites(["import", "-", "--db", db],
                               input: #"{"type":"sent","account":"b","recipient":"linkedin.com/in/jane","at":"2026-01-02T00:00:00Z"}"# + "\n")
        #expect(past.status == 0 && past.stderr.isEmpty, "\(past.stderr)")
    }
}

/// The pending table's footer names the command that expires what it called overdue, at the time it judged (audit 70 F9).
@Test func thePendingFootersExpireCommandExpiresWhatItCalledOverdue() throws {
    try withTemporaryLedger { db, _ in
        let line = #"{"type":"sent","account":"a","recipient":"linkedin.com/in/jane","at":"2026-01-01T00:00:00Z","invitation":"i1"}"#
        #expect(try invites(["import", "-", "--db", db], input: line + "\n").status == 0)
        let table = try invites(["pending", "--db", db, "--now", "2026-08-01T00:00:00Z"])
        let command = "invites expire --due --db \(db) --now 2026-08-01T00:00:00Z"
        #expect(table.stdout.contains("1 pending, 1 overdue (run `\(command)`)"), "\(table.stdout)")
        #expect(try invites(command.split(separator: " ").dropFirst().map(String.init)).status == 0)
        #expect(try invites(["pending", "--db", db, "--now", "2026-08-01T00:00:00Z", "--format", "json"]).rows.isEmpty)
        // A report of a time still to come does not suggest writing expiries dated then, which would close invitations for good (review 71).
        let later = #"{"type":"sent","account":"a","recipient":"linkedin.com/in/bob","at":"2026-09-01T00:00:00Z","invitation":"i2"}"#
        #expect(try invites(["import", "-", "--db", db], input: later + "\n").status == 0)
        let ahead = try invites(["pending", "--db", db, "--now", "2999-01-01T00:00:00Z"])
        #expect(ahead.stdout.contains("1 pending, 1 overdue (run `invites expire --due --db \(db)` once that time has come)"), "\(ahead.stdout)")
    }
}

/// Shell completions offer folders for --db, files for import's FILE, --rejects and verify-proof's FILE, and rebuild's names (audit 70 F7).
@Test func completionsOfferFoldersFilesAndRebuildNames() throws {
    let bash = try invites(["--generate-completion-script", "bash"]).stdout
    func completion(after option: String) -> String? {
        bash.components(separatedBy: "'\(option)')\n").dropFirst().first?.split(separator: "\n").first.map(String.init)
    }
    #expect(completion(after: "--db")?.contains("__invites_add_completions -d") == true, "\(completion(after: "--db") ?? "")")
    #expect(completion(after: "--rejects")?.contains("__invites_add_completions -f") == true, "\(completion(after: "--rejects") ?? "")")
    #expect(bash.contains("'pending'$'\\n''cooldown'$'\\n''metrics'$'\\n''merkle'$'\\n''indexes'"))
    let fish = try invites(["--generate-completion-script", "fish"]).stdout
    #expect(fish.contains("-l 'db' -d 'The ledger directory (default: $INVITES_DB, else ./invites-ledger).' -rfa '(__invites_complete_directories)'"))
}
