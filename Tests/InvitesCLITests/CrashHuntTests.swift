import Foundation
import Testing

/// Inputs that once made the binary die by a signal (audit 49's crash hunt): each now gets `invites: <code>: <message>` and exit 1 or 64.
@Suite struct CrashHuntTests {
    @Test func aFailedWriteToStandardErrorIsNotACrash() throws {
        try withTemporaryLedger { db, folder in
            let input = folder.appendingPathComponent("in.jsonl").path
            try #"{"type":"x"}"# .appending("\n").appending(#"{"type":"sent","id":"e-2","account":"a","recipient":"r","at":"2026-01-05T09:31:00Z"}"#)
                .write(toFile: input, atomically: false, encoding: .utf8)
            // The refused line is listed on a full standard error after the commit: the import still ends as it should.
            let skipped = try shell(#""$INVITES" import '\#(input)' --skip-invalid --db '\#(db)' 2>/dev/full; echo "status $?""#)
            #expect(skipped.stdout.hasSuffix("status 0\n"), "\(skipped.stdout)")
            #expect(try invites(["log", "--db", db]).stdout.contains(#""id":"e-2""#))
            // An error and a note, each to a closed standard error.
            let refused = try shell(#""$INVITES" prove --position 0 --db '\#(db)' 2>&-; echo "status $?""#)
            #expect(refused.stdout.hasSuffix("status 1\n"), "\(refused.stdout)")
            let noted = try shell(#""$INVITES" pending --db '\#(db)-missing' 2>/dev/full >/dev/null; echo "status $?""#)
            #expect(noted.stdout == "status 0\n", "\(noted.stdout)")
        }
    }

    /// With standard input and output closed, the ledger's files must not take descriptors 0 and 1, where output would overwrite them (audit 55 H1).
    @Test func closedStandardStreamsNeverBecomeTheLedgersFiles() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--db", db, "--account", "a", "--to", "r", "--at", "2026-01-05T09:00:00Z"]).status == 0)
            let data = try Data(contentsOf: URL(fileURLWithPath: db + "/data.mdb"))
            for redirection in ["<&- >&-", ">&-", "<&- >&- 2>&-"] {
                let log = try shell(#""$INVITES" log --db '\#(db)' \#(redirection); echo "status $?""#)
                #expect(log.stdout == "status 1\n", "\(redirection): \(log.stdout)")
                #expect(try Data(contentsOf: URL(fileURLWithPath: db + "/data.mdb")) == data, "\(redirection)")
                #expect(try !String(decoding: Data(contentsOf: URL(fileURLWithPath: db + "/lock.mdb")), as: UTF8.self).contains("\"account\""))
            }
            #expect(try invites(["verify", "--db", db]).status == 0)
            // A closed standard input is not an empty feed: nothing to import is said as a failed read.
            let closed = try shell(#""$INVITES" import - --db '\#(db)' <&-; echo "status $?""#)
            #expect(closed.stdout == "status 1\n" && closed.stderr.contains("cannot read standard input"), "\(closed.stderr)")
        }
    }

    /// An argument whose bytes are not UTF-8 is refused, not repaired into another recipient's name (audit 55 L2).
    @Test func anArgumentThatIsNotUTF8IsAMalformedCommandLine() throws {
        try withTemporaryLedger { db, _ in
            let refused = try shell(#""$INVITES" send --db '\#(db)' --account a --to "$(printf 'caf\351')"; echo "status $?""#)
            #expect(refused.stdout == "status 64\n" && refused.stderr.hasPrefix("Error: argument 7 (caf\u{FFFD}) is not UTF-8 text"),
                    "\(refused.stdout) \(refused.stderr)")
            #expect(try invites(["status", "--db", db, "--format", "json"]).object["events"] as? Int == 0)
            // Nor a ledger's path in INVITES_DB: repaired, it named another folder, where a send made a new ledger (review 56 M4).
            let path = try shell(#"INVITES_DB="$(printf './real\351')" "$INVITES" send --account a --to r; echo "status $?""#)
            #expect(path.stdout == "status 64\n" && path.stderr.hasPrefix("Error: INVITES_DB (./real\u{FFFD}) is not UTF-8 text"),
                    "\(path.stdout) \(path.stderr)")
            // Unless --db says where the ledger is: then INVITES_DB is not read (review 57).
            let unused = try shell(#"INVITES_DB="$(printf './real\351')" "$INVITES" status --db '\#(db)' >/dev/null; echo "status $?""#)
            #expect(unused.stdout == "status 0\n", "\(unused.stderr)")
        }
    }

    /// Output that cannot be written after a write says what was written all the same, so a client does not retry it blindly.
    @Test func aFailedOutputAfterAWriteSaysWhatWasWritten() throws {
        try withTemporaryLedger { db, _ in
            let send = try shell(#""$INVITES" send --db '\#(db)' --account a --to r >/dev/full; echo "status $?""#)
            #expect(send.stdout == "status 1\n" && send.stderr.contains("writing the output failed")
                && send.stderr.contains("(the events were recorded all the same)"), "\(send.stderr)")
            let policy = try shell(#""$INVITES" policy --db '\#(db)' --set weekly_cap=5 >/dev/full; echo "status $?""#)
            #expect(policy.stdout == "status 1\n" && policy.stderr.contains("(the policy was saved all the same)"), "\(policy.stderr)")
            #expect(try invites(["policy", "--db", db, "--format", "json"]).object["weekly_cap"] as? Int == 5)
            let query = try shell(#""$INVITES" pending --db '\#(db)' >/dev/full; echo "status $?""#)
            #expect(query.stdout == "status 1\n" && !query.stderr.contains("all the same"), "\(query.stderr)")
        }
    }

    @Test func anUnreadableStandardInputIsAProofRejectedNotACrash() throws {
        let fromFolder = try shell(#""$INVITES" verify-proof - < /; echo "status $?""#)
        #expect(fromFolder.stdout.hasSuffix("status 1\n"), "\(fromFolder.stdout)")
        #expect(fromFolder.stderr == "invites: proof_rejected: cannot read standard input: Is a directory\n", "\(fromFolder.stderr)")
        let closed = try shell(#""$INVITES" verify-proof - <&-; echo "status $?""#)
        #expect(closed.stdout.hasSuffix("status 1\n") && closed.stderr.contains("cannot read standard input"), "\(closed.stderr)")
    }

    @Test func aPositionPastInt64IsReportedInJSON() throws {
        try withTemporaryLedger { db, _ in
            let hash = String(repeating: "0", count: 64)
            let run = try invites(["verify", "--expect", "\(hash)@9223372036854775808", "--format", "json", "--db", db])
            #expect(run.status == 1, "\(run.stderr)")
            #expect(run.stdout.hasPrefix(#"{"ok":false,"position":9223372036854775808,"#), "\(run.stdout)")
            #expect(try invites(["verify", "--expect", "\(hash)@@5", "--db", db]).status == 64)
        }
    }

    @Test func aPollIntervalPastADayIsAMalformedCommandLine() throws {
        try withTemporaryLedger { db, _ in
            let run = try invites(["log", "--follow", "--poll-interval", "86400001", "--db", db])
            #expect(run.status == 64 && run.stderr.contains("--poll-interval must be at most 86400000"), "\(run.stderr)")
            // However long the interval, a follower whose reader went away ends within a second or so (review 52: after the interval).
            #expect(try invites(["send", "--account", "a", "--to", "r", "--at", "2026-01-05T09:30:00Z", "--db", db]).status == 0)
            let started = Date()
            let followed = try shell(#"timeout 20 "$INVITES" log --follow --poll-interval 60000 --db '\#(db)' | head -n 1; echo "status $?""#)
            #expect(followed.stdout.hasSuffix("status 0\n") && Date().timeIntervalSince(started) < 10, "\(followed.stdout)")
        }
    }

    @Test func aDamagedLogPageIsAnErrorForExportAndLogNotACrash() throws {
        try withTemporaryLedger { db, _ in
            try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: true)
            let fixture = Paths.repository.appendingPathComponent("Tests/InvitesCLITests/Fixtures/damaged-log-page/data.mdb")
            try FileManager.default.copyItem(atPath: fixture.path, toPath: db + "/data.mdb")
            #expect(try invites(["verify", "--db", db]).status == 1)
            for command in [["export"], ["log", "--from", "1"]] {
                let run = try invites(command + ["--db", db])
                #expect(run.status == 1 && run.stderr.hasPrefix("invites: error: "), "\(command): \(run.status) \(run.stderr)")
            }
        }
    }

    @Test func theLedgersOwnFileIsRefusedAsTheRejectsFile() throws {
        try withTemporaryLedger { db, folder in
            #expect(try invites(["send", "--account", "a", "--to", "r", "--db", db]).status == 0)
            let input = folder.appendingPathComponent("in.jsonl").path
            try "{\"type\":\"x\"}\n".write(toFile: input, atomically: false, encoding: .utf8)
            // Named through a path of its own (`/./`), as a link or a typo would.
            let run = try invites(["import", input, "--skip-invalid", "--rejects", db + "/./data.mdb", "--db", db])
            #expect(run.status == 1 && run.stderr.contains("is the ledger's own data.mdb"), "\(run.stderr)")
            #expect(try invites(["verify", "--db", db]).status == 0)
            #expect(try invites(["import", input, "--skip-invalid", "--rejects", db + "/lock.mdb", "--db", db]).status == 1)
        }
    }

    @Test func aValueWithALineBreakCannotStartALineOfItsOwnOnStandardError() throws {
        try withTemporaryLedger { db, _ in
            let line = #"{"type":"sent","account":"a\ninvites: ok: forged","recipient":"r","at":"2026-01-05T09:30:00Z"}"#
            let run = try invites(["import", "-", "--db", db], input: line + "\n")
            #expect(run.status == 1)
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.first == #"line 1: invalid_event: pair a\ninvites: ok: forged → r: "account" contains a control character"#, "\(run.stderr)")
            #expect(!lines.contains { $0.hasPrefix("invites: ok") }, "\(run.stderr)")
        }
    }
}
