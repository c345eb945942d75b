import Foundation
import Testing

/// `--db`, `--format` and `--read-only` before the command's name mean the same as after it.
@Suite struct LeadingOptionsTests {
    @Test func dbAndFormatBeforeTheCommandAreTheCommandsOwn() throws {
        try withTemporaryLedger { db, _ in
            let sent = try invites(["--db", db, "--format=json", "send", "--account", "a", "--to", "linkedin.com/in/x",
                                    "--at", "2026-01-05T09:30:00Z"])
            #expect(sent.status == 0, "\(sent.stderr)")
            #expect(sent.object["appended"] as? Int == 1)
            let pending = try invites(["--format", "json", "--db=\(db)", "pending", "--now", "2026-01-06T00:00:00Z"])
            #expect(pending.status == 0, "\(pending.stderr)")
            #expect(pending.rows.map { $0["recipient"] as? String } == ["linkedin.com/in/x"])
            let after = try invites(["pending", "--now", "2026-01-06T00:00:00Z", "--db", db, "--format", "json"])
            #expect(after.stdout == pending.stdout)
        }
    }

    /// Every command takes `--now`, before its name or after it; where nothing is judged at a time it changes nothing, and says so (audit 135).
    @Test func everyCommandTakesNowAsAScriptGivesIt() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--account", "a", "--to", "x", "--at", "2026-01-05T09:30:00Z", "--db", db]).status == 0)
            let now = "2026-01-06T00:00:00Z"
            let pending = try invites(["--now", now, "--db", db, "--format", "json", "pending"])
            #expect(pending.status == 0 && pending.stderr.isEmpty && pending.rows.count == 1, "\(pending.stderr)")
            for command in [["status"], ["log"], ["export"], ["verify"], ["digest"], ["prove", "--position", "1"], ["policy"], ["rebuild"]] {
                let plain = try invites(command + ["--db", db, "--format", "json"])
                let pinned = try invites(command + ["--db", db, "--format", "json", "--now", now])
                #expect(pinned.status == 0 && pinned.stdout == plain.stdout, "\(command): \(pinned.stderr)")
                #expect(pinned.stderr.hasSuffix("invites: note: \(command[0]) judges nothing at a time: --now changes nothing here\n"),
                        "\(command): \(pinned.stderr)")
            }
            let exported = try invites(["export", "--db", db]).stdout
            let imported = try invites(["import", "-", "--db", db, "--now", now, "--format", "json"], input: exported)
            #expect(imported.status == 0 && imported.object["duplicates"] as? Int == 1
                    && imported.stderr.hasSuffix("invites: note: import judges nothing at a time: --now changes nothing here\n"), "\(imported.stderr)")
            let proof = try invites(["prove", "--position", "1", "--db", db]).stdout
            let checked = try invites(["verify-proof", "-", "--now", now], input: proof)
            #expect(checked.status == 0 && checked.stdout.contains(#""ok":true"#), "\(checked.stderr)")
            let help = try invites(["--now", now, "help", "status"])
            #expect(help.status == 0 && help.stdout.contains("--now <time>"), "\(help.stderr)")
            // Still a time: a malformed one is a malformed command line; and one left without its value says so.
            #expect(try invites(["status", "--db", db, "--now", "yesterday"]).status == 64)
            let bare = try invites(["--db", db, "--now"])
            #expect(bare.status == 64 && bare.stderr.contains("--now needs a value, then a command's name"), "\(bare.stderr)")
        }
    }

    /// `invites --read-only status` reads, and `invites --read-only send …` is refused as a write (audit 117 F20).
    @Test func readOnlyBeforeTheCommandIsTheCommandsOwn() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--account", "a", "--to", "x", "--at", "2026-01-05T09:30:00Z", "--db", db]).status == 0)
            let status = try invites(["--read-only", "--db", db, "--format", "json", "status"])
            #expect(status.status == 0 && status.object["events"] as? Int == 1, "\(status.stderr)")
            let send = try invites(["--read-only", "send", "--account", "a", "--to", "y", "--db", db])
            #expect(send.status == 1 && send.stderr.contains("it is open read-only"), "\(send.stderr)")
            #expect(try invites(["status", "--db", db, "--format", "json"]).object["events"] as? Int == 1)
        }
    }

    @Test func anythingElseBeforeTheCommandIsNamedInTheError() throws {
        try withTemporaryLedger { db, _ in
            let unknown = try invites(["--as-of", "2026-01-06T00:00:00Z", "--db", db, "pending"])
            #expect(unknown.status == 64 && unknown.stderr.contains("--as-of goes after the command's name (invites pending --as-of …)"),
                    "\(unknown.stderr)")
            let first = try invites(["--account=a", "check", "--to", "x", "--db", db])
            #expect(first.status == 64 && first.stderr.contains("--account goes after the command's name"), "\(first.stderr)")
            let misplaced = try invites(["--db", db, "--account", "a", "pending"])
            #expect(misplaced.status == 64 && misplaced.stderr.contains("--account goes after the command's name"), "\(misplaced.stderr)")
            let noCommand = try invites(["--db", db])
            #expect(noCommand.status == 64 && noCommand.stderr.contains("name a command after --db"), "\(noCommand.stderr)")
            let notACommand = try invites(["--db", db, "pendng"])
            #expect(notACommand.status == 64 && notACommand.stderr.contains("\"pendng\" is not a command"), "\(notACommand.stderr)")
            #expect(!FileManager.default.fileExists(atPath: db))
        }
    }

    @Test func helpNeedsNoLedger() throws {
        let help = try invites(["--db", "/nowhere/at/all", "help", "status"])
        #expect(help.status == 0 && help.stdout.contains("OVERVIEW"), "\(help.stderr)")
        let flag = try invites(["--format", "json", "--help"])
        #expect(flag.status == 0 && flag.stdout.contains("SUBCOMMANDS"), "\(flag.stderr)")
        for spelling in ["--help", "-h"] {
            let first = try invites([spelling, "pending"])
            #expect(first.status == 0 && first.stdout.contains("List pending invitations"), "\(spelling): \(first.stderr)")
        }
    }
}
