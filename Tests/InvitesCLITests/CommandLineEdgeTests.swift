import Foundation
import Testing

/// What a fifth audit of the command line found, each case as the user met it.
@Suite struct CommandLineEdgeTests {
    @Test func anUnwritableRejectsFileFailsTheImportBeforeAnythingIsWritten() throws {
        try withTemporaryLedger { db, folder in
            let lines = """
            {"type":"sent","account":"A","recipient":"r1","at":"2026-01-01T00:00:00Z"}
            {"type":"sent","account":"A","at":"2026-01-01T00:00:00Z"}
            """
            let run = try invites(["import", "-", "--skip-invalid", "--rejects", folder.appendingPathComponent("missing/r.jsonl").path,
                                   "--db", db, "--format", "json"], input: lines)
            #expect(run.status == 1)
            #expect(run.stderr.contains("cannot write the rejected lines") && run.stderr.contains("nothing was imported"), "\(run.stderr)")
            let status = try invites(["status", "--db", db, "--format", "json"]).object
            // No ledger was created: nothing is on disk, whatever the stand-in the query read holds (audit 126 N1).
            #expect(status["events"] as? Int == 0 && status["bytes"] as? Int == 0, "\(status)")

            let rejects = folder.appendingPathComponent("r.jsonl").path
            try Data("stale\n".utf8).write(to: URL(fileURLWithPath: rejects))
            let good = try invites(["import", "-", "--skip-invalid", "--rejects", rejects, "--db", db, "--format", "json"], input: lines)
            #expect(good.status == 0 && good.object["appended"] as? Int == 1, "\(good.stderr)")
            #expect(try String(contentsOfFile: rejects, encoding: .utf8) == #"{"type":"sent","account":"A","at":"2026-01-01T00:00:00Z"}"# + "\n")
            // Nothing refused the next time: the file is emptied, not left with the last run's lines (review 13).
            let clean = #"{"type":"sent","account":"A","recipient":"r2","at":"2026-01-01T00:00:00Z"}"#
            #expect(try invites(["import", "-", "--skip-invalid", "--rejects", rejects, "--db", db], input: clean + "\n").status == 0)
            #expect(try String(contentsOfFile: rejects, encoding: .utf8) == "")
        }
    }

    @Test(arguments: ["/dev/stdout", "/dev/stderr"])
    func rejectsGoToAStreamAsTheyCome(path: String) throws {
        try withTemporaryLedger { db, _ in
            let lines = #"{"type":"sent","account":"A","recipient":"r1","at":"2026-01-01T00:00:00Z"}"# + "\nnot json\n"
            let run = try invites(["import", "-", "--skip-invalid", "--rejects", path, "--db", db], input: lines)
            #expect(run.status == 0, "\(run.stderr)")
            #expect((path == "/dev/stdout" ? run.stdout : run.stderr).contains("not json\n"), "\(run.stdout) | \(run.stderr)")
            #expect(run.stdout.contains("appended 1"))
        }
    }

