import Foundation
import Testing

/// Generates a workload with `tools/generate.py` into `folder`.
func generateWorkload(events: Int, seed: Int, in folder: URL) throws -> URL {
    let file = folder.appendingPathComponent("workload-\(events)-\(seed).jsonl")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", Paths.repository.appendingPathComponent("tools/generate.py").path,
                         "--events", String(events), "--seed", String(seed), "--out", file.path]
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "the generator failed")
    return file
}

/// `kill -9` of an import at a random moment leaves a verifiable ledger holding the batch whole or not at all.
@Test func aKilledImportLeavesTheLedgerBeforeOrAfterTheBatch() throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let first = try generateWorkload(events: 2_000, seed: 11, in: folder)
    let big = try generateWorkload(events: 60_000, seed: 12, in: folder)
    var outcomes: Set<Int> = []
    for attempt in 0..<5 {
        let db = folder.appendingPathComponent("ledger-\(attempt)").path
        #expect(try invites(["import", first.path, "--db", db]).status == 0)
        let process = try startInvites(["import", big.path, "--db", db])
        usleep(useconds_t(Int.random(in: 20_000...900_000)))
        killIfRunning(process)
        process.waitUntilExit()
        let verify = try invites(["verify", "--db", db, "--format", "json"])
        #expect(verify.status == 0, "attempt \(attempt): \(verify.stdout) \(verify.stderr)")
        let events = verify.object["events"] as? Int ?? -1
        #expect(events == 2_000 || events == 62_000, "attempt \(attempt): \(events) events")
        outcomes.insert(events)
    }
    #expect(!outcomes.isEmpty)
}

/// An `export > file` stopped by SIGTERM or SIGINT at a random moment ends on a whole line, so that it imports (audit 140: 3 of 40 ended in half a line).
///
/// The cut came when the signal met a write of a large buffer; a debug build spends most of
/// its time formatting, so there the cut was rare (the release build showed it in 2–3 of 40).
@Test func aStoppedExportIntoAFileEndsOnAWholeLine() throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("ledger").path
    // Long notes: most of the export's time is its writes, where a signal used to cut a line.
    #expect(try invites(["policy", "--db", db, "--set", "note_limit=4000"]).status == 0)
    let note = String(repeating: "a long note ", count: 330)
    let lines = (1...8_000).map { #"{"type":"sent","id":"e-\#($0)","account":"a","recipient":"r-\#($0)","at":"2026-01-05T09:30:00Z","note":"\#(note)"}"# }
    #expect(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
    let exported = folder.appendingPathComponent("export.jsonl")
    var stopped = 0
    for attempt in 0..<16 {
        FileManager.default.createFile(atPath: exported.path, contents: nil)
        let file = try FileHandle(forWritingTo: exported)
        // Started with no signal blocked, as from a shell: the test runner's threads block them, and a child inherits that.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])",
                             Paths.binary, "export", "--db", db]
        process.standardOutput = file
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(useconds_t(Int.random(in: 1_000...250_000)))
        if process.isRunning { kill(process.processIdentifier, attempt % 2 == 0 ? SIGTERM : SIGINT) }
        process.waitUntilExit()
        try file.close()
        if process.terminationReason == .uncaughtSignal { stopped += 1 }
        let bytes = try Data(contentsOf: exported)
        #expect(bytes.isEmpty || bytes.last == 0x0A, "attempt \(attempt): \(bytes.count) bytes end in half a line")
    }
    #expect(stopped > 0, "no export was stopped part way")
}

/// An `export` or `log` into a pipe whose reader waits, stopped by SIGTERM, ends on a whole line (audit 155: 4 of 20 followers into `cat` ended in half a line).
///
/// Nothing reads the pipe until the export has filled it and waits: the stop then comes in the
/// middle of the export's writing, where a write of a large buffer had the kernel copy only the
/// pipe's 64 KiB of it.
@Test(arguments: [["export"], ["log", "--follow"]])
func aStoppedExportIntoAPipeEndsOnAWholeLine(command: [String]) throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("ledger").path
    let lines = (1...3_000).map { #"{"type":"sent","id":"e-\#($0)","account":"a","recipient":"r-\#($0)","at":"2026-01-05T09:30:00Z","source":"s-\#($0 % 7)"}"# }
    #expect(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
    let output = Pipe()
    // Started with no signal blocked, as from a shell: the test runner's threads block them, and a child inherits that.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])",
                         Paths.binary] + command + ["--db", db]
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let reading = output.fileHandleForReading.fileDescriptor
    var unread: Int32 = 0
    let deadline = Date().addingTimeInterval(60)
    repeat {
        usleep(20_000)
        _ = ioctl(reading, UInt(FIONREAD), &unread)
    } while unread < 60_000 && Date() < deadline
    usleep(100_000)  // the export now waits on the full pipe
    kill(process.processIdentifier, SIGTERM)
    let bytes = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(unread >= 60_000, "\(command): the pipe never filled (\(unread) bytes)")
    #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM, "\(command)")
    #expect(bytes.count >= 60_000 && bytes.last == 0x0A, "\(command): \(bytes.count) bytes end in half a line")
}
