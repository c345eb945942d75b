import Foundation
import Testing

/// An import stopped by a signal says so and what it recorded, and ends as the signal would; its
/// progress line, on a terminal that cannot redraw one, is plain lines (audit 115).
@Suite struct InterruptedImportTests {
    /// A file of `count` sends, from account `account`.
    private func writeSends(_ count: Int, account: String, to path: URL) throws {
        var text = ""
        text.reserveCapacity(count * 80)
        for index in 0..<count {
            text += #"{"type":"sent","account":"\#(account)","recipient":"r\#(index)","at":"2026-01-01T00:00:00Z"}"# + "\n"
        }
        try text.write(to: path, atomically: false, encoding: .utf8)
    }

    /// Whether the process catches `signal` (the kernel's `SigCgt` mask): the import has installed its handler.
    private func catches(_ pid: Int32, _ signal: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
              let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16) else { return false }
        return mask & (1 << UInt64(signal - 1)) != 0
    }

    /// Records one send in `db`, and writes a file of 300,000 more to import into it: long enough to be interrupted.
    private func ledgerOfOneAndABigImport(db: String, folder: URL) throws -> URL {
        #expect(try invites(["send", "--db", db, "--account", "a", "--to", "x"]).status == 0)
        let file = folder.appendingPathComponent("big.jsonl")
        try writeSends(300_000, account: "b", to: file)
        return file
    }

    /// Imports `file` into `db` (with `options`), sends `signal` (then `second`, at once) once the import catches it and `ready` holds, and returns how it ended and its standard error.
    private func interruptedImport(_ file: URL, db: String, by signal: Int32, then second: Int32? = nil, folder: URL, options: [String] = [],
                                   ready: () -> Bool = { true }) throws -> (reason: Process.TerminationReason, status: Int32, stderr: String) {
        let errors = folder.appendingPathComponent("stderr-\(signal)")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Paths.binary)
        process.arguments = ["import", file.path, "--db", db] + options
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, !catches(process.processIdentifier, signal) || !ready(), Date() < deadline { usleep(2_000) }
        kill(process.processIdentifier, signal)
        if let second { kill(process.processIdentifier, second) }
        process.waitUntilExit()
        return (process.terminationReason, process.terminationStatus, try String(contentsOf: errors, encoding: .utf8))
    }

    @Test func anInterruptedImportSaysNothingWasRecordedAndEndsByItsSignal() throws {
        try withTemporaryLedger { db, folder in
            let file = try ledgerOfOneAndABigImport(db: db, folder: folder)
            for signal in [SIGTERM, SIGINT] {
                let run = try interruptedImport(file, db: db, by: signal, folder: folder)
                // Ended by the signal, as a shell says 143 or 130.
                #expect(run.reason == .uncaughtSignal && run.status == signal, "\(run.reason) \(run.status): \(run.stderr)")
                let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
                #expect(run.stderr == "invites: import interrupted by \(name): nothing was recorded (a batch is recorded whole or not "
                    + "at all); run it again to import the input\n", "\(run.stderr)")
                let status = try invites(["status", "--db", db, "--format", "json"])
                #expect(status.object["events"] as? Int == 1, "\(status.stdout)")
            }
        }
    }

    /// Two stopping signals back to back (a user's Ctrl-C as a supervisor's SIGTERM comes) say one line, and end the process by one of them.
    ///
    /// The second one's handler runs while the first ends the process; the claim between them is
    /// taken with the signals blocked, so the window in which both could say it is closed, not narrow.
    @Test func twoSignalsAtOnceAreSaidOnce() throws {
        try withTemporaryLedger { db, folder in
            let file = try ledgerOfOneAndABigImport(db: db, folder: folder)
            for _ in 0..<3 {
                let run = try interruptedImport(file, db: db, by: SIGINT, then: SIGTERM, folder: folder)
                #expect(run.reason == .uncaughtSignal && [SIGINT, SIGTERM].contains(run.status), "\(run.reason) \(run.status): \(run.stderr)")
                #expect(run.stderr.components(separatedBy: "import interrupted").count == 2, "\(run.stderr)")
            }
            let status = try invites(["status", "--db", db, "--format", "json"])
            #expect(status.object["events"] as? Int == 1, "\(status.stdout)")
        }
    }

    /// A first import, built in a staging folder beside --db, leaves neither a ledger nor the folder.
    @Test func anInterruptedFirstImportLeavesNothingBehind() throws {
        try withTemporaryLedger { db, folder in
            let file = folder.appendingPathComponent("big.jsonl")
            try writeSends(300_000, account: "b", to: file)
            let run = try interruptedImport(file, db: db, by: SIGINT, folder: folder)
            #expect(run.reason == .uncaughtSignal && run.status == SIGINT, "\(run.reason) \(run.status): \(run.stderr)")
            #expect(run.stderr.hasPrefix("invites: import interrupted by SIGINT: nothing was recorded"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: db))
            let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".ledger.new-") }
            #expect(left.isEmpty, "\(left)")
        }
    }

    /// A signal while standard input is still read is said too (audit 119 F2: the handler came only with the batch).
    @Test func aSignalWhileStandardInputIsReadIsSaid() throws {
        try withTemporaryLedger { db, _ in
            let input = Pipe(), errors = Pipe(), process = Process()
            process.executableURL = URL(fileURLWithPath: Paths.binary)
            process.arguments = ["import", "-", "--db", db]
            (process.standardInput, process.standardOutput, process.standardError) = (input, FileHandle.nullDevice, errors)
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            while !catches(process.processIdentifier, SIGTERM), Date() < deadline { usleep(2_000) }
            input.fileHandleForWriting.write(Data(#"{"type":"sent","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z"}"#.utf8))
            kill(process.processIdentifier, SIGTERM)
            let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM, "\(said)")
            #expect(said.hasPrefix("invites: import interrupted by SIGTERM: nothing was recorded"), "\(said)")
            #expect(!FileManager.default.fileExists(atPath: db))
        }
    }

    /// An interrupted import removes the `--rejects` file it created and had not written, and keeps one that was there (audit 119 F3).
    @Test func anInterruptedImportRemovesTheRejectsFileItCreated() throws {
        try withTemporaryLedger { db, folder in
            let file = try ledgerOfOneAndABigImport(db: db, folder: folder)
            for existing in [false, true] {
                let rejects = folder.appendingPathComponent("refused-\(existing).jsonl").path
                if existing { try Data("earlier\n".utf8).write(to: URL(fileURLWithPath: rejects)) }
                let run = try interruptedImport(file, db: db, by: SIGINT, folder: folder, options: ["--skip-invalid", "--rejects", rejects]) {
                    FileManager.default.fileExists(atPath: rejects)
                }
                #expect(run.stderr.hasPrefix("invites: import interrupted by SIGINT: nothing was recorded"), "\(run.stderr)")
                #expect(FileManager.default.fileExists(atPath: rejects) == existing, "existing \(existing)")
            }
        }
    }

    /// A signal once the batch is recorded, while the refused lines are listed, says the import is recorded whole (audit 119 F1).
    @Test func aSignalWhileRefusedLinesAreListedSaysTheBatchIsRecorded() throws {
        try withTemporaryLedger { db, folder in
            let file = folder.appendingPathComponent("mostly-refused.jsonl")
            let lines = [#"{"type":"sent","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z"}"#] + (1...20_000).map { "not json \($0)" }
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
            let errors = Pipe(), process = Process()  // read only after the signal: the listing fills the pipe and waits
            process.executableURL = URL(fileURLWithPath: Paths.binary)
            process.arguments = ["import", file.path, "--skip-invalid", "--db", db]
            (process.standardInput, process.standardOutput, process.standardError) = (FileHandle.nullDevice, FileHandle.nullDevice, errors)
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            while try invites(["status", "--db", db, "--format", "json"]).object["events"] as? Int != 1, Date() < deadline { usleep(20_000) }
            kill(process.processIdentifier, SIGTERM)
            let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM)
            #expect(said.hasSuffix("invites: import interrupted by SIGTERM once its batch was recorded: the import is recorded whole "
                + "(invites status shows the head)\n"), "\(said.suffix(300))")
            #expect(try invites(["status", "--db", db, "--format", "json"]).object["events"] as? Int == 1)
        }
    }

    /// At a terminal, the progress line is redrawn in place; at a `dumb` one, each progress is a plain line (the terminal from `script`).
    @Test func theProgressLineAtADumbTerminalIsPlainLines() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            print("note: /usr/bin/script is missing; the terminal case was not run")
            return
        }
        try withTemporaryLedger { db, folder in
            let file = folder.appendingPathComponent("mid.jsonl")
            try writeSends(50_001, account: "a", to: file)
            func atTerminal(_ term: String, _ ledger: String) throws -> String {
                try standardOutput(of: "/usr/bin/script",
                                   ["-qec", "TERM=\(term) '\(Paths.binary)' import '\(file.path)' --db '\(ledger)' >/dev/null", "/dev/null"]).text
            }
            // The terminal turns each "\n" into "\r\n": no other carriage return, and no escape sequence.
            // (The note that a new ledger was made follows the progress line.)
            let created = "invites: note: no ledger was at \(db): a new one is created there (is --db or $INVITES_DB right?)\r\n"
            let dumb = try atTerminal("dumb", db).replacingOccurrences(of: created, with: "")
            #expect(dumb == "importing: 50000 lines (99%)\r\n" || dumb == "importing: 50000 lines (100%)\r\n", "\(dumb.debugDescription)")
            let redrawn = try atTerminal("xterm", folder.appendingPathComponent("other").path)
            #expect(redrawn.hasPrefix("\r\u{1B}[Kimporting: 50000 lines ("), "\(redrawn.debugDescription)")
        }
    }
}
