import Foundation
import Testing

/// SPEC §4 end to end on a small ledger: publish a digest, prove an event and a consistency, catch a tampered copy.
///
/// The same story as tools/merkle-e2e.sh tells on 1,000,000 events, small enough for CI.
struct ProofStoryTests {
    static let events = 3000
    static let published = 1500

    /// Runs a Python script from tools/ with `arguments`, returning its exit status and output.
    static func python(_ script: String, _ arguments: [String], input: String? = nil) throws -> RunResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Paths.repository.appendingPathComponent("tools/\(script)").path] + arguments
        let output = Pipe(), errors = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        let watchdog = ChildWatchdog(process, limit: childTimeLimit)
        if let input { feed(Data(input.utf8), to: stdin.fileHandleForWriting) }
        try stdin.fileHandleForWriting.close()
        // Standard error on a thread of its own, so that a long one cannot block the child while standard output is read.
        let errorsRead = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var err = Data()
        Thread {
            err = errors.fileHandleForReading.readDataToEndOfFile()
            errorsRead.signal()
        }.start()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        errorsRead.wait()
        process.waitUntilExit()
        return RunResult(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                         stderr: String(decoding: err, as: UTF8.self) + watchdog.finished())
    }

    /// Writes generated events to `folder` and imports them in two halves, returning the digest taken between.
    static func importInTwoHalves(db: String, folder: URL) throws -> [String: Any] {
        let all = folder.appendingPathComponent("events.jsonl")
        let generated = try python("generate.py", ["--events", "\(events)", "--seed", "11", "--out", all.path])
        try #require(generated.status == 0, "generate.py failed: \(generated.stderr)")
        let lines = try String(contentsOf: all, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        let first = lines[..<published].joined(separator: "\n") + "\n"
        let rest = lines[published...].joined(separator: "\n") + "\n"
        try #require(try invites(["import", "-", "--db", db], input: first).status == 0)
        let digest = try invites(["digest", "--db", db])
        try #require(digest.status == 0)
        try #require(try invites(["import", "-", "--db", db], input: rest).status == 0)
        return digest.object
    }

    @Test func aPublishedDigestHoldsTheLogToItsPast() throws {
        try withTemporaryLedger { db, folder in
            let old = try Self.importInTwoHalves(db: db, folder: folder)
            #expect(old["size"] as? Int == Self.published)
            let today = try invites(["digest", "--db", db, "--format", "table"]).object
            #expect(today["size"] as? Int == Self.events)
            let oldRoot = try #require(old["root"] as? String)
            let todayRoot = try #require(today["root"] as? String)
            // The digest of a past size is the one published then.
            #expect(try invites(["digest", "--db", db, "--position", "\(Self.published)"]).object["root"] as? String == oldRoot)

            // An early event, proven against today's digest: by the binary and by the Python script.
            let inclusion = try invites(["prove", "--db", db, "--position", "3"])
            #expect(inclusion.status == 0)
            #expect(inclusion.object["root"] as? String == todayRoot)
            #expect((inclusion.object["event"] as? [String: Any])?["position"] as? Int == 3)
            let checked = try invites(["verify-proof", "-", "--root", todayRoot], input: inclusion.stdout)
            #expect(checked.status == 0 && checked.stdout == "{\"ok\":true}\n", "\(checked.stdout)\(checked.stderr)")
            // Written back by a tool with floating-point numbers: JCS writes 3.0 as 3, so the leaf is the same (audit 79 F4).
            let floated = inclusion.stdout.replacingOccurrences(of: #""position":3,"#, with: #""position":3.0,"#)
            #expect(floated != inclusion.stdout)
            #expect(try invites(["verify-proof", "-", "--root", todayRoot], input: floated).status == 0)
            let moved = inclusion.stdout.replacingOccurrences(of: #""position":3,"#, with: #""position":3.5,"#)
            #expect(try invites(["verify-proof", "-", "--root", todayRoot], input: moved).status == 1)
            let byPython = try Self.python("verify_proof.py", ["-", "--root", todayRoot], input: inclusion.stdout)
            #expect(byPython.status == 0 && byPython.object["ok"] as? Bool == true, "\(byPython.stdout)\(byPython.stderr)")
            // The Python tool reads numbers as JCS writes them too: it said the leaf was wrong where invites said ok (audit 85 F2).
            #expect(try Self.python("verify_proof.py", ["-", "--root", todayRoot], input: floated).status == 0)
            #expect(try Self.python("verify_proof.py", ["-", "--root", todayRoot], input: moved).status == 1)

            // Today's log extends the one published at 1500.
            let consistency = try invites(["prove", "--db", db, "--from", "\(Self.published)", "--to", "\(Self.events)"])
            #expect(consistency.object["root1"] as? String == oldRoot)
            #expect(consistency.object["root2"] as? String == todayRoot)
            let proofFile = folder.appendingPathComponent("consistency.json")
            try consistency.stdout.write(to: proofFile, atomically: false, encoding: .utf8)
            #expect(try invites(["verify-proof", proofFile.path, "--root", oldRoot]).status == 0)
            #expect(try Self.python("verify_proof.py", [proofFile.path, "--root", oldRoot]).status == 0)
            // …and not one with another root.
            #expect(try invites(["verify-proof", proofFile.path, "--root", todayRoot]).status == 1)
            #expect(try Self.python("verify_proof.py", [proofFile.path, "--root", todayRoot]).status == 1)

            // A copy of the ledger with one byte of event 3 changed.
            let copy = folder.appendingPathComponent("tampered")
            try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: db + "/data.mdb", toPath: copy.appendingPathComponent("data.mdb").path)
            let event = try #require(inclusion.object["event"] as? [String: Any])
            try Self.flipRecipientLetter(of: event, ledger: copy.path)
            let verified = try invites(["verify", "--db", copy.path, "--format", "json"])
            #expect(verified.status == 1)
            #expect(verified.object["position"] as? Int == 3, "\(verified.stdout)")
            #expect(verified.stderr.contains("position 3"))
            // The old digest no longer matches: the recomputed chain differs at 1500, and so do the event's leaf and the root.
            let oldHash = try #require(old["hash"] as? String)
            #expect(try invites(["verify", "--db", copy.path, "--expect", "\(oldHash)@\(Self.published)"]).status == 1)
            // The altered ledger proves nothing about event 3 and exports nothing from it on: both compare the
            // chain they recompute with the one stored at append, and stop where they differ.
            let tamperedProof = try invites(["prove", "--db", copy.path, "--position", "3", "--size", "\(Self.published)"])
            #expect(tamperedProof.status == 1 && tamperedProof.stdout.isEmpty)
            #expect(tamperedProof.stderr.contains("verification_failed: position 3"), "\(tamperedProof.stderr)")
            let tamperedExport = try invites(["export", "--db", copy.path])
            #expect(tamperedExport.status == 1)
            #expect(tamperedExport.stderr.contains("verification_failed: position 3"), "\(tamperedExport.stderr)")
            #expect(tamperedExport.stdout.isEmpty, "nothing of the stretch the next checkpoint vouches for is printed")
            // An auditor recomputing the root from the export (a file: the script stops reading at the size).
            let export = folder.appendingPathComponent("export.jsonl")
            try invites(["export", "--db", db]).stdout.write(to: export, atomically: false, encoding: .utf8)
            let untouched = try Self.python("merkle_root.py", [export.path, "--size", "\(Self.published)"])
            #expect(untouched.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == oldRoot)
        }
    }

    @Test func proveRefusesWhatTheSpecRefuses() throws {
        try withTemporaryLedger { db, folder in
            let lines = (1...5).map { #"{"type":"sent","id":"e-\#($0)","at":"2026-01-0\#($0)T09:00:00Z","account":"a","recipient":"linkedin.com/in/p\#($0)"}"# }
            try #require(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
            // Each refusal names its reason: exit 1 alone would also pass on a storage error (review 13).
            let refusals: [([String], String)] = [
                (["prove", "--position", "6"], "out_of_range: position 6 is outside the tree of size 5"),
                (["prove", "--position", "0"], "out_of_range: position 0 is outside the tree of size 5"),
                (["prove", "--position", "3", "--size", "2"], "out_of_range: position 3 is outside the tree of size 2"),
                (["prove", "--id", "nope"], "not_found: no event with id nope"),
                (["prove", "--from", "0", "--to", "3"], "out_of_range: --from must be at least 1"),
                (["prove", "--from", "4", "--to", "3"], "out_of_range: --from 4 is above --to 3"),
                (["digest", "--position", "6"], "out_of_range: position 6 is past the head 5"),
            ]
            for (arguments, reason) in refusals {
                let run = try invites(arguments + ["--db", db])
                #expect(run.status == 1 && run.stderr.contains(reason), "\(arguments): \(run.stderr)")
            }
            let same = try invites(["prove", "--db", db, "--from", "4", "--to", "4", "--format", "csv"])
            #expect(same.status == 0)
            #expect(same.object["proof"] as? [String] == [])
            // Without --root the proof is only checked against itself, and the note says so; with it, no note.
            let unanchored = try invites(["verify-proof", "-"], input: same.stdout)
            #expect(unanchored.status == 0 && unanchored.stdout == "{\"ok\":true}\n")
            #expect(unanchored.stderr.contains("no root you trust was checked"), "\(unanchored.stderr)")
            let root = try #require(same.object["root1"] as? String)
            let anchored = try invites(["verify-proof", "-", "--root", root], input: same.stdout)
            #expect(anchored.status == 0 && anchored.stderr.isEmpty, "\(anchored.stderr)")
            let byID = try invites(["prove", "--db", db, "--id", "e-2"])
            #expect(byID.object["position"] as? Int == 2)
            let empty = try invites(["digest", "--db", db, "--position", "0"]).object
            #expect(empty["root"] as? String == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            #expect(empty["hash"] as? String == String(repeating: "0", count: 64))
            // verify-proof needs no ledger, and reports a bad proof as JSON with exit 1.
            let proof = try invites(["prove", "--db", db, "--position", "2"]).stdout
            let forged = proof.replacingOccurrences(of: "linkedin.com/in/p2", with: "linkedin.com/in/p9")
            let rejected = try invites(["verify-proof", "-"], input: forged, cwd: folder)
            #expect(rejected.status == 1)
            #expect(rejected.object["ok"] as? Bool == false)
            #expect((rejected.object["error"] as? String)?.contains("leaf_hash") == true)
            #expect(try Self.python("verify_proof.py", ["-"], input: forged).status == 1)
            #expect(try invites(["verify-proof", "-"], input: "{").status == 1)
        }
    }

    /// Changes one letter of an event's recipient where its log record stores it, not in an index key.
    ///
    /// The first letter of the profile slug (stored in the record with or without the constant
    /// `linkedin.com/in/`, depending on the record's version): still valid UTF-8, different text.
    static func flipRecipientLetter(of event: [String: Any], ledger path: String) throws {
        let position = try #require(event["position"] as? Int)
        let recipient = try #require(event["recipient"] as? String)
        let slug = recipient.hasPrefix("linkedin.com/in/") ? String(recipient.dropFirst(16)) : recipient
        let letter = slug.utf8.first == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
        try LogTampering.replaceFirstByte(of: slug, with: letter, inRecordAt: position, ledger: path)
    }
}
