import Foundation
import Testing

/// Shared, lock-protected findings of the reader threads.
final class ReaderLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var failures: [String] = []
    private(set) var runs: [String: Int] = [:]
    private(set) var snapshots: [[String: Int]] = []

    func record(_ command: String, failure: String?) {
        lock.lock(); defer { lock.unlock() }
        runs[command, default: 0] += 1
        if let failure { failures.append("\(command): \(failure)") }
    }

    func snapshot(_ counts: [String: Int]) {
        lock.lock(); defer { lock.unlock() }
        snapshots.append(counts)
    }
}

/// Rewrites a generated workload so its ids, invitations and accounts cannot collide with another writer's.
func prefixedWorkload(events: Int, seed: Int, prefix: String, in folder: URL) throws -> [String] {
    let file = try generateWorkload(events: events, seed: seed, in: folder)
    let text = try String(contentsOf: file, encoding: .utf8)
    var lines: [String] = []
    for line in text.split(separator: "\n") {
        guard var object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
        for key in ["id", "invitation", "account"] {
            if let value = object[key] as? String { object[key] = "\(prefix)\(value)" }
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        lines.append(String(decoding: data, as: UTF8.self))
    }
    return lines
}

/// Four importing writers and a recorder share one ledger while readers run verify, export and status:
/// no event lost or doubled, positions gapless, the chain verifies, no reader fails or sees half a batch.
@Test(waitsOnChildren)
func concurrentWritersAndReadersLoseNothingAndSeeWholeBatches() throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("ledger").path
    let writers = 4, perWriter = 800, chunks = 4
    var chunkSizes: [String: [Int]] = [:]
    var scripts: [String] = []
    for writer in 0..<writers {
        let prefix = "w\(writer)-"
        let lines = try prefixedWorkload(events: perWriter, seed: 40 + writer, prefix: prefix, in: folder)
        let size = (lines.count + chunks - 1) / chunks
        var commands: [String] = []
        for chunk in 0..<chunks {
            let slice = lines[min(lines.count, chunk * size)..<min(lines.count, (chunk + 1) * size)]
            let file = folder.appendingPathComponent("\(prefix)\(chunk).jsonl")
            try (slice.joined(separator: "\n") + "\n").write(to: file, atomically: false, encoding: .utf8)
            chunkSizes[prefix, default: []].append(slice.count)
            commands.append("'\(Paths.binary)' import '\(file.path)' --db '\(db)' >/dev/null")
        }
        scripts.append(commands.joined(separator: " && "))
    }
    // The recorder: one batch of sends, then one reminder per command.
    let reminders = 25
    let sends = (0..<reminders).map {
        #"{"type":"sent","id":"r-s\#($0)","invitation":"r-inv-\#($0)","account":"r-acct","recipient":"r-\#($0)","at":"2026-01-01T00:00:00Z"}"#
    }
    let sendFile = folder.appendingPathComponent("r-sends.jsonl")
    try (sends.joined(separator: "\n") + "\n").write(to: sendFile, atomically: false, encoding: .utf8)
    var recorder = ["'\(Paths.binary)' import '\(sendFile.path)' --db '\(db)' >/dev/null"]
    for index in 0..<reminders {
        recorder.append("'\(Paths.binary)' remind --invitation r-inv-\(index) --id r-rem\(index) --at 2026-01-02T00:00:00Z --db '\(db)' >/dev/null")
    }
    scripts.append(recorder.joined(separator: " && "))
    chunkSizes["r-"] = [reminders] + Array(repeating: 1, count: reminders)

    // The ledger must exist before the readers start (queries never create one).
    let bootstrap = try invites(["import", "-", "--db", db], input: "")
    #expect(bootstrap.status == 0, "\(bootstrap.stderr)")

    var processes: [Process] = []
    for script in scripts {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.standardError = FileHandle.nullDevice
        try process.run()
        processes.append(process)
    }
    let log = ReaderLog()
    let finished = ManagedAtomicFlag()
    let prefixes = Array(chunkSizes.keys)
    let group = DispatchGroup()
    for command in ["verify", "export", "status"] {
        group.enter()
        // Own threads, not the global queue: `invites()` itself waits on a global-queue block.
        Thread.detachNewThread {
            defer { group.leave() }
            repeat {
                do {
                    let run = try invites([command, "--db", db, "--format", "json"])
                    var failure: String? = run.status == 0 ? nil : "exit \(run.status): \(run.stderr)"
                    if command == "export", failure == nil {
                        var counts: [String: Int] = [:]
                        var position = 0
                        for line in run.stdout.split(separator: "\n") {
                            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                                  let id = object["id"] as? String else { failure = "an unreadable line"; break }
                            position += 1
                            if object["position"] as? Int != position { failure = "position \(position) missing" }
                            if let prefix = prefixes.first(where: { id.hasPrefix($0) }) { counts[prefix, default: 0] += 1 }
                        }
                        log.snapshot(counts)
                    }
                    log.record(command, failure: failure)
                } catch {
                    log.record(command, failure: "\(error)")
                }
            } while !finished.value
        }
    }
    for process in processes { process.waitUntilExit() }
    finished.set()
    group.wait()
    for (index, process) in processes.enumerated() {
        #expect(process.terminationStatus == 0, "writer \(index) failed")
    }
    #expect(log.failures.isEmpty, "\(log.failures.prefix(5))")

    // Every export saw, for each writer, a whole number of its batches.
    for snapshot in log.snapshots {
        for prefix in prefixes {
            let sizes = chunkSizes[prefix] ?? []
            let sums = sizes.indices.reduce(into: [0]) { sums, index in sums.append(sums[index] + sizes[index]) }
            #expect(sums.contains(snapshot[prefix] ?? 0), "an export saw \(snapshot[prefix] ?? 0) events of \(prefix): half a batch")
        }
    }
    let expected = chunkSizes.values.map { $0.reduce(0, +) }.reduce(0, +)
    let verify = try invites(["verify", "--db", db, "--format", "json"])
    #expect(verify.status == 0 && verify.object["events"] as? Int == expected, "\(verify.stdout) \(verify.stderr)")
    let export = try invites(["export", "--db", db])
    let ids = export.stdout.split(separator: "\n").compactMap {
        (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? String
    }
    #expect(ids.count == expected && Set(ids).count == expected, "\(ids.count) events, \(Set(ids).count) distinct, \(expected) expected")
    print("reliability: \(scripts.count) writers (\(expected) events in \(chunkSizes.values.map(\.count).reduce(0, +)) batches) with readers "
          + log.runs.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
          + "; \(log.failures.count) reader failures, \(log.snapshots.count) exports checked for whole batches")
}

/// A flag set once by one thread and polled by others.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    var value: Bool { lock.lock(); defer { lock.unlock() }; return flag }
    func set() { lock.lock(); flag = true; lock.unlock() }
}