    @Test func rejectedLinesKeepTheirLineEnds() throws {
        try withTemporaryLedger { db, folder in
            let input = #"{"type":"sent","account":"A","recipient":"r1","at":"2026-01-01T00:00:00Z"}"# + "\r\nnot json\r\nalso bad\n"
            let rejects = folder.appendingPathComponent("r.jsonl").path
            let run = try invites(["import", "-", "--skip-invalid", "--rejects", rejects, "--db", db], input: input)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: rejects)) == Data("not json\r\nalso bad\n".utf8))
        }
    }

    /// SPEC: `--rejects` gets each rejected line verbatim, however long (audit 10: a line over
    /// 1 MiB used to be written as an empty line), read from a file or from a pipe.
    @Test(arguments: [false, true])
    func anOverlongRejectedLineIsCopiedWhole(throughStandardInput: Bool) throws {
        try withTemporaryLedger { db, folder in
            let long = #"{"type":"bogus","pad":""# + String(repeating: "y", count: 2_500_000) + #""}"#
            let good = #"{"type":"sent","account":"A","recipient":"r2","at":"2026-01-01T00:00:00Z"}"#
            let input = "not json\r\n" + long + "\r\n" + good + "\n" + long
            let file = folder.appendingPathComponent("in.jsonl")
            try Data(input.utf8).write(to: file)
            let rejects = folder.appendingPathComponent("r.jsonl").path
            let arguments = ["import", throughStandardInput ? "-" : file.path, "--skip-invalid", "--rejects", rejects, "--db", db, "--format", "json"]
            let run = try invites(arguments, input: throughStandardInput ? input : "")
            #expect(run.status == 0 && run.object["appended"] as? Int == 1 && run.object["rejected"] as? Int == 3, "\(run.stderr)")
            #expect(run.stderr.contains("line 2: invalid_event: the line is longer than"), "\(run.stderr)")
            let copied = try Data(contentsOf: URL(fileURLWithPath: rejects))
            #expect(copied == Data(("not json\r\n" + long + "\r\n" + long + "\n").utf8), "\(copied.count) bytes")
        }
    }

    /// An import that fails before its batch removes the `--rejects` file it created, and leaves one that was there as it was (audit 115).
    @Test func aFailedImportLeavesNoRejectsFileItCreated() throws {
        try withTemporaryLedger { _, folder in
            let input = folder.appendingPathComponent("in.jsonl")
            try Data(#"{"type":"sent","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z"}"#.utf8).write(to: input)
            let nowhere = folder.appendingPathComponent("missing/ledger").path
            let created = folder.appendingPathComponent("new.jsonl").path
            let run = try invites(["import", input.path, "--rejects", created, "--db", nowhere])
            #expect(run.status == 1 && run.stderr.contains("does not exist"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: created))
            let kept = folder.appendingPathComponent("kept.jsonl")
            try Data("earlier\n".utf8).write(to: kept)
            #expect(try invites(["import", input.path, "--rejects", kept.path, "--db", nowhere]).status == 1)
            #expect(try String(contentsOf: kept, encoding: .utf8) == "earlier\n")
        }
    }

    /// `--rejects` naming the very file imported keeps only what failed (audit 12: the file was
    /// emptied before its refused lines were read back from it).
    @Test func rejectsIntoTheInputItselfKeepOnlyWhatFailed() throws {
        try withTemporaryLedger { db, folder in
            let good = #"{"type":"sent","account":"A","recipient":"r1","at":"2026-01-01T00:00:00Z"}"#
            let bad = #"{"type":"accepted","invitation":"nope","at":"2026-01-02T00:00:00Z"}"#
            let file = folder.appendingPathComponent("feed.jsonl")
            let link = folder.appendingPathComponent("feed-link.jsonl")
            try Data((bad + "\n" + good + "\r\n" + bad + "x\n").utf8).write(to: file)
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: file)
            let run = try invites(["import", file.path, "--skip-invalid", "--rejects", link.path, "--db", db, "--format", "json"])
            #expect(run.status == 0 && run.object["appended"] as? Int == 1 && run.object["rejected"] as? Int == 2, "\(run.stderr)")
            #expect(try Data(contentsOf: file) == Data((bad + "\n" + bad + "x\n").utf8))
        }
    }

    /// A refused batch leaves the imported file as it was when `--rejects` names it, named as a
    /// path or read through standard input (audit 150: it kept only the refused lines, and the
    /// valid ones, recorded nowhere, were lost).
    @Test func aRefusedBatchLeavesTheInputThatRejectsNamesAsItWas() throws {
        try withTemporaryLedger { db, folder in
            let good = #"{"type":"sent","account":"A","recipient":"r1","at":"2026-01-01T00:00:00Z"}"#
            let contents = Data((good + "\nnot json\n").utf8)
            let file = folder.appendingPathComponent("feed.jsonl")
            try contents.write(to: file)
            let named = try invites(["import", file.path, "--rejects", file.path, "--db", db])
            #expect(named.status == 1 && named.stderr.contains("is left as it was"), "\(named.stderr)")
            #expect(try Data(contentsOf: file) == contents)
            let piped = try shell("\"$INVITES\" import - --rejects '\(file.path)' --db '\(db)' < '\(file.path)'")
            #expect(piped.status == 1 && piped.stderr.contains("is left as it was"), "\(piped.stderr)")
            #expect(try Data(contentsOf: file) == contents)
            // Once the valid lines are recorded, the file keeps only the refused one, as it does when named.
            let skipped = try shell("\"$INVITES\" import - --skip-invalid --rejects '\(file.path)' --db '\(db)' < '\(file.path)'")
            #expect(skipped.status == 0, "\(skipped.stderr)")
            #expect(try Data(contentsOf: file) == Data("not json\n".utf8))
        }
    }

    /// What audit 153 found said wrongly or not at all: each message now tells what happened, and what to type.
    @Test func messagesSayWhatHappenedAndWhatToType() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--account", "A", "--to", "r1", "--at", "2026-01-01T00:00:00Z", "--db", db]).status == 0)
            // A refused expire --due does not say that invitations are expired now.
            let refused = try invites(["expire", "--due", "--now", "2999-01-01T00:00:00Z", "--read-only", "--db", db])
            #expect(refused.status == 1 && !refused.stderr.contains("expired now"), "\(refused.stderr)")
            // An id_conflict over the time names the recorded one, which a retry gives as --at to be a duplicate.
            #expect(try invites(["remind", "--account", "A", "--to", "r1", "--id", "R1", "--at", "2026-01-02T00:00:00Z", "--db", db]).status == 0)
            let moved = try invites(["remind", "--account", "A", "--to", "r1", "--id", "R1", "--at", "2026-01-03T00:00:00Z", "--db", db])
            #expect(moved.status == 1 && moved.stderr.contains("with a different at (recorded 2026-01-02T00:00:00Z, this one 2026-01-03T00:00:00Z)"),
                    "\(moved.stderr)")
            // A follow-up's --at over --now says nothing of send's policy.
            let remind = try invites(["remind", "--account", "A", "--to", "r1", "--at", "2026-01-04T00:00:00Z", "--now", "2026-01-05T00:00:00Z",
                                      "--db", db])
            #expect(remind.status == 0 && remind.stderr.contains("--at 2026-01-04T00:00:00Z is the event's time: --now 2026-01-05T00:00:00Z changes")
                        && !remind.stderr.contains("policy"), "\(remind.stderr)")
        }
    }

    /// A last line cut short, with no line break, is said as a file still being written; a whole bad line is not (audit 150).
    @Test func aLastLineCutShortIsSaidAsAFileStillBeingWritten() throws {
        try withTemporaryLedger { db, _ in
            let good = #"{"type":"sent","account":"a","recipient":"z1","at":"2026-01-01T00:00:00Z"}"#
            let cut = #"{"type":"sent","account":"a","recipi"#
            let note = "line 2, the input's last, has no line break and is not whole JSON: if the file was still being written"
            let refused = try invites(["import", "-", "--db", db], input: good + "\n" + cut)
            #expect(refused.status == 1 && refused.stderr.contains(note), "\(refused.stderr)")
            let skipped = try invites(["import", "-", "--skip-invalid", "--db", db], input: good + "\n" + cut)
            #expect(skipped.status == 0 && skipped.stderr.contains(note), "\(skipped.stderr)")
            let broken = try invites(["import", "-", "--db", db], input: good + "\n" + cut + "\n")
            #expect(broken.status == 1 && !broken.stderr.contains("no line break"), "\(broken.stderr)")
        }
    }

    @Test func anImportReadThroughAPipesPathLosesNoLine() throws {
        try withTemporaryLedger { db, _ in
            // Two short lines: the LinkedIn check used to read (and so take) the first 256 bytes of the pipe.
            let input = #"{"type":"sent","account":"A","recipient":"r1","at":"2026-01-01T00:00:00Z"}"# + "\n"
                + #"{"type":"sent","account":"A","recipient":"r2","at":"2026-01-01T00:00:00Z"}"# + "\n"
            let run = try invites(["import", "/dev/stdin", "--db", db, "--format", "json"], input: input)
            #expect(run.status == 0 && run.object["appended"] as? Int == 2, "\(run.stdout) \(run.stderr)")
        }
    }

    @Test func aProofReadThroughAPipesPathIsChecked() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--account", "A", "--to", "r1", "--db", db]).status == 0)
            let proof = try invites(["prove", "--position", "1", "--db", db])
            #expect(proof.status == 0, "\(proof.stderr)")
            let checked = try invites(["verify-proof", "/dev/stdin"], input: proof.stdout)
            #expect(checked.status == 0 && checked.stdout.contains(#""ok":true"#), "\(checked.stdout) \(checked.stderr)")
        }
    }

    @Test func aLinkedInCSVReadThroughAPipesPathImportsAsTheFileDoes() throws {
        try withTemporaryLedger { db, folder in
            let file = LinkedInFixtures.path("linkedin-2026-03", "Invitations.csv")
            let piped = try invites(["import", "--from", "linkedin", "/dev/stdin", "--account", "me", "--db", db, "--format", "json"],
                                    input: try String(contentsOfFile: file, encoding: .utf8))
            let direct = try invites(["import", "--from", "linkedin", file, "--account", "me",
                                      "--db", folder.appendingPathComponent("direct").path, "--format", "json"])
            #expect(piped.status == 0 && direct.status == 0, "\(piped.stderr)")
            #expect((piped.object["appended"] as? Int ?? 0) > 0)
            #expect(piped.object["invitations"] as? [String] == direct.object["invitations"] as? [String])
            // Its rows are named by the file's kind, as the file's are by its name, not as "stdin" (audit 22: `63 line 3`).
            // (The file, read by its path, also names the Connections.csv beside it, which a pipe has none of.)
            // Each names its own new ledger.
            let rowLines = direct.stderr.split(separator: "\n").filter { !$0.contains("beside it was not part of this import") && !$0.contains("no ledger was at") }
            #expect(piped.stderr.split(separator: "\n").filter { !$0.contains("no ledger was at") } == rowLines
                    && piped.stderr.contains("Invitations.csv line"), "\(piped.stderr)")
        }
    }

    @Test func anExpiryIdTakenByAClientHoldsBackOnlyItsOwnInvitation() throws {
        try withTemporaryLedger { db, _ in
            let lines = """
            {"type":"sent","account":"A","recipient":"r1","at":"2026-01-01T00:00:00Z","invitation":"i1"}
            {"type":"sent","account":"A","recipient":"r2","at":"2026-01-01T00:00:00Z","invitation":"i2"}
            {"type":"reminded","invitation":"i1","at":"2026-01-05T00:00:00Z","id":"expire:i1"}
            """
            #expect(try invites(["import", "-", "--db", db], input: lines).status == 0)
            let due = try invites(["expire", "--due", "--now", "2026-08-01T00:00:00Z", "--db", db, "--format", "json"])
            #expect(due.status == 1)
            #expect(due.object["appended"] as? Int == 1 && due.object["rejected"] as? Int == 1, "\(due.stdout)")
            #expect(due.stderr.contains("invites: id_conflict: ") && due.stderr.contains("expire:i1"), "\(due.stderr)")
            #expect(due.stderr.contains("1 due invitation was left pending (i1), 1 expired: "), "\(due.stderr)")
            let remedy = "invites expire --db \(db) --invitation i1 --by policy --id expire-again:i1 --at 2026-07-02T00:00:00Z"
            #expect(due.stderr.contains(remedy), "\(due.stderr)")
            let pending = try invites(["pending", "--now", "2026-08-01T00:00:00Z", "--db", db, "--format", "json"])
            #expect(pending.rows.map { $0["invitation"] as? String } == ["i1"])
            // The remedy as printed works, dated when the invitation fell due (audit 70 F2), and the next run has nothing left to do.
            #expect(try invites(remedy.split(separator: " ").dropFirst().map(String.init)).status == 0)
            let history = try invites(["history", "--invitation", "i1", "--db", db, "--format", "json"])
            #expect(history.rows.last?["at"] as? String == "2026-07-02T00:00:00Z", "\(history.stdout)")
            let again = try invites(["expire", "--due", "--now", "2026-08-02T00:00:00Z", "--db", db, "--format", "json"])
            #expect(again.status == 0 && again.object["appended"] as? Int == 0)
        }
    }

    /// Several invitations left pending by taken expiry ids get one remedy each, dated when each fell due, ready to paste (review 71).
    @Test func severalExpiryIdsTakenGetOneRemedyEach() throws {
        try withTemporaryLedger { db, _ in
            let lines = """
            {"type":"sent","account":"A","recipient":"r1","at":"2026-01-01T00:00:00Z","invitation":"i1"}
            {"type":"sent","account":"A","recipient":"r2","at":"2026-01-02T00:00:00Z","invitation":"i2"}
            {"type":"reminded","invitation":"i1","at":"2026-01-05T00:00:00Z","id":"expire:i1"}
            {"type":"reminded","invitation":"i2","at":"2026-07-20T00:00:00Z","id":"expire:i2"}
            """
            #expect(try invites(["import", "-", "--db", db], input: lines).status == 0)
            let due = try invites(["expire", "--due", "--now", "2026-08-01T00:00:00Z", "--db", db])
            #expect(due.status == 1 && due.stderr.contains("2 due invitations were left pending (i1, i2), 0 expired: "
                                                           + "record each one's expiry with an id of its own, with the commands on the next lines\n"),
                    "\(due.stderr)")
            // i2 was reminded after it fell due (07-03): its expiry is dated at the reminder, or it would be out of order.
            let remedies = due.stderr.split(separator: "\n").filter { $0.hasPrefix("  invites expire ") }
            #expect(remedies.count == 2 && remedies.last?.hasSuffix("--at 2026-07-20T00:00:00Z") == true, "\(remedies)")
            for remedy in remedies {
                #expect(try invites(remedy.split(separator: " ").dropFirst().map(String.init)).status == 0, "\(remedy)")
            }
            let pending = try invites(["pending", "--now", "2026-08-01T00:00:00Z", "--db", db, "--format", "json"])
            #expect(pending.rows.isEmpty)
        }
    }

    /// An automation that did not see the answer runs the same command again: without `--at`, its
    /// clock differs from the recorded `at`, and the retry is still the duplicate it is (exit 0).
    @Test func theSameCommandRetriedWithItsIdAndNoTimeIsADuplicate() throws {
        try withTemporaryLedger { db, _ in
            let send = ["send", "--account", "A", "--to", "linkedin.com/in/jane", "--id", "s-1", "--db", db, "--format", "json"]
            #expect(try invites(send).status == 0)
            Thread.sleep(forTimeInterval: 0.01)
            let again = try invites(send)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.object["appended"] as? Int == 0 && again.object["duplicates"] as? Int == 1, "\(again.stdout)")
            // The same id with another field is still a conflict, naming that field, not the time.
            let other = try invites(["send", "--account", "A", "--to", "linkedin.com/in/jane", "--id", "s-1", "--source", "x",
                                     "--db", db, "--format", "json"])
            #expect(other.status == 1 && other.stderr.contains("id_conflict") && other.stderr.contains("source"), "\(other.stderr)")
            #expect(!other.stderr.contains("different at"), "\(other.stderr)")
            let remind = ["remind", "--account", "A", "--to", "linkedin.com/in/jane", "--id", "r-1", "--db", db, "--format", "json"]
            #expect(try invites(remind).status == 0)
            Thread.sleep(forTimeInterval: 0.01)
            #expect(try invites(remind).object["duplicates"] as? Int == 1)
            // A given --at is taken as given: another time is a conflict.
            let earlier = try invites(["send", "--account", "A", "--to", "linkedin.com/in/jane", "--id", "s-1",
                                       "--at", "2020-01-01T00:00:00Z", "--db", db])
            #expect(earlier.status == 1 && earlier.stderr.contains("id_conflict"), "\(earlier.stderr)")
            let history = try invites(["history", "--to", "linkedin.com/in/jane", "--db", db, "--format", "json"])
            #expect(history.rows.count == 2, "\(history.stdout)")
            // Once the pair moved on, the same id for a new send is no retry: a conflict, not a silent duplicate.
            #expect(try invites(["withdraw", "--account", "A", "--to", "linkedin.com/in/jane", "--db", db]).status == 0)
            let reused = try invites(["send", "--account", "A", "--to", "linkedin.com/in/jane", "--id", "s-1", "--force",
                                      "--db", db, "--format", "json"])
            #expect(reused.status == 1 && reused.stderr.contains("id_conflict"), "\(reused.stdout) \(reused.stderr)")
            // Its message names what differs beyond the clock first.
            let elsewhere = try invites(["send", "--account", "A", "--to", "carol", "--id", "s-1", "--db", db])
            #expect(elsewhere.stderr.contains("with a different recipient and at"), "\(elsewhere.stderr)")
            // Nor is an id an import gave an event with its own time.
            #expect(try invites(["import", "-", "--db", db], input: #"{"type":"sent","id":"imp-1","account":"B","recipient":"x","at":"2026-01-01T00:00:00Z"}"# + "\n").status == 0)
            let imported = try invites(["send", "--account", "B", "--to", "x", "--id", "imp-1", "--db", db])
            #expect(imported.status == 1 && imported.stderr.contains("id_conflict"), "\(imported.stderr)")
        }
    }

    /// An import that records nothing makes no ledger at a path that had none, so a mistyped
    /// `--db` in a scheduler's empty daily feed leaves queries saying there is no ledger there.
    @Test func anImportThatRecordsNothingMakesNoLedger() throws {
        try withTemporaryLedger { db, _ in
            for (input, extra) in [("", [String]()), ("\n\n", []), ("{\"type\":\"bogus\"}\n", ["--skip-invalid"])] {
                let result = try invites(["import", "-", "--db", db, "--format", "json"] + extra, input: input)
                #expect(result.status == 0 && result.object["appended"] as? Int == 0, "\(result.stderr)")
                #expect(!FileManager.default.fileExists(atPath: db), "an import of \(input.debugDescription) made \(db)")
            }
            // A LinkedIn export with no rows (its header alone) records nothing either.
            let header = try String(contentsOfFile: LinkedInFixtures.path("linkedin-2026-03", "Invitations.csv"), encoding: .utf8)
                .split(separator: "\n", maxSplits: 1)[0]
            let export = URL(fileURLWithPath: db + "-export")
            try FileManager.default.createDirectory(at: export, withIntermediateDirectories: true)
            try (header + "\n").write(to: export.appendingPathComponent("Invitations.csv"), atomically: false, encoding: .utf8)
            let linkedIn = try invites(["import", "--from", "linkedin", export.path, "--account", "me", "--db", db])
            #expect(linkedIn.status == 0, "\(linkedIn.stderr)")
            #expect(!FileManager.default.fileExists(atPath: db), "a LinkedIn import of no rows made \(db)")
            let check = try invites(["check", "--account", "A", "--to", "b", "--db", db])
            #expect(check.stderr.contains("no ledger at"), "\(check.stderr)")
        }
    }

    /// A refusal's `invites: <code>:` line comes first on standard error, and the notes after it, so a
    /// client reading the first line finds the refusal's code, also when the refusal prints its verdict
    /// (`--format json`, `csv`); on success the notes follow the answer. A note about the time of an
    /// event (`--at` after the clock: "it is recorded as given") is said only when the event is recorded.
    @Test func notesFollowTheErrorLine() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--account", "acct-1", "--to", "jane", "--at", "2026-01-05T09:30:00Z", "--db", db]).status == 0)
            #expect(try invites(["policy", "--set", "pending_cap=1", "--set", "weekly_cap=0", "--db", db]).status == 0)
            for format in ["table", "json", "csv"] {
                // An account the ledger has not seen: its note after the refusal; the time after the clock: not said, as nothing is recorded.
                for account in ["acct-1", "acct-2"] {
                    let refusal = try invites(["send", "--account", account, "--to", "z", "--at", "2099-01-01T00:00:00Z", "--db", db,
                                               "--format", format])
                    let lines = refusal.stderr.split(separator: "\n")
                    #expect(refusal.status == 3, "\(refusal.stderr)")
                    #expect(lines.first?.hasPrefix("invites: pending_cap: ") == true || lines.first?.hasPrefix("invites: weekly_cap: ") == true,
                            "\(format): \(refusal.stderr)")
                    #expect(lines.dropFirst().contains { $0.hasPrefix("invites: note: account acct-2 ") } == (account == "acct-2"),
                            "\(format): \(refusal.stderr)")
                    #expect(!refusal.stderr.contains("--at 2099"), "\(format): \(refusal.stderr)")
                    #expect(refusal.stdout.contains("z") == (format != "table"), "\(format): \(refusal.stdout)")
                }
            }
            // A follow-up the lifecycle refuses, dated after the clock: the refusal alone.
            let closed = try invites(["remind", "--account", "acct-1", "--to", "nobody", "--at", "2099-01-01T00:00:00Z", "--db", db])
            #expect(closed.status == 1 && closed.stderr.hasPrefix("invites: unknown_invitation: ") && !closed.stderr.contains("--at 2099"),
                    "\(closed.stderr)")
            // Recorded (over the policy), the time after the clock is said.
            let forced = try invites(["send", "--account", "acct-1", "--to", "z", "--at", "2099-01-01T00:00:00Z", "--force", "--db", db])
            #expect(forced.status == 0 && forced.stderr.contains("invites: note: --at 2099-01-01T00:00:00Z is more than an hour after the clock"),
                    "\(forced.stderr)")
        }
    }

    /// A file of id-less lines imported twice is refused; the refusal says why `--skip-invalid` would record its follow-ups again.
    @Test func aReimportOfLinesWithoutIdsSaysWhatSkippingWouldDo() throws {
        try withTemporaryLedger { db, _ in
            let lines = """
            {"type":"sent","invitation":"x1","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z"}
            {"type":"reminded","invitation":"x1","at":"2026-01-02T00:00:00Z"}
            """ + "\n"
            #expect(try invites(["import", "-", "--db", db], input: lines).status == 0)
            let again = try invites(["import", "-", "--db", db], input: lines)
            #expect(again.status == 1 && again.stderr.contains("duplicate_invitation"), "\(again.stderr)")
            #expect(again.stderr.contains("if this file was imported before") && again.stderr.contains("give each line an id"),
                    "\(again.stderr)")
            // Named by pair, with no invitation id: refused as already pending, and said the same way.
            let byPair = """
            {"type":"sent","account":"b","recipient":"s","at":"2026-01-01T00:00:00Z"}
            {"type":"reminded","account":"b","recipient":"s","at":"2026-01-02T00:00:00Z"}
            """ + "\n"
            #expect(try invites(["import", "-", "--db", db], input: byPair).status == 0)
            let pairAgain = try invites(["import", "-", "--db", db], input: byPair)
            #expect(pairAgain.status == 1 && pairAgain.stderr.contains("already_pending")
                    && pairAgain.stderr.contains("if this file was imported before"), "\(pairAgain.stderr)")
            // A file whose every line has an id is safe to import again: not said.
            let withIDs = #"{"type":"sent","id":"w1","invitation":"x1","account":"a","recipient":"r","at":"2026-01-03T00:00:00Z"}"# + "\n"
            let clash = try invites(["import", "-", "--db", db], input: withIDs)
            #expect(clash.status == 1 && !clash.stderr.contains("if this file was imported before"), "\(clash.stderr)")
        }
    }

    /// A format named in capitals is the same format; an unknown one is still a malformed command line.
    @Test func aFormatIsNamedInAnyCase() throws {
        try withTemporaryLedger { db, _ in
            let upper = try invites(["policy", "--format", "CSV", "--db", db])
            let lower = try invites(["policy", "--format", "csv", "--db", db])
            #expect(upper.status == 0 && upper.stdout == lower.stdout, "\(upper.stderr)")
            #expect(try invites(["policy", "--format", "xml", "--db", db]).status == 64)
        }
    }

    /// A terminal's short times carry no zone, so their columns' headers say UTC; CSV's headers stay the field names.
    @Test func tableTimesSayTheirZone() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--account", "A", "--to", "b", "--at", "2026-01-05T09:30:00Z", "--db", db]).status == 0)
            #expect(try invites(["withdraw", "--account", "A", "--to", "b", "--at", "2026-01-06T09:30:00Z", "--db", db]).status == 0)
            let now = "2026-01-07T00:00:00Z"
            let history = try invites(["history", "--to", "b", "--db", db]).stdout
            #expect(history.contains("at (UTC)") && history.contains("2026-01-05 09:30"), "\(history)")
            let cooldown = try invites(["cooldown", "--now", now, "--db", db]).stdout
            #expect(cooldown.contains("since (UTC)") && cooldown.contains("until (UTC)"), "\(cooldown)")
            let csv = try invites(["cooldown", "--now", now, "--db", db, "--format", "csv"]).stdout
            #expect(csv.hasPrefix("account,recipient,state,reason,since,until"), "\(csv)")
        }
    }

    @Test func tablesShowTheirTimesInTheZoneAskedForAndJSONStaysUTC() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--account", "A", "--to", "b", "--at", "2026-01-05T23:30:00Z", "--db", db]).status == 0)
            #expect(try invites(["send", "--account", "A", "--to", "c", "--at", "2026-07-05T23:30:00Z", "--db", db]).status == 0)
            #expect(try invites(["withdraw", "--account", "A", "--to", "c", "--at", "2026-07-06T09:30:00Z", "--db", db]).status == 0)
            let now = ["--now", "2026-07-07T00:00:00Z"]
            let pending = try invites(["pending", "--tz", "europe/berlin", "--db", db] + now).stdout
            #expect(pending.contains("sent (Europe/Berlin)") && pending.contains("2026-01-06 00:30"), "\(pending)")  // winter: +01:00
            let history = try invites(["history", "--to", "c", "--tz", "Europe/Berlin", "--db", db]).stdout
            #expect(history.contains("at (Europe/Berlin)") && history.contains("2026-07-06 01:30"), "\(history)")  // summer: +02:00
            let cooldown = try invites(["cooldown", "--tz", "-05:30", "--db", db] + now).stdout
            #expect(cooldown.contains("until (-05:30)") && cooldown.contains("2026-07-27 04:00"), "\(cooldown)")
            let check = try invites(["check", "--account", "A", "--to", "c", "--tz", "+02:00", "--db", db] + now)
            #expect(check.status == 3 && check.stdout.contains("until 2026-07-27 11:30 +02:00"), "\(check.stdout)")
            let json = try invites(["pending", "--tz", "Europe/Berlin", "--format", "json", "--db", db] + now)
            #expect(json.stdout.contains(#""sent_at":"2026-01-05T23:30:00Z""#), "\(json.stdout)")
            let csv = try invites(["cooldown", "--tz", "Europe/Berlin", "--format", "csv", "--db", db] + now)
            #expect(csv.stdout.contains("2026-07-06T09:30:00Z,2026-07-27T09:30:00Z"), "\(csv.stdout)")
            #expect(try invites(["pending", "--tz", "Mars/Olympus", "--db", db]).status == 64)
        }
    }

    /// A zone abbreviation is read as the zone it most often names, and said; Foundation alone read `BST` as UTC+06:00 (audit 108 F1).
    @Test func zoneAbbreviationsAreReadAsTheirZoneAndSaid() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--account", "A", "--to", "b", "--at", "2026-07-01T12:00:00Z", "--db", db]).status == 0)
            for (abbreviation, zone, shown) in [("BST", "Europe/London", "13:00"), ("bst", "Europe/London", "13:00"),
                                                ("PST", "America/Los_Angeles", "05:00"), ("CEST", "Europe/Paris", "14:00")] {
                let history = try invites(["history", "--to", "b", "--tz", abbreviation, "--db", db])
                #expect(history.status == 0 && history.stdout.contains("at (\(zone))") && history.stdout.contains("2026-07-01 \(shown)"),
                        "\(abbreviation): \(history.stdout)")
                #expect(history.stderr.contains("--tz \(abbreviation) is an abbreviation, not a zone: read as \(zone), with its summer time"),
                        "\(history.stderr)")
            }
            // A zone file of tzdata's (EST: a fixed -05:00) is a zone, and no note.
            let est = try invites(["history", "--to", "b", "--tz", "EST", "--db", db])
            #expect(est.stdout.contains("2026-07-01 07:00") && est.stderr.isEmpty, "\(est.stdout)\(est.stderr)")
            // One Foundation takes but cannot place (SST) is refused.
            let sst = try invites(["history", "--to", "b", "--tz", "SST", "--db", db])
            #expect(sst.status == 64 && sst.stderr.contains("abbreviation this system cannot place in one zone"), "\(sst.stderr)")
            let mars = try invites(["history", "--to", "b", "--tz", "Mars", "--db", db])
            #expect(mars.status == 64 && mars.stderr.contains("\"Mars\" is not a time zone"), "\(mars.stderr)")
        }
    }

    /// A date without a zone given to a query with `--tz` is suggested as that zone's local time (audit 108 F7, review 110 R12).
    @Test func aDateWithoutAZoneIsSuggestedInTheZoneOfTz() throws {
        try withTemporaryLedger { db, _ in
            let kolkata = try invites(["metrics", "--by", "hour", "--tz", "Asia/Kolkata", "--sent-since", "2026-03-01", "--db", db])
            #expect(kolkata.status == 64 && kolkata.stderr.contains(
                "write e.g. 2026-03-01T00:00:00+05:30 (in Asia/Kolkata, as --tz; 2026-03-01T00:00:00Z is in UTC)"), "\(kolkata.stderr)")
            let summer = try invites(["metrics", "--tz", "America/New_York", "--sent-until", "2026-07-01 23:59", "--db", db])
            #expect(summer.stderr.contains("write e.g. 2026-07-01T23:59:00-04:00 (in America/New_York"), "\(summer.stderr)")
            let utc = try invites(["metrics", "--sent-since", "2026-03-01", "--db", db])
            #expect(utc.stderr.contains("write e.g. 2026-03-01T00:00:00Z\n"), "\(utc.stderr)")
            // Every query with --tz suggests its zone for --now and --as-of too (review 110 R12).
            for query in [["pending"], ["cooldown"], ["history", "--to", "b"], ["check", "--account", "A", "--to", "b"], ["metrics"]] {
                let asOf = try invites(query + ["--tz", "Asia/Kolkata", "--as-of", "2026-03-01", "--db", db])
                #expect(asOf.status == 64 && asOf.stderr.contains("--as-of: ") && asOf.stderr.contains(
                    "write e.g. 2026-03-01T00:00:00+05:30 (in Asia/Kolkata, as --tz;"), "\(query): \(asOf.stderr)")
                let now = try invites(query + ["--now", "2026-03-01 09:30", "--db", db])
                #expect(now.status == 64 && now.stderr.contains("--now: ") && now.stderr.contains("write e.g. 2026-03-01T09:30:00Z\n"),
                        "\(query): \(now.stderr)")
            }
        }
    }

    /// The pending table shows the template when a listed invitation has one, as `--template` filters by it (audit 111 F9).
    @Test func thePendingTableShowsTemplatesWhenThereAreAny() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--account", "A", "--to", "b", "--at", "2026-01-05T09:30:00Z", "--db", db]).status == 0)
            let plain = try invites(["pending", "--db", db, "--now", "2026-01-06T00:00:00Z"]).stdout
            #expect(!plain.contains("template"), "\(plain)")
            #expect(try invites(["send", "--account", "A", "--to", "c", "--template", "variant-b", "--at", "2026-01-05T10:00:00Z",
                                 "--db", db]).status == 0)
            let lines = try invites(["pending", "--db", db, "--now", "2026-01-06T00:00:00Z"]).stdout.split(separator: "\n").map(String.init)
            #expect(lines[0].contains("source   template   note"), "\(lines)")
            #expect(lines.contains { $0.hasPrefix("inv-2") && $0.contains("variant-b") }, "\(lines)")
            let filtered = try invites(["pending", "--template", "variant-b", "--db", db, "--now", "2026-01-06T00:00:00Z"]).stdout
            #expect(filtered.contains("variant-b") && !filtered.contains("inv-1"), "\(filtered)")
        }
    }

    /// `--now` on a recording verb is the clock it runs at: the event's time without `--at`, and the time `send` judges its caps at (audit 112 F3).
    @Test func aVerbsNowIsTheClockItRunsAt() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["policy", "--set", "weekly_cap=1", "--db", db]).status == 0)
            #expect(try invites(["send", "--account", "a", "--to", "b", "--now", "2026-01-05T09:00:00Z", "--db", db]).status == 0)
            #expect(try invites(["remind", "--account", "a", "--to", "b", "--now", "2026-01-06T09:00:00Z", "--db", db]).status == 0)
            #expect(try invites(["withdraw", "--account", "a", "--to", "b", "--at", "2026-01-07T09:00:00Z",
                                 "--now", "2026-01-09T00:00:00Z", "--db", db]).status == 0)  // --at wins
            let log = try invites(["log", "--db", db]).stdout.split(separator: "\n").map { String($0) }
            #expect(log.count == 3 && log[0].contains(#""at":"2026-01-05T09:00:00Z""#) && log[1].contains(#""at":"2026-01-06T09:00:00Z""#)
                    && log[2].contains(#""at":"2026-01-07T09:00:00Z""#), "\(log)")
            // The weekly cap (1) is judged at --now: a send within the week is refused, one past it allowed.
            let early = try invites(["send", "--account", "a", "--to", "c", "--now", "2026-01-08T09:00:00Z", "--db", db])
            #expect(early.status == 3 && early.stderr.contains("weekly_cap"), "\(early.stderr)")
            #expect(try invites(["send", "--account", "a", "--to", "c", "--now", "2026-01-12T09:00:01Z", "--db", db]).status == 0)
            #expect(try invites(["expire", "--account", "a", "--to", "c", "--now", "2026-01-13T00:00:00Z", "--db", db]).status == 0)
            #expect(try invites(["history", "--to", "c", "--db", db, "--format", "json"]).rows.last?["at"] as? String == "2026-01-13T00:00:00Z")
        }
    }

    @Test func nullIsAbsentOnEveryKind() throws {
        try withTemporaryLedger { db, _ in
            let lines = """
            {"type":"sent","id":"e1","account":"A","recipient":"b","at":"2026-01-01T00:00:00Z","invitation":"b1","by":null,"reason":null}
            {"type":"accepted","id":"e2","invitation":"b1","at":"2026-01-02T00:00:00Z","note":null,"source":null,"template":null}
            """
            let run = try invites(["import", "-", "--db", db, "--format", "json"], input: lines)
            #expect(run.status == 0 && run.object["appended"] as? Int == 2, "\(run.stderr)")
            let log = try invites(["log", "--db", db])
            #expect(!log.stdout.contains("null") && !log.stdout.contains("\"note\""))
            let retry = #"{"type":"accepted","id":"e2","invitation":"b1","at":"2026-01-02T00:00:00Z"}"#
            #expect(try invites(["import", "-", "--db", db, "--format", "json"], input: retry).object["duplicates"] as? Int == 1)
            // A value on the wrong kind is still refused, with the right article.
            let wrong = #"{"type":"accepted","invitation":"b1","at":"2026-01-03T00:00:00Z","note":"hi"}"#
            let refused = try invites(["import", "-", "--db", db], input: wrong)
            #expect(refused.status == 1 && refused.stderr.contains("\"note\" does not belong on an accepted event"), "\(refused.stderr)")
        }
    }

    /// Audit 10: `note_limit` is checked after the duplicate check (SPEC §2), and still before the policy (SPEC §3, `send`).
    @Test func aLoweredNoteLimitRefusesNewNotesButNotRetries() throws {
        try withTemporaryLedger { db, _ in
            let note = String(repeating: "n", count: 40)
            let line = #"{"type":"sent","id":"e1","invitation":"i1","account":"A","recipient":"r1","at":"2026-01-01T00:00:00Z","note":"\#(note)"}"#
            #expect(try invites(["import", "-", "--db", db], input: line).status == 0)
            #expect(try invites(["send", "--account", "A", "--to", "r2", "--id", "s2", "--note", note, "--at", "2026-01-01T00:00:00Z", "--db", db]).status == 0)
            #expect(try invites(["policy", "--set", "note_limit=10", "--db", db]).status == 0)

            let retried = try invites(["import", "-", "--db", db, "--format", "json"], input: line)
            #expect(retried.status == 0 && retried.object["duplicates"] as? Int == 1, "\(retried.stderr)")
            let resent = try invites(["send", "--account", "A", "--to", "r2", "--id", "s2", "--note", note, "--at", "2026-01-01T00:00:00Z",
                                      "--db", db, "--format", "json"])
            #expect(resent.status == 0 && resent.object["duplicates"] as? Int == 1, "\(resent.stderr)")

            // A new send to a pair the policy refuses (pending): the invalid note is reported first, exit 1.
            let pending = try invites(["send", "--account", "A", "--to", "r2", "--note", note, "--db", db])
            #expect(pending.status == 1 && pending.stderr.contains("invalid_event: pair A → r2: note is 40 characters, longer than note_limit 10"),
                    "\(pending.stderr)")
            #expect(try invites(["status", "--db", db, "--format", "json"]).object["events"] as? Int == 2)
        }
    }

    @Test func messagesNameTheRealProblem() throws {
        try withTemporaryLedger { db, _ in
            let cap = try invites(["policy", "--set", "pending_cap=2147483647", "--db", db])
            #expect(cap.status == 1 && cap.stderr.contains("from 0 to 1000000000"), "\(cap.stderr)")
            let comma = try invites(["send", "--account", "A", "--to", "r", "--at", "2026-01-05T09:30:00,5Z", "--db", db])
            #expect(comma.status == 1 && comma.stderr.contains("comma"), "\(comma.stderr)")
            let emptyID = try invites(["send", "--account", "A", "--to", "r", "--invitation", "", "--db", db])
            #expect(emptyID.status == 1 && emptyID.stderr.contains("pair A → r: "), "\(emptyID.stderr)")
        }
    }

    @Test(arguments: [
        (["remind", "--invitation", "i-1"], 1, "unknown_invitation: invitation i-1 was never sent"),
        (["withdraw", "--account", "A", "--to", "https://www.linkedin.com/in/Jane/"], 1,
         "unknown_invitation: pair A → linkedin.com/in/jane was never invited"),
        (["accept", "--invitation", "i-1", "--at", "yesterday"], 1, "invalid_event: "),
        (["expire", "--invitation", "i-1"], 1, "unknown_invitation: invitation i-1 was never sent"),
        (["expire", "--due"], 0, ""),
        (["send", "--account", "A", "--to", " "], 1, "invalid_event: "),
        (["send", "--account", "A", "--to", "r", "--note", String(repeating: "n", count: 301)], 1,
         "invalid_event: pair A → r: note is 301 characters, longer than note_limit 300"),
    ])
    func aWriteThatCannotSucceedCreatesNoLedger(arguments: [String], status: Int32, message: String) throws {
        try withTemporaryLedger { db, _ in
            let run = try invites(arguments + ["--db", db])
            #expect(run.status == status, "\(arguments): \(run.stderr)")
            #expect(message.isEmpty || run.stderr.contains(message), "\(arguments): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: db), "\(arguments) created \(db)")
            // An empty directory (made by `mktemp -d`, say) gets no ledger either.
            try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: false)
            let inEmpty = try invites(arguments + ["--db", db])
            #expect(inEmpty.status == status, "\(arguments) in an empty directory: \(inEmpty.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: db).isEmpty, "\(arguments) wrote into \(db)")
            // A path whose folder is missing too is a mistyped path, as for a query.
            let mistyped = try invites(arguments + ["--db", db + "-missing/ledger"])
            #expect(mistyped.status == 1, "\(arguments) on a mistyped path: \(mistyped.stderr)")
            #expect(message.hasPrefix("invalid_event") || mistyped.stderr.contains("no ledger at") || mistyped.stderr.contains("cannot create"),
                    "\(arguments): \(mistyped.stderr)")
        }
    }

    @Test(arguments: [
        ["status", "--db", ""],
        ["pending", "--account", ""], ["pending", "--source", " "], ["cooldown", "--account", ""],
        ["metrics", "--account", ""], ["history", "--to", ""],
        ["pending", "--limit", "-1"], ["log", "--from", "-1"], ["pending", "--older-than", "-1d"],
        ["log", "--limit", "-1"], ["log", "--follow", "--poll-interval", "-5"], ["log", "--poll-interval", "0"],
    ])
    func emptyOrNegativeValuesAreMalformedCommandLines(arguments: [String]) throws {
        try withTemporaryLedger { db, _ in
            let run = try invites(arguments.contains("--db") ? arguments : arguments + ["--db", db])
            #expect(run.status == 64, "\(arguments): \(run.stderr)")
            #expect(!run.stderr.contains("Missing value"), "\(arguments): \(run.stderr)")
        }
    }

    /// An eighth audit: a LinkedIn URL with nothing after `/in/` names nobody, so it is refused rather than kept as an id.
    @Test func aMisspeltOptionOrCommandIsNamedNotAnotherWord() throws {
        try withTemporaryLedger { db, _ in
            let option = try invites(["send", "--acount", "A", "--to", "r", "--db", db])
            #expect(option.status == 64)
            #expect(option.stderr.hasPrefix("Error: Unknown option '--acount'. Did you mean '--account'?\nUsage: invites send --account"), "\(option.stderr)")
            #expect(!FileManager.default.fileExists(atPath: db), "a refused command line writes nothing")
            let command = try invites(["pendng", "--db", db])
            #expect(command.status == 64)
            #expect(command.stderr.hasPrefix("Error: \"pendng\" is not a command; did you mean pending?"), "\(command.stderr)")
            let help = try invites(["help", "pendng"])
            #expect(help.status == 64 && help.stdout.isEmpty, "\(help.stdout)")
            // An option only other commands take names them; the parser offered `--db` for `--as-of` (audit 75 L2).
            let elsewhere = try invites(["status", "--as-of", "2026-01-05T10:00:00Z", "--db", db])
            #expect(elsewhere.status == 64)
            #expect(elsewhere.stderr.hasPrefix("Error: Unknown option '--as-of': status does not take it (check, cooldown, "
                                               + "history, metrics and pending do)\nUsage: invites status"), "\(elsewhere.stderr)")
        }
    }

    @Test func aClientIdMeetingAnIdTheLedgerGaveIsSaidToBeOne() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--account", "A", "--to", "bob", "--at", "2026-01-05T09:30:00Z", "--db", db]).status == 0)
            #expect(try invites(["send", "--account", "A", "--to", "ann", "--invitation", "crm-7", "--at", "2026-01-05T09:30:00Z", "--db", db]).status == 0)
            let lines = """
            {"type":"sent","account":"B","recipient":"jane","invitation":"inv-1","at":"2026-01-06T00:00:00Z"}
            {"type":"sent","account":"B","recipient":"jo","invitation":"crm-7","at":"2026-01-06T00:00:00Z"}
            """
            let run = try invites(["import", "-", "--db", db], input: lines + "\n")
            #expect(run.status == 1)
            #expect(run.stderr.contains("line 1: duplicate_invitation: invitation inv-1 was already sent at position 1 (an id the ledger gave a send recorded without one;"),
                    "\(run.stderr)")
            #expect(run.stderr.contains("line 2: duplicate_invitation: invitation crm-7 was already sent at position 2\n"), "\(run.stderr)")
        }
    }

    @Test func aProfileURLWithoutAProfileNameIsRefused() throws {
        try withTemporaryLedger { db, _ in
            let send = try invites(["send", "--account", "A", "--to", "https://www.linkedin.com/in/?trk=x", "--db", db])
            #expect(send.status == 1 && send.stderr.contains("invalid_event") && send.stderr.contains("no profile name"), "\(send.stderr)")
            let line = #"{"type":"sent","account":"A","recipient":"linkedin.com/in/","at":"2026-01-01T00:00:00Z"}"#
            let imported = try invites(["import", "-", "--db", db], input: line + "\n")
            #expect(imported.status == 1 && imported.stderr.contains("line 1: invalid_event"), "\(imported.stderr)")
            let check = try invites(["check", "--account", "A", "--to", "https://www.linkedin.com/in/", "--db", db])
            #expect(check.status == 64 && check.stderr.contains("no profile name"), "\(check.stderr)")
            #expect(try invites(["status", "--db", db, "--format", "json"]).object["events"] as? Int == 0)
        }
    }

    /// A `--db` that is a symbolic link to a missing folder is named as such, not as "File exists" (audit 54 L2).
    @Test func aDanglingLedgerLinkIsNamed() throws {
        try withTemporaryLedger { _, folder in
            let link = folder.appendingPathComponent("linked").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: folder.appendingPathComponent("gone").path)
            let run = try invites(["send", "--db", link, "--account", "a", "--to", "r"])
            #expect(run.status == 1 && run.stderr.contains("it is a symbolic link to \(folder.path)/gone, which leads to no folder"), "\(run.stderr)")
        }
    }

    /// The sentences of `send` and `check` show a client's ids on one line, with no bidi override at work (review 56 L1).
    @Test func sentencesShowIdsWithoutControlOrBidiCharacters() throws {
        try withTemporaryLedger { db, _ in
            let sent = try invites(["send", "--db", db, "--account", "a", "--to", "r", "--invitation", "crm\u{202E}-12\u{2066}x",
                                    "--at", "2026-01-01T00:00:00Z"])
            #expect(sent.stdout.hasSuffix("; invitation crm -12 x\n"), "\(sent.stdout) \(sent.stderr)")
            let check = try invites(["check", "--db", db, "--account", "a", "--to", "r", "--now", "2026-01-02T00:00:00Z"])
            #expect(check.stdout.hasSuffix("(latest invitation crm -12 x)\n"), "\(check.stdout)")
        }
    }

    /// `status` says which projections no query has built yet; its JSON keeps SPEC's shape.
    @Test func statusSaysWhichProjectionsAreNotBuiltYet() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: #"{"type":"sent","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z"}"# + "\n").status == 0)
            let before = try invites(["status", "--db", db]).stdout
            #expect(before.contains("position 0, lag 1; not built yet (the next query builds it)"), "\(before)")
            #expect(try invites(["pending", "--db", db]).status == 0)
            let after = try invites(["status", "--db", db]).stdout
            #expect(after.contains("position 1, lag 0\n") && !after.contains("not built"), "\(after)")
            let json = try invites(["status", "--db", db, "--format", "json"]).object["projections"] as? [[String: Any]]
            #expect(json?.allSatisfy { Set($0.keys) == ["name", "position", "lag"] } == true)
        }
    }

    /// A note or a reason that begins with a dash is taken as written, as a script passes `["--note", note]` (audit 55 M4).
    @Test func aNoteOrReasonBeginningWithADashIsTakenAsWritten() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--db", db, "--account", "a", "--to", "r", "--note", "-- Regards", "--at", "2026-01-05T09:00:00Z"]).status == 0)
            #expect(try invites(["withdraw", "--db", db, "--account", "a", "--to", "r", "--reason", "-stale", "--at", "2026-01-06T09:00:00Z"]).status == 0)
            let events = try invites(["log", "--db", db]).stdout
            #expect(events.contains(#""note":"-- Regards""#) && events.contains(#""reason":"-stale""#), "\(events)")
            #expect(try invites(["send", "--db", db, "--account", "a", "--to", "s", "--note"]).status == 64)
            // A note forgotten before the next option would take it, and the option be lost (review 56 M3): refused.
            let swallowed = try invites(["send", "--db", db, "--account", "a", "--to", "s", "--note", "--force"])
            #expect(swallowed.status == 64 && swallowed.stderr.hasPrefix("Error: --note took the next word, --force, as its text"),
                    "\(swallowed.stderr)")
            #expect(try invites(["withdraw", "--db", db, "--invitation", "inv-1", "--reason", "--db", db]).status == 64)
            for option in ["--template=v2", "--db=\(db)", "--version"] {  // with its value too, and the root's (review 57)
                #expect(try invites(["send", "--db", db, "--account", "a", "--to", "s", "--note", option]).status == 64, "\(option)")
            }
            #expect(try invites(["log", "--db", db]).stdout.split(separator: "\n").count == 2)  // nothing recorded by the refusals
            // Written with `=`, no next word was taken: the note is meant (audit 58).
            #expect(try invites(["send", "--db", db, "--account", "a", "--to", "t", "--note=--force", "--at", "2026-01-07T09:00:00Z"]).status == 0)
            #expect(try invites(["log", "--db", db]).stdout.contains(#""note":"--force""#))
        }
    }
}

