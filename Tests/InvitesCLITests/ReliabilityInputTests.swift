import Foundation
import Testing

/// Writes `lines` (raw bytes each) as a JSON Lines file.
func writeLines(_ lines: [[UInt8]], to url: URL) throws {
    var bytes: [UInt8] = []
    for line in lines { bytes += line + [0x0A] }
    try Data(bytes).write(to: url)
}

private func sentLine(_ n: Int, note: String? = nil, at: String = "2026-01-05T09:30:00Z") -> [UInt8] {
    var line = #"{"type":"sent","id":"e-\#(n)","invitation":"inv-\#(n)","account":"acct-a","recipient":"r-\#(n)","at":"\#(at)""#
    if let note { line += #","note":"\#(note)""# }
    return Array((line + "}").utf8)
}

/// Hostile lines end to end: each refused with `line N: invalid_event: …` (the right N), nothing written, no crash.
@Test func hostileLinesThroughTheBinaryAreRefusedWithTheirLineNumbers() throws {
    try withTemporaryLedger { db, folder in
        let megabytes = Array(#"{"type":"sent","account":"a","recipient":"r","at":"2026-01-05T09:30:00Z","note":""#.utf8)
            + Array(repeating: UInt8(ascii: "x"), count: 3 << 20) + Array(#""}"#.utf8)
        let cases: [(line: [UInt8], message: String)] = [
            (megabytes, "the line is longer than 1048576 bytes"),
            (Array(#"{"type":"sent","account":"a","#.utf8) + [0x00] + Array(#""recipient":"r","at":"2026-01-05T09:30:00Z"}"#.utf8), "not valid JSON"),
            (Array(#"{"type":"sent","account":"a\u0000b","recipient":"r","at":"2026-01-05T09:30:00Z"}"#.utf8), "control character"),
            (Array(#"{"type":"sent","account":"a","recipient":"r","at":"2026-01-05T09:30:00Z","note":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8), "not valid UTF-8"),
            (sentLine(90, note: String(repeating: "é", count: 10_000)), "note is 10000 characters, longer than note_limit 300"),
            (sentLine(91, at: "2016-12-31T23:59:60Z"), "leap second"),
            (sentLine(92, at: "9999-12-31T23:59:59-01:00"), "outside 0000-01-01"),
            (Array((#"{"type":"sent","x":"# + String(repeating: "[", count: 10_000) + "}").utf8), "nesting deeper than 64"),
            (Array(#"{"type":"sent","type":"sent"}"#.utf8), #"not valid JSON: the key "type" appears twice"#),  // an object, spelt wrong (audit 125 F5)
            (Array(#"["type","sent"]"#.utf8), "not a JSON object: expected a JSON object at byte 1"),
            (Array(#"{"type":"sent","account":"a","recipient":"r","at":1e99999999999}"#.utf8), "must be a string"),
            (Array((#"{"type":"sent","account":"a","at":"2026-01-05T09:30:00Z","recipient":""# + String(repeating: "r", count: 401) + #""}"#).utf8),
             "\"recipient\" is longer than 400 bytes of UTF-8 (401 bytes in 401 characters)"),
            (Array((#"{"type":"sent","recipient":"r","at":"2026-01-05T09:30:00Z","id":""# + String(repeating: "i", count: 1032) + #""}"#).utf8),
             "\"id\" is longer than 1031 bytes"),
            (Array((#"{"type":"sent","recipient":"r","at":"2026-01-05T09:30:00Z","invitation":""# + String(repeating: "i", count: 1025) + #""}"#).utf8),
             "\"invitation\" is longer than 1024 bytes"),
        ]
        // Valid lines between the hostile ones prove the line numbering survives a multi-megabyte line.
        var lines: [[UInt8]] = []
        var expected: [Int: String] = [:]
        for (index, item) in cases.enumerated() {
            lines.append(sentLine(index))
            lines.append(item.line)
            expected[lines.count] = item.message
        }
        let file = folder.appendingPathComponent("hostile.jsonl")
        try writeLines(lines, to: file)
        let run = try invites(["import", file.path, "--db", db])
        #expect(run.status == 1)
        expectCleanEnding(run, "import of hostile lines")
        for (number, message) in expected.sorted(by: { $0.key < $1.key }) {
            let line = run.stderr.split(separator: "\n").first { $0.hasPrefix("line \(number): ") }
            #expect(line?.hasPrefix("line \(number): invalid_event: ") == true, "line \(number): \(line ?? "not reported")")
            #expect(line?.contains(message) == true, "line \(number): \(line ?? "not reported") lacks \(message)")
        }
        #expect(run.stderr.split(separator: "\n").filter { $0.hasPrefix("line ") }.count == cases.count)
        #expect(run.stderr.contains("invites: invalid_event: \(cases.count) lines refused; nothing was written"))
        // With --skip-invalid the valid lines go in and the refused ones are counted.
        let skipped = try invites(["import", file.path, "--db", db, "--skip-invalid", "--format", "json"])
        #expect(skipped.status == 0 && skipped.object["appended"] as? Int == cases.count
                && skipped.object["rejected"] as? Int == cases.count, "\(skipped.stdout) \(skipped.stderr.prefix(500))")
        #expect(try verifiedEventCount(db).events == cases.count)
    }
}

/// Timestamps at the edges of years 0000 and 9999 survive export and import into a fresh ledger with the same chain.
@Test func edgeYearsSurviveExportAndReimport() throws {
    try withTemporaryLedger { db, folder in
        let lines = [
            sentLine(1, at: "0000-01-01T00:00:00Z"), sentLine(2, at: "0000-03-01T00:00:00.001-00:30"),
            sentLine(3, at: "9999-12-31T23:59:59.999Z"), sentLine(4, at: "2024-02-29T12:00:00+14:00"),
        ]
        let file = folder.appendingPathComponent("edges.jsonl")
        try writeLines(lines, to: file)
        #expect(try invites(["import", file.path, "--db", db]).status == 0)
        let export = try invites(["export", "--db", db])
        #expect(export.stdout.contains(#""at":"0000-01-01T00:00:00Z""#))
        #expect(export.stdout.contains(#""at":"9999-12-31T23:59:59.999Z""#))
        let copy = folder.appendingPathComponent("copy").path
        let reimport = try invites(["import", "-", "--db", copy], input: export.stdout)
        #expect(reimport.status == 0, "\(reimport.stderr)")
        let original = try invites(["verify", "--db", db, "--format", "json"]).object
        let copied = try invites(["verify", "--db", copy, "--format", "json"]).object
        #expect(copied["events"] as? Int == 4)
        // recorded_at differs, so the chains differ; the events themselves must be the same.
        #expect(original["events"] as? Int == copied["events"] as? Int)
        let copiedExport = try invites(["export", "--db", copy]).stdout
        func ats(_ text: String) -> [String] {
            text.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["at"] as? String }
        }
        #expect(ats(export.stdout) == ats(copiedExport))
    }
}

/// Every field at its longest accepted length goes through every command: LMDB's 511-byte keys hold them all.
@Test func fieldsAtTheirLimitsWorkInEveryCommand() throws {
    try withTemporaryLedger { db, _ in
        let account = String(repeating: "a", count: 400), recipient = String(repeating: "r", count: 400)
        let source = String(repeating: "s", count: 400), template = String(repeating: "t", count: 400)
        let invitation = String(repeating: "v", count: 1024)
        let sent = try invites(["send", "--db", db, "--account", account, "--to", recipient, "--source", source,
                                "--template", template, "--invitation", invitation, "--id", String(repeating: "i", count: 1024),
                                "--at", "2025-01-01T00:00:00Z", "--format", "json"])
        #expect(sent.status == 0, "\(sent.stderr.prefix(300))")
        let check = try invites(["check", "--db", db, "--account", account, "--to", recipient, "--now", "2025-01-02T00:00:00Z", "--format", "json"])
        #expect(check.status == 3, "\(check.stderr.prefix(300))")
        let pending = try invites(["pending", "--db", db, "--account", account, "--format", "json"])
        #expect(pending.status == 0 && pending.rows.first?["invitation"] as? String == invitation, "\(pending.stderr.prefix(300))")
        #expect(try invites(["metrics", "--db", db, "--by", "source"]).status == 0)
        #expect(try invites(["cooldown", "--db", db, "--account", account]).status == 0)
        let withdrawn = try invites(["withdraw", "--db", db, "--invitation", invitation, "--reason", String(repeating: "x", count: 2000),
                                     "--at", "2025-01-03T00:00:00Z"])
        #expect(withdrawn.status == 0, "\(withdrawn.stderr.prefix(300))")
        #expect(try invites(["rebuild", "--db", db]).status == 0)
        #expect(try verifiedEventCount(db).events == 2)
        let longer = try invites(["send", "--db", db, "--account", account + "a", "--to", "bob", "--at", "2025-01-04T00:00:00Z"])
        #expect(longer.status == 1 && longer.stderr.contains("invalid_event") && longer.stderr.contains("\"account\" is longer than 400 bytes"),
                "\(longer.stderr.prefix(300))")
    }
}

/// Whatever `note_limit` allows, a note no longer than an export's line can carry is recorded, and a longer one refused (audit 137).
@Test func anEventsExportLineAlwaysFitsImport() throws {
    try withTemporaryLedger { db, folder in
        #expect(try invites(["policy", "--db", db, "--set", "note_limit=2000000"]).status == 0)
        func line(_ id: String, _ recipient: String, note: String) -> String {
            #"{"type":"sent","id":"\#(id)","at":"2026-01-01T00:00:00Z","account":"a","recipient":"\#(recipient)","note":"\#(note)"}"#
        }
        // Fits the line import reads, but not with what export adds: refused, naming the bound.
        let tooLong = line("e-1", "r1", note: String(repeating: "n", count: 1_040_000))
        let refused = try invites(["import", "-", "--db", db], input: tooLong + "\n")
        #expect(refused.status == 1 && refused.stderr.contains("line 1: invalid_event: ")
                && refused.stderr.contains("note is 1040000 bytes as JSON, more than the 983040 any event may hold"), "\(refused.stderr.prefix(300))")
        // Escapes count as written: 163,000 tabs are 326,000 bytes as JSON, within the bound.
        let kept = line("e-2", "r2", note: String(repeating: "n", count: 983_040 - 20)) + "\n" + line("e-3", "r3", note: String(repeating: "\\t", count: 163_000))
        #expect(try invites(["import", "-", "--db", db], input: kept + "\n").status == 0)
        let exported = try invites(["export", "--db", db])
        #expect(exported.status == 0 && exported.stdout.split(separator: "\n").allSatisfy { $0.utf8.count <= 1 << 20 })
        let copy = folder.appendingPathComponent("copy").path
        #expect(try invites(["policy", "--db", copy, "--set", "note_limit=2000000"]).status == 0)
        let again = try invites(["import", "-", "--db", copy], input: exported.stdout)
        #expect(again.status == 0 && again.stdout.hasPrefix("appended 2"), "\(again.stderr.prefix(300))")
    }
}

/// What `import` does with input that is not JSON Lines at all, and with `--rejects -` (audit 87).
@Suite struct ImportStreamTests {
    /// Standard input with no line break for 64 MiB is refused as it is copied, not copied to the end (audit 87 F1).
    @Test(arguments: [[], ["--skip-invalid"]])
    func aStreamWithNoLineBreakIsNotCopiedToTheEnd(_ flags: [String]) throws {
        try withTemporaryLedger { db, _ in
            let flagWords = flags.joined(separator: " ")
            let run = try shell("cat /dev/zero | \"$INVITES\" import - \(flagWords) --db '\(db)'")
            #expect(run.status == 1 && run.stderr.contains("standard input holds more than 64 MiB with no line break (from byte 0)"),
                    "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: db))
            let under = try shell("{ head -c 2000000 /dev/zero; echo; echo '{}'; } | \"$INVITES\" import - --skip-invalid --db '\(db)'")
            #expect(under.status == 0 && under.stderr.contains("line 1:") && under.stderr.contains("line 2:"), "\(under.stderr)")
        }
    }

    /// `--rejects -` is refused: it would write a file named `-` where standard output was meant (audit 87 F2).
    @Test func rejectsToADashIsRefused() throws {
        try withTemporaryLedger { db, folder in
            let run = try invites(["import", "-", "--skip-invalid", "--rejects", "-", "--db", db], input: "{}\n", cwd: folder)
            #expect(run.status == 64 && run.stderr.contains("--rejects - would write a file named -"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("-").path))
        }
    }
}