/// Three `policy --set` of different keys at once each keep their change: the policy is read, changed and
/// written in one transaction (audit 54 H1: written back whole, the last undid the others, which had said they saved).
@Test(waitsOnChildren)
func concurrentPolicyChangesOfDifferentKeysAreAllKept() throws {
    try withTemporaryLedger { db, _ in
        #expect(try invites(["import", "-", "--db", db], input: "").status == 0)
        let trials = 15
        let script = (1...trials).map { trial in
            """
            "$INVITES" policy --db '\(db)' --set weekly_cap=100 --set pending_cap=500 --set note_limit=300 >/dev/null
            "$INVITES" policy --db '\(db)' --set weekly_cap=\(100 + trial) >/dev/null &
            "$INVITES" policy --db '\(db)' --set pending_cap=\(500 + trial) >/dev/null &
            "$INVITES" policy --db '\(db)' --set note_limit=\(300 + trial) >/dev/null &
            wait
            "$INVITES" policy --db '\(db)' --format json
            """
        }.joined(separator: "\n")
        let run = try shell(script)
        let policies = run.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(policies.count == trials, "\(run.stderr)")
        for (index, policy) in policies.enumerated() {
            let trial = index + 1
            #expect(policy["weekly_cap"] as? Int == 100 + trial && policy["pending_cap"] as? Int == 500 + trial
                && policy["note_limit"] as? Int == 300 + trial, "trial \(trial): \(policy)")
        }
    }
}