/// Every command's help shows its examples whole in an 80-column terminal: a line that went on
/// past the width would wrap to the left margin, and pasting it would run half a command
/// (review 21: `send --help`'s first example recorded a send without its source and note).
@Test func helpExamplesFitEightyColumnsSoTheyCanBePasted() throws {
    let overview = try invites(["--help"])
    // The overview lists them in groups, each under its own "… SUBCOMMANDS:" heading.
    let subcommands = overview.stdout.components(separatedBy: "SUBCOMMANDS:").dropFirst()
        .flatMap { $0.split(separator: "\n") }.compactMap { line -> String? in
            guard line.hasPrefix("  "), let name = line.split(separator: " ").first, name.first?.isLetter == true else { return nil }
            return String(name)
        }
    #expect(subcommands.count >= 20, "\(subcommands)")
    for command in subcommands {
        let help = try invites([command, "--help"], environment: ["COLUMNS": "80"]).stdout
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("Example") }) else { continue }
        var previous = ""
        for line in lines[(start + 1)...] {
            if line.isEmpty { break }
            #expect(line.hasPrefix("  "), "\(command) --help: an example wrapped: \(line)")
            #expect(line.count <= 80)
            if previous.hasSuffix("\\") { #expect(line.hasPrefix("    "), "\(command): \(line)") }
            previous = String(line)
        }
    }
}

