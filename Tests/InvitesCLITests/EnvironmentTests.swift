import Foundation
import Testing

/// How the binary meets the environment a supervisor, a shell or a parent program gives it: ignored
/// signals, unwritable outputs, file-size limits, signals from elsewhere, non-blocking pipes (audit 115).
@Suite struct EnvironmentTests {
    /// A ledger of 3,000 invitations: its export (≈ 0.8 MB) is far more than a pipe holds.
    private func ledgerWithALongExport(_ db: String) throws {
        let lines = (1...3000).map { #"{"type":"sent","account":"a","recipient":"r\#($0)","at":"2026-01-01T00:00:00Z"}"# }
        #expect(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
    }

    /// With SIGPIPE ignored (systemd's default for services), a cut pipe is a failed write, said and exit 1, as `cat` does (F2).
    @Test func aCutPipeWithSIGPIPEIgnoredIsAFailedWrite() throws {
        try withTemporaryLedger { db, folder in
            try ledgerWithALongExport(db)
            let status = folder.appendingPathComponent("status").path, errors = folder.appendingPathComponent("errors").path
            let run = try shell("trap '' PIPE; { \"$INVITES\" export --db '\(db)' 2>'\(errors)'; echo $? >'\(status)'; } | head -c 1 >/dev/null")
            #expect(run.status == 0, "\(run.stderr)")
            let (code, said) = (try String(contentsOfFile: status, encoding: .utf8), try String(contentsOfFile: errors, encoding: .utf8))
            #expect(code == "1\n" && said == "invites: error: writing the output failed: Broken pipe\n", "\(code)\(said)")
            // By default the reader's leaving ends it by SIGPIPE, as before.
            let byDefault = try shell("{ \"$INVITES\" export --db '\(db)'; echo $? >'\(status)'; } | head -c 1 >/dev/null")
            let signalled = try String(contentsOfFile: status, encoding: .utf8)
            #expect(byDefault.status == 0 && signalled == "141\n", "\(signalled)")
        }
    }

    /// Help, the version and a completion script that cannot be written fail as any answer does, exit 1 (F5).
    @Test(arguments: ["--version", "--help", "help pending", "pending --help", "--generate-completion-script bash"])
    func textTheParserWritesThatCannotBeWrittenFails(arguments: String) throws {
        let run = try shell("\"$INVITES\" \(arguments) >/dev/full")
        #expect(run.status == 1 && run.stderr.hasSuffix("invites: error: writing the output failed: No space left on device\n"), "\(run.stderr)")
        #expect(try shell("\"$INVITES\" \(arguments) >/dev/null").status == 0)
    }

    /// A refused `check` whose answer cannot be written says so and exits 1, as an allowed one does (F6).
    @Test func aRefusedCheckThatCannotBeWrittenSaysSo() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--account", "a", "--to", "b", "--at", "2026-01-01T00:00:00Z", "--db", db]).status == 0)
            for format in ["table", "json"] {
                let run = try shell("\"$INVITES\" check --account a --to b --now 2026-01-02T00:00:00Z --format \(format) --db '\(db)' >/dev/full")
                #expect(run.status == 1 && run.stderr == "invites: error: writing the output failed: No space left on device\n", "\(run.stderr)")
            }
            // So does a refused `send`, whose verdict is printed as check prints it (review 120: exit 3, the verdict lost unsaid).
            let send = try shell("\"$INVITES\" send --account a --to b --format json --db '\(db)' >/dev/full")
            #expect(send.status == 1 && send.stderr.hasPrefix("invites: pending: ")
                    && send.stderr.hasSuffix("invites: error: writing the output failed: No space left on device\n"), "\(send.stderr)")
        }
    }

    /// A file-size limit (`ulimit -f`) fails the write with a message, where SIGXFSZ killed the process in silence (F13).
    @Test func aFileSizeLimitIsSaid() throws {
        try withTemporaryLedger { db, folder in
            try ledgerWithALongExport(db)
            let copy = folder.appendingPathComponent("copy.jsonl").path
            let export = try shell("ulimit -f 10; \"$INVITES\" export --db '\(db)' >'\(copy)'")
            #expect(export.status == 1 && export.stderr.contains("writing the output failed: File too large"), "\(export.stderr)")
            try? FileManager.default.removeItem(atPath: copy)
            #expect(try shell("\"$INVITES\" export --db '\(db)' >'\(copy)'").status == 0)
            let other = folder.appendingPathComponent("other").path
            let piped = try shell("ulimit -f 100; cat '\(copy)' '\(copy)' | \"$INVITES\" import - --db '\(other)'")
            #expect(piped.status == 1 && piped.stderr.contains("cannot copy standard input to a temporary file") && piped.stderr.contains("File too large"),
                    "\(piped.stderr)")
            #expect(!FileManager.default.fileExists(atPath: other + "/data.mdb"))
        }
    }

    /// A SIGABRT sent from elsewhere (a watchdog, `kill -6`) ends the process as SIGABRT does, and blames no data file (F4).
    @Test func anAbortSentFromElsewhereIsNotCalledDamage() throws {
        try withTemporaryLedger { db, folder in
            #expect(try invites(["send", "--account", "a", "--to", "b", "--at", "2026-01-01T00:00:00Z", "--db", db]).status == 0)
            let errors = folder.appendingPathComponent("errors").path
            let run = try shell("\"$INVITES\" log --follow --db '\(db)' >/dev/null 2>'\(errors)' & pid=$!; sleep 1; kill -ABRT $pid; wait $pid; echo $?")
            #expect(run.stdout == "134\n", "\(run.stdout)\(run.stderr)")
            let said = try String(contentsOfFile: errors, encoding: .utf8)
            #expect(!said.contains("damaged"), "\(said)")
        }
    }

    /// `verify-proof -` waits on a non-blocking standard input too (review 120: it rejected a good proof with EAGAIN).
    @Test func verifyProofWaitsOnANonBlockingInput() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--account", "a", "--to", "b", "--at", "2026-01-01T00:00:00Z", "--db", db]).status == 0)
            let proof = try invites(["prove", "--position", "1", "--db", db])
            let input = Pipe(), output = Pipe(), check = Process()
            check.executableURL = URL(fileURLWithPath: Paths.binary)
            check.arguments = ["verify-proof", "-"]
            let reading = input.fileHandleForReading.fileDescriptor
            #expect(fcntl(reading, F_SETFL, fcntl(reading, F_GETFL) | O_NONBLOCK) == 0)
            (check.standardInput, check.standardOutput, check.standardError) = (input, output, FileHandle.nullDevice)
            try check.run()
            Thread.sleep(forTimeInterval: 0.3)  // nothing to read yet
            input.fileHandleForWriting.write(Data(proof.stdout.utf8))
            try input.fileHandleForWriting.close()
            let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            check.waitUntilExit()
            #expect(check.terminationStatus == 0 && answer == "{\"ok\":true}\n", "\(answer)")
        }
    }

    /// A non-blocking output or input inherited from a parent (Node.js's pipes) is waited on, not failed with EAGAIN (F12).
    @Test func nonBlockingPipesAreWaitedOn() throws {
        try withTemporaryLedger { db, _ in
            try ledgerWithALongExport(db)
            let output = Pipe(), export = Process()
            export.executableURL = URL(fileURLWithPath: Paths.binary)
            export.arguments = ["export", "--db", db]
            let writing = output.fileHandleForWriting.fileDescriptor
            #expect(fcntl(writing, F_SETFL, fcntl(writing, F_GETFL) | O_NONBLOCK) == 0)
            export.standardOutput = output
            export.standardError = FileHandle.nullDevice
            try export.run()
            Thread.sleep(forTimeInterval: 0.5)  // the pipe fills and stays full meanwhile
            let exported = output.fileHandleForReading.readDataToEndOfFile()
            export.waitUntilExit()
            #expect(export.terminationStatus == 0)
            #expect(exported.split(separator: 0x0A).count == 3000)

            let input = Pipe(), errors = Pipe(), importing = Process()
            importing.executableURL = URL(fileURLWithPath: Paths.binary)
            importing.arguments = ["import", "-", "--db", db + "-copy"]
            let reading = input.fileHandleForReading.fileDescriptor
            #expect(fcntl(reading, F_SETFL, fcntl(reading, F_GETFL) | O_NONBLOCK) == 0)
            importing.standardInput = input
            importing.standardOutput = FileHandle.nullDevice
            importing.standardError = errors
            try importing.run()
            Thread.sleep(forTimeInterval: 0.5)  // nothing to read yet
            input.fileHandleForWriting.write(exported)
            try input.fileHandleForWriting.close()
            importing.waitUntilExit()
            let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(importing.terminationStatus == 0, "\(said)")
        }
    }

    /// Refused lines written to a non-blocking `/dev/stdout` are waited on too (review 148: the rejects file's writes
    /// failed with EAGAIN after 64 KiB, where standard output's own writes waited).
    @Test func refusedLinesToANonBlockingStandardOutputAreWaitedOn() throws {
        try withTemporaryLedger { db, folder in
            let bad = folder.appendingPathComponent("bad.jsonl")
            let line = "not json " + String(repeating: "x", count: 90)
            try Data((Array(repeating: line, count: 3_000).joined(separator: "\n") + "\n").utf8).write(to: bad)
            let output = Pipe(), importing = Process()
            // Standard error to a file: its 3,000 refusals would fill a pipe read only after standard output's end.
            let errorsFile = folder.appendingPathComponent("errors.txt")
            FileManager.default.createFile(atPath: errorsFile.path, contents: nil)
            let errors = try FileHandle(forWritingTo: errorsFile)
            importing.executableURL = URL(fileURLWithPath: Paths.binary)
            importing.arguments = ["import", bad.path, "--skip-invalid", "--rejects", "/dev/stdout", "--db", db]
            let writing = output.fileHandleForWriting.fileDescriptor
            #expect(fcntl(writing, F_SETFL, fcntl(writing, F_GETFL) | O_NONBLOCK) == 0)
            importing.standardOutput = output
            importing.standardError = errors
            try importing.run()
            Thread.sleep(forTimeInterval: 0.5)  // the pipe fills and stays full meanwhile
            let written = output.fileHandleForReading.readDataToEndOfFile()
            importing.waitUntilExit()
            try errors.close()
            let said = try String(contentsOf: errorsFile, encoding: .utf8)
            #expect(importing.terminationStatus == 0, "\(said.suffix(300))")
            #expect(String(decoding: written, as: UTF8.self).split(separator: "\n").filter { $0 == line }.count == 3_000)
        }
    }
}
