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

    /// Imports `file` into `db`, sends `signal` once the import catches it, and returns how it ended and its standard error.
    private func interruptedImport(_ file: URL, db: String, by signal: Int32, folder: URL) throws -> (reason: Process.TerminationReason, status: Int32, stderr: String) {
        let errors = folder.appendingPathComponent("stderr-\(signal)")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Paths.binary)
        process.arguments = ["import", file.path, "--db", db]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning, !catches(process.processIdentifier, signal), Date() < deadline { usleep(2_000) }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return (process.terminationReason, process.terminationStatus, try String(contentsOf: errors, encoding: .utf8))
    }

    @Test func anInterruptedImportSaysNothingWasRecordedAndEndsByItsSignal() throws {
        try withTemporaryLedger { db, folder in
            #expect(try invites(["send", "--db", db, "--account", "a", "--to", "x"]).status == 0)
            let file = folder.appendingPathComponent("big.jsonl")
            try writeSends(300_000, account: "b", to: file)
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
            let dumb = try atTerminal("dumb", db)
            #expect(dumb == "importing: 50000 lines (99%)\r\n" || dumb == "importing: 50000 lines (100%)\r\n", "\(dumb.debugDescription)")
            let redrawn = try atTerminal("xterm", folder.appendingPathComponent("other").path)
            #expect(redrawn.hasPrefix("\r\u{1B}[Kimporting: 50000 lines ("), "\(redrawn.debugDescription)")
        }
    }
}