/// `import` with no file, at a terminal, says it reads standard input (review 21: it seemed to
/// hang); fed by a pipe, it says nothing of the kind. The terminal comes from `script`.
@Test func importAtATerminalSaysItReadsStandardInput() throws {
    try withTemporaryLedger { db, _ in
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            print("note: /usr/bin/script is missing; the terminal case was not run")
            return
        }
        let atTerminal = Process()
        atTerminal.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        atTerminal.arguments = ["-qec", "'\(Paths.binary)' import --db '\(db)' < /dev/tty", "/dev/null"]
        let output = Pipe()
        atTerminal.standardOutput = output
        atTerminal.standardInput = Pipe()
        try atTerminal.run()
        DispatchQueue.global().asyncAfter(deadline: .now() + 2) { killIfRunning(atTerminal) }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        atTerminal.waitUntilExit()
        #expect(text.contains("reading JSON Lines from standard input; end with Ctrl-D"), "\(text)")
        let piped = try invites(["import", "--db", db], input: "")
        #expect(!piped.stderr.contains("reading JSON Lines"), "\(piped.stderr)")
    }
}

@Test func versionIsPrintedWithOrWithoutLeadingOptions() throws {
    for arguments in [["--version"], ["--db", "/nonexistent/ledger", "--version"]] {
        let run = try invites(arguments)
        #expect(run.status == 0, "\(arguments): \(run.stderr)")
        #expect(run.stdout.hasPrefix("0.") && run.stdout.contains("log records version 3"), "\(run.stdout)")
    }
    #expect(!FileManager.default.fileExists(atPath: "/nonexistent/ledger"))
}

