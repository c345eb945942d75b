import Foundation
import Testing

/// The read side's command lines (audit 82): a pair no event can name, an option given twice, `--now` on a history.
@Suite struct QueryArgumentTests {
    /// `check` of a pair `send` would refuse as invalid_event is a malformed command line, not "allowed" (F1).
    @Test(arguments: [["--account", "a\tb", "--to", "bob"], ["--account", "a", "--to", "bob\u{07}"],
                      ["--account", String(repeating: "a", count: 401), "--to", "bob"]])
    func aPairNoEventCanNameGetsNoVerdict(_ pair: [String]) throws {
        try withTemporaryLedger { db, _ in
            let check = try invites(["check"] + pair + ["--db", db])
            #expect(check.status == 64 && check.stderr.contains("no event can name this pair"), "\(check.stderr)")
            let send = try invites(["send"] + pair + ["--db", db])
            #expect(send.status != 0, "send refuses it too: \(send.stderr)")
            #expect(try invites(["check", "--account", "a", "--to", "bob", "--db", db]).status == 0)
        }
    }

    /// An option that takes one value, given twice, is refused instead of the last one winning in silence (F2).
    @Test(arguments: [["pending", "--account", "b", "--account", "a"], ["check", "--account", "a", "--to", "x", "--to=y"],
                      ["history", "--invitation", "i-1", "--invitation", "i-2"], ["metrics", "--by", "source", "--by", "hour"],
                      ["pending", "--now", "2026-01-01T00:00:00Z", "--now", "2026-02-01T00:00:00Z"]])
    func anOptionGivenTwiceIsRefused(_ arguments: [String]) throws {
        try withTemporaryLedger { db, _ in
            let run = try invites(arguments + ["--db", db])
            #expect(run.status == 64 && run.stderr.contains("was given 2 times") && run.stderr.contains("give it once"), "\(arguments): \(run.stderr)")
        }
    }

    /// `--db` and `--format` given again override the first (an alias's default; a harness appending `--db L --format json`).
    @Test func aLaterDbOrFormatOverridesTheFirst() throws {
        try withTemporaryLedger { db, folder in
            #expect(try invites(["send", "--account", "a", "--to", "x", "--at", "2026-01-01T00:00:00Z", "--db", db]).status == 0)
            let other = folder.appendingPathComponent("other").path
            let run = try invites(["--db", other, "--format", "table", "pending", "--now", "2026-01-02T00:00:00Z",
                                   "--format", "csv", "--db", db, "--format", "json"])
            #expect(run.status == 0 && run.rows.map { $0["recipient"] as? String } == ["x"], "\(run.stdout) \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: other))
        }
    }

    /// An option repeated thousands of times (a script appending in a loop) is refused before the parser's quadratic reading (audit 115 F8).
    @Test func anOptionRepeatedThousandsOfTimesIsRefusedAtOnce() throws {
        try withTemporaryLedger { db, _ in
            let repeated = Array(repeating: ["--account", "a"], count: 8_000).flatMap { $0 }
            let run = try invites(["pending"] + repeated + ["--db", db])
            #expect(run.status == 64 && run.stderr.contains("--account was given 2 times (a, a); it takes one value"), "\(run.stderr.prefix(300))")
        }
    }

    /// Lists, flags and values that look like options are not counted as repeats.
    @Test func listsFlagsAndValuesAreNotRepeats() throws {
        try withTemporaryLedger { db, _ in
            let noted = try invites(["send", "--account", "a", "--to", "x", "--note", "--to is what I meant", "--at", "2026-01-01T00:00:00Z",
                                     "--db", db])
            #expect(noted.status == 0, "\(noted.stderr)")
            let policy = try invites(["policy", "--set", "weekly_cap=50", "--set", "pending_cap=400", "--db", db])
            #expect(policy.status == 0, "\(policy.stderr)")
            let flags = try invites(["verify", "--indexes", "--indexes", "--db", db])
            #expect(flags.status == 0, "\(flags.stderr)")
        }
    }

    /// `history --now` is taken (SPEC §3: every query), and says it changes nothing there (F3).
    @Test func historyWithNowSaysToUseAsOf() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--account", "a", "--to", "x", "--invitation", "i-1", "--at", "2026-01-01T00:00:00Z", "--db", db]).status == 0)
            let run = try invites(["history", "--invitation", "i-1", "--now", "2025-01-01T00:00:00Z", "--db", db, "--format", "json"])
            #expect(run.status == 0 && run.rows.count == 1 && run.stderr.contains("--as-of TIME"), "\(run.stderr)")
        }
    }

    /// A `--now` before the events a report counts says `--as-of` is the report as it stood then (F4).
    @Test func nowBeforeTheEventsSaysToUseAsOf() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--account", "a", "--to", "x", "--at", "2026-11-01T10:00:00Z", "--db", db]).status == 0)
            let check = ["--account", "a", "--to", "x"]
            for query in [["pending"], ["cooldown"], ["metrics"], ["check"] + check] {
                let before = try invites(query + ["--now", "2026-10-01T00:00:00Z", "--db", db, "--format", "json"])
                #expect(before.stderr.contains("give --as-of 2026-10-01T00:00:00Z instead"), "\(query): \(before.stderr)")
                let after = try invites(query + ["--now", "2026-12-01T00:00:00Z", "--db", db, "--format", "json"])
                #expect(!after.stderr.contains("--as-of"), "\(query): \(after.stderr)")
                let asOf = try invites(query + ["--as-of", "2026-10-01T00:00:00Z", "--db", db, "--format", "json"])
                #expect(!asOf.stderr.contains("note"), "\(query): \(asOf.stderr)")
            }
            let behind = try invites(["pending", "--now", "2026-10-01T00:00:00Z", "--position", "0", "--db", db])
            #expect(!behind.stderr.contains("--as-of"), "no event is counted at position 0: \(behind.stderr)")
        }
    }
}
