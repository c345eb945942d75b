import Foundation
import Testing

/// A new user's first hour with the tool (audit 88): paths as typed, options in the wrong place, near-miss times.
@Suite struct FirstHourTests {
    /// A `~` no shell expanded is a folder named `~` here, and a query on it fails instead of answering as empty (F1).
    @Test(arguments: [["check", "--account", "me", "--to", "x"], ["send", "--account", "me", "--to", "x"], ["pending"]])
    func anUnexpandedTildeIsSaid(_ command: [String]) throws {
        try withTemporaryLedger { db, folder in
            #expect(try invites(["send", "--account", "me", "--to", "x", "--db", db]).status == 0)
            let run = try invites(command, cwd: folder, environment: ["INVITES_DB": "~/ledger", "HOME": folder.path])
            #expect(run.status == 1 && run.stderr.contains("no shell expanded its ~"), "\(command): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("~").path))
        }
    }

    /// `status` of a ledger with no event says there is nothing to build, not that the next query builds it (F7).
    @Test func statusOfNoEventSaysThereIsNothingToBuild() throws {
        try withTemporaryLedger { db, _ in
            let status = try invites(["status", "--db", db])
            #expect(status.status == 0 && status.stdout.contains("nothing to build: no event is recorded")
                    && !status.stdout.contains("the next query builds it"), "\(status.stdout)")
            #expect(!FileManager.default.fileExists(atPath: db))
        }
    }

    /// Tables say what they show: a note's own quotes, the zone of an empty history or of expiry days, the template-less group (F9).
    @Test func tablesSayWhatTheyShow() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--account", "a", "--to", "x", "--note", #"Hi, "you" \ ok"#, "--template", "T1",
                                 "--at", "2026-11-02T10:00:00Z", "--db", db]).status == 0)
            #expect(try invites(["send", "--account", "a", "--to", "y", "--at", "2026-11-02T11:00:00Z", "--db", db]).status == 0)
            let history = try invites(["history", "--to", "x", "--db", db]).stdout
            #expect(history.contains(#"note "Hi, \"you\" \\ ok""#), "\(history)")
            let empty = try invites(["history", "--to", "nobody", "--db", db, "--tz", "+02:00"]).stdout
            #expect(empty.hasPrefix("position  at (+02:00)  type"), "\(empty)")
            let metrics = try invites(["metrics", "--by", "template", "--now", "2026-11-03T00:00:00Z", "--db", db]).stdout
            #expect(metrics.contains("(no template)") && !metrics.contains("(none)"), "\(metrics)")
            let pending = try invites(["pending", "--tz", "Europe/Berlin", "--now", "2026-11-03T00:00:00Z", "--db", db]).stdout
            #expect(pending.contains("expires (Europe/Berlin)"), "\(pending)")
        }
        let version = try invites(["version"])
        #expect(version.status == 64 && version.stderr.contains("did you mean --version?"), "\(version.stderr)")
    }

    /// A first write into a folder of other files says so, naming them, and goes on; an empty folder is not said (F2).
    @Test(arguments: [["send", "--account", "a", "--to", "b"], ["import", "-"], ["policy", "--set", "weekly_cap=5"]])
    func aFolderOfOtherFilesIsSaid(_ write: [String]) throws {
        try withTemporaryLedger { _, folder in
            try "x".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
            let event = #"{"type":"sent","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z"}"#
            let run = try invites(write + ["--db", folder.path], input: event + "\n")
            #expect(run.status == 0 && run.stderr.contains("holds other files (notes.txt) and no ledger"), "\(write): \(run.stderr)")
            let again = try invites(["policy", "--set", "note_limit=200", "--db", folder.path])
            #expect(again.status == 0 && !again.stderr.contains("other files"), "said once, at the first write: \(again.stderr)")
            let empty = folder.appendingPathComponent("empty")
            try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: false)
            let inEmpty = try invites(write + ["--db", empty.path], input: event + "\n")
            #expect(inEmpty.status == 0 && !inEmpty.stderr.contains("other files"), "\(inEmpty.stderr)")
        }
    }

    /// `log --from 0` and `export --from 0` start at the first event; a negative position is malformed (audit 90).
    @Test func fromZeroIsFromTheStart() throws {
        try withTemporaryLedger { db, _ in
            for recipient in ["x", "y"] { #expect(try invites(["send", "--account", "a", "--to", recipient, "--db", db]).status == 0) }
            let all = try invites(["log", "--db", db]).stdout
            #expect(all.split(separator: "\n").count == 2)
            for command in ["log", "export"] {
                let zero = try invites([command, "--from", "0", "--db", db])
                let one = try invites([command, "--from", "1", "--db", db])
                #expect(zero.status == 0 && zero.stdout == one.stdout && !one.stdout.isEmpty, "\(zero.stderr)")
                #expect(try invites([command, "--from", "-1", "--db", db]).status == 64)
            }
        }
    }

    /// Values given without their options' names are said to be so, not reported as a missing `--account` (audit 88 F9).
    @Test(arguments: [["check", "a@x", "bob"], ["pending", "acct"], ["send", "--account", "a", "--force", "x", "--to", "y"]])
    func wordsWithoutTheirOptionsAreSaid(_ arguments: [String]) throws {
        try withTemporaryLedger { db, _ in
            let run = try invites(arguments + ["--db", db])
            let stray = arguments.dropFirst().first { !$0.hasPrefix("-") && !["a", "y"].contains($0) } ?? ""
            #expect(run.status == 64 && run.stderr.contains("Unexpected argument '\(stray)': \(arguments[0]) takes no words of its own"),
                    "\(run.stderr)")
        }
    }
}