/// Empty option values are named by their option, and a write on a missing ledger says none was created (audits 99 F8, 100 F8).
@Test func emptyOptionsAreNamedAndAWriteOnAMissingLedgerSaysNoneWasCreated() throws {
    try withTemporaryLedger { db, folder in
        #expect(try invites(["send", "--db", db, "--account", "a", "--to", "r", "--invitation", "i1"]).status == 0)
        let empty = try invites(["remind", "--db", db, "--invitation", " "])
        #expect(empty.status == 1 && empty.stderr.hasPrefix("invites: invalid_event: --invitation is empty: "), "\(empty.stderr)")
        let emptyID = try invites(["withdraw", "--db", db, "--invitation", "i1", "--id", ""])
        #expect(emptyID.status == 1 && emptyID.stderr.hasPrefix("invites: invalid_event: --id is empty: "), "\(emptyID.stderr)")
        let prove = try invites(["prove", "--db", db, "--id", ""])
        #expect(prove.status == 1 && prove.stderr.contains("not_found: --id is empty"), "\(prove.stderr)")

        let missing = folder.appendingPathComponent("missing").path
        let accept = try invites(["accept", "--db", missing, "--invitation", "i1"])
        #expect(accept.status == 1 && accept.stderr.contains("unknown_invitation"), "\(accept.stderr)")
        #expect(accept.stderr.contains("judged as for an empty one, and none was created"), "\(accept.stderr)")
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}

/// An invitation and a pair that disagree in account and recipient both are refused naming both (audit 100 F9).
@Test func anInvitationAndAPairThatDisagreeTwiceAreNamedTwice() throws {
    try withTemporaryLedger { db, _ in
        #expect(try invites(["send", "--db", db, "--account", "a", "--to", "r", "--invitation", "i1"]).status == 0)
        let both = try invites(["remind", "--db", db, "--invitation", "i1", "--account", "b", "--to", "r2"])
        #expect(both.status == 1 && both.stderr.contains(
            "invalid_event: invitation i1 belongs to account a, not b, and was sent to r, not r2"), "\(both.stderr)")
        let one = try invites(["remind", "--db", db, "--invitation", "i1", "--account", "a", "--to", "r2"])
        #expect(one.stderr.contains("invalid_event: invitation i1 was sent to r, not r2\n"), "\(one.stderr)")
    }
}

