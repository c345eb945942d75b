import Foundation
import Testing

private var conformance: URL { Paths.shared.appendingPathComponent("conformance") }

private func importScenario(_ db: String) throws {
    let result = try invites(["import", conformance.appendingPathComponent("events.jsonl").path, "--db", db, "--format", "json"])
    try #require(result.status == 0, "import failed: \(result.stderr)")
}

@Test func anExportVerifiesWithPlainSHA256OverJCS() throws {
    try withTemporaryLedger { db, folder in
        try importScenario(db)
        let export = try invites(["export", "--db", db])
        #expect(export.status == 0)
        let file = folder.appendingPathComponent("export.jsonl")
        try export.stdout.write(to: file, atomically: false, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Paths.repository.appendingPathComponent("tools/verify_chain.py").path, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let status = try invites(["status", "--db", db, "--format", "json"]).object
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.hasPrefix("ok 233 \(status["hash"] as? String ?? "?")"))
    }
}

@Test func anExportImportsIntoAFreshLedgerWithTheSameEvents() throws {
    try withTemporaryLedger { db, folder in
        try importScenario(db)
        let export = try invites(["export", "--db", db]).stdout
        let copy = folder.appendingPathComponent("copy").path
        let imported = try invites(["import", "-", "--db", copy, "--format", "json"], input: export)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.object["appended"] as? Int == 233)
        // Each line must parse: a line that does not is a failure, not an empty object equal to any other.
        func strip(_ text: String) throws -> [String] {
            try text.split(separator: "\n").map { line in
                var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                object["recorded_at"] = nil
                object["hash"] = nil
                return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
            }
        }
        #expect(try strip(try invites(["export", "--db", copy]).stdout) == strip(export))
    }
}

@Test func verifyNamesThePositionOfAnAlteredRecord() throws {
    try withTemporaryLedger { db, folder in
        try importScenario(db)
        #expect(try invites(["verify", "--db", db]).status == 0)
        let copy = folder.appendingPathComponent("tampered")
        try FileManager.default.copyItem(atPath: db, toPath: copy.path)
        try LogTampering.replaceFirstByte(of: "ravi de vous", with: UInt8(ascii: "R"), inRecordAt: 3, ledger: copy.path)
        let result = try invites(["verify", "--db", copy.path, "--format", "json"])
        #expect(result.status == 1)
        #expect(result.object["ok"] as? Bool == false)
        #expect(result.object["position"] as? Int == 3)
        #expect(result.stderr.contains("position 3"))
    }
}

@Test func readsThatRecomputeTheChainStopAtAnAlteredRecord() throws {
    try withTemporaryLedger { db, folder in
        try importScenario(db)
        let third = try invites(["log", "--from", "3", "--limit", "1", "--db", db]).stdout
        let event = try #require(try JSONSerialization.jsonObject(with: Data(third.utf8)) as? [String: Any])
        let invitation = try #require(event["invitation"] as? String)
        let copy = folder.appendingPathComponent("tampered").path
        try FileManager.default.copyItem(atPath: db, toPath: copy)
        try LogTampering.replaceFirstByte(of: "ravi de vous", with: UInt8(ascii: "R"), inRecordAt: 3, ledger: copy)
        // An export of the altered log would otherwise carry a recomputed chain that checks out.
        for command in [["export"], ["log"], ["log", "--from", "2"], ["history", "--invitation", invitation],
                        ["prove", "--position", "3"], ["digest", "--position", "5"]] {
            let result = try invites(command + ["--db", copy])
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.contains("invites: verification_failed: position 3: the stored event does not match its chain hash"),
                    "\(command): \(result.stderr)")
            #expect(!result.stdout.contains("Ravi de vous"), "\(command) printed the altered event")
        }
        // Events wait for the next stored hash (the checkpoint at 64) to vouch for them: none of that stretch is printed.
        #expect(try invites(["export", "--db", copy]).stdout.isEmpty)
        // Past the altered record, the stored checkpoints still hold: a read from later on is unaffected.
        #expect(try invites(["log", "--from", "100", "--limit", "1", "--db", copy]).status == 0)
    }
}

/// A stored hash (a checkpoint, the head) vouches for an event only with the records before it agreeing:
/// an event altered at a checkpoint or at the head, a last record gone, or one added past the head, stops every read.
@Test func readsCheckTheEventsThatStoredHashesVouchFor() throws {
    try withTemporaryLedger { db, folder in
        let lines = (1...70).map {
            #"{"type":"sent","account":"a","recipient":"r\#($0)","invitation":"i\#($0)","note":"note-\#($0)","at":"2026-01-01T00:00:00Z"}"#
        }
        try #require(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
        func copy(_ name: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            try FileManager.default.copyItem(atPath: db, toPath: path)
            return path
        }
        func expectStops(_ ledger: String, at position: Int, _ commands: [[String]], sourceLocation: SourceLocation = #_sourceLocation) throws {
            for command in commands {
                let result = try invites(command + ["--db", ledger])
                #expect(result.status == 1 && result.stderr.contains("verification_failed: position \(position):"),
                        "\(command): \(result.status) \(result.stderr)", sourceLocation: sourceLocation)
            }
        }
        // The 64th event, where a checkpoint is stored, and the 70th, the head.
        for position in [64, 70] {
            let altered = try copy("altered-\(position)")
            try LogTampering.replaceFirstByte(of: "note-\(position)", with: UInt8(ascii: "N"), inRecordAt: position, ledger: altered)
            try expectStops(altered, at: position, [["history", "--invitation", "i\(position)"], ["prove", "--position", "\(position)"],
                                                     ["digest", "--position", "\(position)"], ["export"],
                                                     ["log", "--from", "\(position)", "--limit", "1"]])
        }
        let shortened = try copy("shortened")
        try LogTampering.removeRecord(at: 70, ledger: shortened)
        try expectStops(shortened, at: 70, [["export"], ["log"], ["history", "--invitation", "i70"], ["digest"]])
        let lengthened = try copy("lengthened")
        try LogTampering.removeRecord(at: 70, copyTo: 71, ledger: lengthened)
        try expectStops(lengthened, at: 71, [["export"], ["log", "--from", "65"]])
        // The ledger these were copied from reads as before.
        #expect(try invites(["export", "--db", db]).stdout.split(separator: "\n").count == 70)
    }
}

