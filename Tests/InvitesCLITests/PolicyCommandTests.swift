import Foundation
import Testing

/// `policy --set` and what an export says of the policy (audit 92).
@Suite struct PolicyCommandTests {
    /// The export's advice imports the export: a note longer than today's `note_limit` needs the longer limit first (F1).
    @Test(arguments: [(lowered: 200, raised: nil as Int?, length: 250), (lowered: 300, raised: 1000, length: 500)])
    func anExportSaysWhatLetsItsCopyImport(_ story: (lowered: Int, raised: Int?, length: Int)) throws {
        try withTemporaryLedger { db, folder in
            if let raised = story.raised { #expect(try invites(["policy", "--db", db, "--set", "note_limit=\(raised)"]).status == 0) }
            let note = String(repeating: "n", count: story.length)
            #expect(try invites(["send", "--db", db, "--account", "a", "--to", "b", "--note", note]).status == 0)
            #expect(try invites(["policy", "--db", db, "--set", "note_limit=\(story.lowered)"]).status == 0)
            let export = try invites(["export", "--db", db])
            #expect(export.stderr.contains("--set note_limit=\(story.length)` before importing the export, and "
                                           + "`--set note_limit=\(story.lowered)` after it"), "\(export.stderr)")
            let file = folder.appendingPathComponent("events.jsonl")
            try export.stdout.write(to: file, atomically: true, encoding: .utf8)
            let copy = folder.appendingPathComponent("copy").path
            #expect(try invites(["policy", "--db", copy, "--set", "note_limit=\(story.length)"]).status == 0)
            let imported = try invites(["import", file.path, "--db", copy])
            #expect(imported.status == 0, "\(imported.stderr)")
        }
    }

    /// A key set twice in one call is a malformed command line, not the last value winning (F2).
    @Test func aKeySetTwiceIsRefused() throws {
        try withTemporaryLedger { db, _ in
            let run = try invites(["policy", "--db", db, "--set", "note_limit=300", "--set", "weekly_cap=5", "--set", "note_limit=200"])
            #expect(run.status == 64 && run.stderr.contains("--set note_limit was given 2 times (300, 200): give each key once"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: db))
        }
    }

    /// `m` is minutes: a duration key set in minutes under a day is said, and kept (F4).
    @Test func minutesAreSaidForDurationKeys() throws {
        try withTemporaryLedger { db, _ in
            let run = try invites(["policy", "--db", db, "--set", "expire_after=6m", "--format", "json"])
            #expect(run.status == 0 && run.stderr.contains("expire_after=6m is 6 minutes: m is minutes"), "\(run.stderr)")
            #expect(run.object["expire_after"] as? String == "6m")
            let weeks = try invites(["policy", "--db", db, "--set", "expire_after=26w", "--set", "cooldown_after_expire=1500m"])
            #expect(weeks.status == 0 && !weeks.stderr.contains("minutes"), "a day or more in minutes is meant: \(weeks.stderr)")
            // The pending list's durations too: "pending for months" written 3m lists everything older than three minutes (audit 116 F6).
            let pending = try invites(["pending", "--db", db, "--older-than", "3m", "--expiring-within", "1w"])
            #expect(pending.status == 0 && pending.stderr.contains("invites: note: --older-than 3m is 3 minutes: m is minutes (a month is about 4w or 30d)\n")
                    && !pending.stderr.contains("--expiring-within"), "\(pending.stderr)")
            let one = try invites(["pending", "--db", db, "--expiring-within", "1m"])
            #expect(one.stderr.contains("--expiring-within 1m is 1 minute: m is minutes"), "\(one.stderr)")
            let meant = try invites(["pending", "--db", db, "--older-than", "1500m", "--expiring-within", "2h"])
            #expect(meant.status == 0 && !meant.stderr.contains("minutes"), "\(meant.stderr)")
        }
    }

    /// Each change says the value it replaced, which the ledger keeps nowhere else; a respelling of one duration is no change (audit 106 F10).
    @Test func aChangeSaysTheValueItReplaced() throws {
        try withTemporaryLedger { db, _ in
            let lowered = try invites(["policy", "--db", db, "--set", "weekly_cap=10", "--set", "pending_cap=500"])
            #expect(lowered.status == 0 && lowered.stderr.contains("invites: note: changed weekly_cap 100 → 10\n"), "\(lowered.stderr)")
            let respelled = try invites(["policy", "--db", db, "--set", "cooldown_after_withdraw=21d"])
            #expect(respelled.status == 0 && !respelled.stderr.contains("changed"), "\(respelled.stderr)")
        }
    }
}