/// A file without ids imported again records its last reminders again, which no rule refuses: the import says so (audit 106 F5).
@Test func aReminderWithoutAnIDRepeatingOneAtTheSameTimeIsNoted() throws {
    try withTemporaryLedger { db, _ in
        let sent = #"{"type":"sent","invitation":"i1","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z"}"#
        let reminder = #"{"type":"reminded","invitation":"i1","at":"2026-01-05T00:00:00Z"}"#
        let first = try invites(["import", "-", "--db", db], input: sent + "\n" + reminder + "\n")
        #expect(first.status == 0 && !first.stderr.contains("recorded twice"), "\(first.stderr)")
        let again = try invites(["import", "-", "--db", db], input: reminder + "\n")
        #expect(again.status == 0 && again.stderr.contains(
            "invites: note: 1 reminder without an id repeats a reminder of its invitation at the very same time (line 1 repeats position 2)"),
                "\(again.stderr)")
        // With an id, the retry is the duplicate it is, and nothing is said.
        let withID = #"{"type":"reminded","id":"rem-1","invitation":"i1","at":"2026-01-06T00:00:00Z"}"#
        #expect(try invites(["import", "-", "--db", db], input: withID + "\n").status == 0)
        let retried = try invites(["import", "-", "--db", db], input: withID + "\n")
        #expect(retried.status == 0 && !retried.stderr.contains("recorded twice"), "\(retried.stderr)")
    }
}