@Test func verifyChecksAnExpectedDigest() throws {
    try withTemporaryLedger { db, _ in
        try importScenario(db)
        let line = try invites(["log", "--from", "100", "--limit", "1", "--db", db]).stdout
        let event = (try JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
        let hash = try #require(event["hash"] as? String)
        let good = try invites(["verify", "--expect", "\(hash)@100", "--db", db, "--format", "json"])
        #expect(good.status == 0)
        #expect(good.object["position"] as? Int == 100)
        let bad = try invites(["verify", "--expect", "\(hash)@101", "--db", db, "--format", "json"])
        #expect(bad.status == 1)
        #expect(bad.object["position"] as? Int == 101)
    }
}

@Test func followUpVerbsRecordOneEventEach() throws {
    try withTemporaryLedger { db, _ in
        let sent = try invites(["import", "-", "--db", db, "--format", "json"],
                               input: #"{"type":"sent","account":"a","recipient":"https://www.linkedin.com/in/Jane/","at":"2026-01-01T09:00:00Z"}"# + "\n")
        let invitation = try #require((sent.object["invitations"] as? [String])?.first)
        #expect(try invites(["remind", "--account", "a", "--to", "linkedin.com/in/jane", "--at", "2026-01-02T09:00:00Z", "--db", db]).status == 0)
        let withdraw = try invites(["withdraw", "--invitation", invitation, "--reason", "stale", "--at", "2026-01-03T09:00:00Z", "--db", db, "--format", "json"])
        #expect(withdraw.object["appended"] as? Int == 1)
        let again = try invites(["accept", "--invitation", invitation, "--at", "2026-01-04T09:00:00Z", "--db", db])
        #expect(again.status == 1)
        #expect(again.stderr.contains("invites: already_closed: invitation \(invitation)"))
        let history = try invites(["history", "--to", "https://linkedin.com/in/JANE", "--db", db, "--format", "json"]).rows
        #expect(history.map { $0["type"] as? String } == ["sent", "reminded", "withdrawn"])
        #expect(history.last?["reason"] as? String == "stale")
    }
}

@Test func importWithSkipInvalidWritesTheRejectedLinesVerbatim() throws {
    try withTemporaryLedger { db, folder in
        let rejects = folder.appendingPathComponent("rejects.jsonl").path
        let bad = #"{"type":"accepted","invitation":"nope","at":"2026-01-01T00:00:00Z"}"#
        let input = #"{"type":"sent","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z"}"# + "\n" + bad + "\n"
        let refused = try invites(["import", "-", "--db", db], input: input)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("line 2: unknown_invitation: invitation nope"))
        let result = try invites(["import", "-", "--skip-invalid", "--rejects", rejects, "--db", db, "--format", "json"], input: input)
        #expect(result.status == 0)
        #expect(result.object["appended"] as? Int == 1)
        #expect(result.object["rejected"] as? Int == 1)
        #expect(try String(contentsOfFile: rejects, encoding: .utf8) == bad + "\n")
    }
}

@Test func malformedCommandLinesUseTheParsersExitCode() throws {
    try withTemporaryLedger { db, _ in
        let result = try invites(["remind", "--db", db])
        #expect(result.status == 64)
        #expect(!FileManager.default.fileExists(atPath: db))
    }
}

/// An exported line is canonical JSON byte for byte, `hash` in its sorted place (review 13: lines
/// were only ever compared after parsing, so a key out of order went unseen). `recorded_at` and
/// `hash` depend on the clock and are matched by shape.
@Test func anExportedLineIsCanonicalJSON() throws {
    try withTemporaryLedger { db, _ in
        let lines = [
            #"{"type":"sent","id":"e-1","at":"2026-01-05T09:30:00.120Z","invitation":"i1","account":"acct-1","recipient":"https://www.linkedin.com/in/Jane-Doe/","source":"s","note":"hé \"x\"","template":"t"}"#,
            #"{"type":"expired","id":"e-2","at":"2026-02-05T09:30:00Z","invitation":"i1","by":"policy"}"#,
        ]
        #expect(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
        let exported = try invites(["export", "--db", db]).stdout.split(separator: "\n").map(String.init)
        let shape = try Regex(#""hash":"[0-9a-f]{64}""#)
        let clock = try Regex(#""recorded_at":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z""#)
        let normalised = exported.map { $0.replacing(shape, with: #""hash":"H""#).replacing(clock, with: #""recorded_at":"R""#) }
        #expect(normalised == [
            #"{"account":"acct-1","at":"2026-01-05T09:30:00.120Z","hash":"H","id":"e-1","invitation":"i1","note":"hé \"x\"","position":1,"recipient":"linkedin.com/in/jane-doe","recorded_at":"R","source":"s","template":"t","type":"sent"}"#,
            #"{"account":"acct-1","at":"2026-02-05T09:30:00Z","by":"policy","hash":"H","id":"e-2","invitation":"i1","position":2,"recipient":"linkedin.com/in/jane-doe","recorded_at":"R","type":"expired"}"#,
        ])
    }
}
