import Foundation
import Testing

/// Command lines SPEC calls malformed (options that contradict each other): refused by the parser, and nothing written.
@Suite struct MalformedCommandLineTests {
    /// One invitation, sent long before the clock, so that `expire --due` would find it due.
    static let dueSend = #"{"type":"sent","invitation":"inv-1","account":"a","recipient":"r-1","at":"2025-01-01T00:00:00Z"}"#

    /// Contradicting options of `prove`, `history` and `expire` exit 64 with what to type instead, and write nothing (audit 107 F13).
    ///
    /// `expire --due --invitation X` reads as "expire X": were the check lost, it would expire every
    /// due invitation for good, so the ledger's events and pending list are checked unchanged after each.
    @Test(arguments: [
        (["prove", "--position", "1", "--id", "e-1"], "give --position or --id, not both"),
        (["prove", "--from", "1"], "a consistency proof needs both --from and --to"),
        (["prove", "--to", "1"], "a consistency proof needs both --from and --to"),
        (["prove", "--from", "1", "--to", "1", "--size", "1"], "--size goes with --position or --id; use --to for a consistency proof"),
        (["history", "--invitation", "inv-1", "--account", "a"], "--account goes with --to"),
        (["expire", "--due", "--invitation", "inv-1"], "--due expires every due invitation: do not name one"),
        (["expire", "--due", "--account", "a", "--to", "r-1"], "--due expires every due invitation: do not name one"),
        (["expire", "--due", "--at", "2026-01-01T00:00:00Z"], "--due expires every due invitation: do not name one"),
        (["expire", "--due", "--id", "x-1"], "--due expires every due invitation: do not name one"),
        (["expire", "--due", "--by", "me"], #"--due records every expiry with "by": "policy": drop --by"#),
        // An empty path, as a script's unset variable writes it (audit 134).
        (["import", ""], "the file to import is named by an empty word (an unset variable?): name the file, or give - (or nothing) for standard input"),
        (["import", "-", "--skip-invalid", "--rejects", ""], "--rejects is named by an empty word (an unset variable?): name the file, or leave --rejects out"),
        (["verify-proof", ""], "the proof's file is named by an empty word (an unset variable?): name the file, or give - (or nothing) for standard input"),
    ])
    func contradictingOptionsAreRefusedAndWriteNothing(arguments: [String], message: String) throws {
        try withTemporaryLedger { db, _ in
            try #require(try invites(["import", "-", "--db", db], input: Self.dueSend + "\n").status == 0)
            let run = try invites(arguments + ["--db", db, "--format", "json"])
            #expect(run.status == 64, "\(arguments): \(run.stderr)")
            #expect(run.stderr.hasPrefix("Error: " + message), "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("Usage: invites \(arguments[0])"), "\(arguments): \(run.stderr)")
            #expect(run.stdout.isEmpty, "\(arguments): \(run.stdout)")
            #expect(try invites(["status", "--db", db, "--format", "json"]).object["events"] as? Int == 1, "\(arguments)")
            let pending = try invites(["pending", "--db", db, "--format", "json"])
            #expect(pending.rows.map { $0["invitation"] as? String } == ["inv-1"], "\(arguments): \(pending.stdout)")
        }
    }

    /// `--rejects=` with nothing after it is the option given an empty value, not an option that takes the next word (audit 142: it emptied the input file).
    @Test func anOptionWithAnEmptyValueAfterItsEqualsSignTakesNotTheNextWord() throws {
        try withTemporaryLedger { db, folder in
            let input = folder.appendingPathComponent("in.jsonl")
            let lines = "{\"type\":\"bogus\"}\n" + Self.dueSend + "\n"
            try lines.write(to: input, atomically: true, encoding: .utf8)
            let run = try invites(["import", "--skip-invalid", "--rejects=", input.path, "--db", db], input: "")
            #expect(run.status == 64 && run.stderr.hasPrefix("Error: --rejects is named by an empty word"), "\(run.stderr)")
            #expect(try String(contentsOf: input, encoding: .utf8) == lines, "the input file was written over")
            let source = try invites(["pending", "--source=", "acct", "--db", db])
            #expect(source.status == 64 && source.stderr.hasPrefix("Error: --source is empty"), "\(source.stderr)")
            // On an event, an empty optional text is absent (SPEC §2), as `--source ""` is.
            let sent = try invites(["send", "--account", "a", "--to", "r-9", "--source=", "--at", "2026-01-05T09:30:00Z", "--db", db, "--format", "json"])
            #expect(sent.status == 0, "\(sent.stderr)")
        }
    }
}