/// A first write says it creates the ledger, once: a mistyped --db or a stale $INVITES_DB is seen at once (audit 106 F6).
@Test func aFirstWriteSaysItCreatesTheLedger() throws {
    try withTemporaryLedger { _, folder in
        let db = folder.appendingPathComponent("new-ledger").path
        let first = try invites(["send", "--db", db, "--account", "a", "--to", "r"])
        #expect(first.status == 0 && first.stderr.contains("invites: note: no ledger was at \(db): a new one is created there"),
                "\(first.stderr)")
        let second = try invites(["send", "--db", db, "--account", "a", "--to", "r2"])
        #expect(second.status == 0 && !second.stderr.contains("a new one is created"), "\(second.stderr)")
        // An import says it too, once its new ledger is in place; one that records nothing makes none and says nothing (audit 139).
        let line = #"{"type":"sent","id":"e-1","account":"a","recipient":"r","at":"2026-01-05T09:30:00Z"}"# + "\n"
        let imported = folder.appendingPathComponent("imported").path
        let empty = try invites(["import", "-", "--db", imported], input: "")
        #expect(empty.status == 0 && empty.stderr.isEmpty && !FileManager.default.fileExists(atPath: imported), "\(empty.stderr)")
        let made = try invites(["import", "-", "--db", imported], input: line)
        #expect(made.status == 0 && made.stderr == "invites: note: no ledger was at \(imported): a new one is created there "
                + "(is --db or $INVITES_DB right?)\n", "\(made.stderr)")
        let again = try invites(["import", "-", "--db", imported], input: line)
        #expect(again.status == 0 && again.stderr.isEmpty, "\(again.stderr)")
    }
}