/// A follower whose reader stops reading holds no snapshot while it waits to write, so the writes and
/// rebuilds meanwhile reuse the pages they free instead of growing `data.mdb` for good (audit 54 M2: 5 → 187 MB).
@Test(waitsOnChildren)
func aStalledFollowerDoesNotMakeTheDataFileGrow() throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = folder.appendingPathComponent("ledger").path
    let workload = try generateWorkload(events: 5_000, seed: 81, in: folder)
    #expect(try invites(["import", workload.path, "--db", db]).status == 0)
    #expect(try invites(["rebuild", "--db", db]).status == 0)
    // About 2 MB of lines into a pipe no one reads: the follower blocks writing the first of them.
    let unread = Pipe()
    let follower = try startInvites(["log", "--follow", "--db", db], output: unread)
    // SIGKILL: a process started from the test's threads inherits their blocked SIGTERM.
    defer { killIfRunning(follower); follower.waitUntilExit() }
    Thread.sleep(forTimeInterval: 1)
    let size = { (try FileManager.default.attributesOfItem(atPath: db + "/data.mdb")[.size] as? Int) ?? 0 }
    let before = try size()
    for index in 0..<15 {
        #expect(try invites(["rebuild", "--db", db]).status == 0)
        let send = ["send", "--db", db, "--account", "stall", "--to", "r\(index)", "--at", "2026-06-01T00:00:00Z", "--force"]
        #expect(try invites(send).status == 0)
    }
    let after = try size()
    #expect(follower.isRunning)
    #expect(after < before + before / 2, "data.mdb grew from \(before) to \(after) bytes under a stalled follower")
}

/// A follower started with SIGTERM blocked (as the test's threads, or a Swift supervisor's, pass it on) still stops on it.
@Test(waitsOnChildren)
func aFollowerStopsOnSIGTERMItInheritedBlocked() throws {
    try withTemporaryLedger { db, _ in
        #expect(try invites(["send", "--db", db, "--account", "a", "--to", "r", "--at", "2026-01-01T00:00:00Z"]).status == 0)
        let follower = try startInvites(["log", "--follow", "--db", db])
        defer { killIfRunning(follower); follower.waitUntilExit() }
        Thread.sleep(forTimeInterval: 0.5)
        follower.terminate()
        let deadline = Date().addingTimeInterval(5)
        while follower.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!follower.isRunning, "the follower ran on after SIGTERM")
        #expect(!follower.isRunning && follower.terminationReason == .uncaughtSignal && follower.terminationStatus == SIGTERM)
    }
}

/// An import whose `--rejects` stream is not read holds no write lock while it waits: a send beside it goes through (review 56 M2).
@Test(waitsOnChildren)
func aStalledRejectsStreamDoesNotHoldTheWriteLock() throws {
    try withTemporaryLedger { db, folder in
        #expect(try invites(["send", "--db", db, "--account", "z", "--to", "first", "--at", "2026-01-01T00:00:00Z"]).status == 0)
        // About 1.5 MB of refused lines to standard output, a pipe no one reads.
        let lines = (0..<3_000).map { #"{"type":"sent","id":"s\#($0)","account":"a","recipient":"r\#($0)","at":"2026-01-01T00:00:00Z"}"#
            + "\n" + String(repeating: "x", count: 500) }
        let input = folder.appendingPathComponent("in.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: false, encoding: .utf8)
        let unread = Pipe()
        let importer = try startInvites(["import", input.path, "--skip-invalid", "--rejects", "/dev/stdout", "--db", db], output: unread)
        defer { killIfRunning(importer); importer.waitUntilExit() }
        Thread.sleep(forTimeInterval: 1.5)
        let beside = try shell(#"timeout 10 "$INVITES" send --db '\#(db)' --account z --to second --at 2026-01-02T00:00:00Z; echo "status $?""#)
        #expect(beside.stdout.hasSuffix("status 0\n"), "\(beside.stdout) \(beside.stderr)")
    }
}
