import Foundation
import Testing

/// `--read-only`, and a ledger on a read-only file system: the reads answer as usual, every write
/// is refused with the reason, and the ledger's files stay byte for byte as they were.
struct ReadOnlyCLITests {
    static let now = "2026-06-01T00:00:00Z"

    /// The reads an auditor runs, each as JSON (or JSON Lines).
    static let reads: [[String]] = [
        ["verify", "--format", "json"],
        ["status", "--format", "json"],
        ["pending", "--now", now, "--format", "json"],
        ["cooldown", "--now", now, "--format", "json"],
        ["metrics", "--by", "template", "--now", now, "--format", "json"],
        ["check", "--account", "acct-1", "--to", "linkedin.com/in/person-0006-chloe", "--now", now, "--format", "json"],
        ["history", "--to", "linkedin.com/in/person-0012-ben", "--format", "json"],
        ["pending", "--as-of", "2026-03-01T00:00:00Z", "--format", "json"],
        ["export"],
        ["digest", "--position", "100"],
        ["prove", "--position", "7"],
    ]

    /// The writes, each of which a read-only ledger refuses.
    static let writes: [[String]] = [
        ["send", "--account", "acct-9", "--to", "linkedin.com/in/new-person", "--at", now],
        ["withdraw", "--account", "acct-1", "--to", "linkedin.com/in/person-0012-ben", "--at", now],
        ["expire", "--due", "--now", "2027-06-01T00:00:00Z"],
        ["policy", "--set", "weekly_cap=5"],
        ["rebuild"],
        ["import", Paths.shared.appendingPathComponent("conformance/retry.jsonl").path],
    ]

    /// Each file of the ledger folder with its bytes, but LMDB's lock file, whose reader table every reader writes.
    static func files(_ db: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: db) {
            files[name] = name == "lock.mdb" ? Data() : try Data(contentsOf: URL(fileURLWithPath: db + "/" + name))
        }
        return files
    }

    static func importScenario(_ db: String) throws {
        let events = Paths.shared.appendingPathComponent("conformance/events.jsonl").path
        let result = try invites(["import", events, "--db", db])
        try #require(result.status == 0, "import failed: \(result.stderr)")
    }

    @Test func readOnlyReadsAnswerAsUsualAndWritesAreRefusedWithoutChangingAByte() throws {
        try withTemporaryLedger { db, folder in
            try Self.importScenario(db)
            let before = try Self.files(db)
            // First read-only: no query has built the projections, and none may now.
            let readOnly = try Self.reads.map { try invites($0 + ["--db", db, "--read-only"]) }
            for write in Self.writes {
                let refused = try invites(write + ["--db", db, "--read-only"])
                #expect(refused.status == 1, "\(write[0]) --read-only exited \(refused.status)")
                #expect(refused.stderr.contains("read-only"), "\(write[0]): \(refused.stderr)")
            }
            #expect(try Self.files(db) == before)
            // Nor does a first import make a ledger.
            let newPath = folder.appendingPathComponent("new-ledger").path
            let firstImport = try invites(Self.writes.last! + ["--db", newPath, "--read-only"])
            #expect(firstImport.status == 1 && firstImport.stderr.contains("read-only"), "\(firstImport.stderr)")
            #expect(!FileManager.default.fileExists(atPath: newPath))
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["ledger"])
            // The same reads as usual (building the projections) give the same answers.
            for (arguments, answer) in zip(Self.reads, readOnly) {
                let usual = try invites(arguments + ["--db", db])
                // `check` of a connected pair says no: exit 3, read-only or not.
                #expect(answer.status == usual.status && [0, 3].contains(answer.status), "\(arguments[0]): \(answer.stderr)")
                #expect(answer.stdout == usual.stdout, "\(arguments.joined(separator: " ")) differs read-only")
                #expect(!answer.stdout.isEmpty)
            }
            #expect(try Self.files(db) != before)
        }
    }

    /// A ledger whose first write was killed before it began (a `data.mdb` of 0 bytes) reads as an empty
    /// ledger, read-only or not, says so, and stays as it is: a read does not set it up (audit 22).
    @Test(arguments: [true, false])
    func anEmptyDataFileReadsAsAnEmptyLedger(readOnly: Bool) throws {
        try withTemporaryLedger { db, _ in
            try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: false)
            #expect(FileManager.default.createFile(atPath: db + "/data.mdb", contents: Data()))
            let flag = readOnly ? ["--read-only"] : []
            let verified = try invites(["verify", "--db", db, "--format", "json"] + flag)
            #expect(verified.status == 0 && verified.object["events"] as? Int == 0, "\(verified.stderr)")
            #expect(verified.stderr.contains("data.mdb is empty (0 bytes)"), "\(verified.stderr)")
            #expect(try invites(["pending", "--db", db, "--format", "json"] + flag).stdout == "[]\n")
            #expect(try invites(["status", "--db", db] + flag).status == 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: db) == ["data.mdb"])
            #expect(try Data(contentsOf: URL(fileURLWithPath: db + "/data.mdb")).isEmpty)
        }
    }

    /// A ledger whose data.mdb was deleted or emptied after writes (its writer.lock is still there) is an error for
    /// reads and writes alike, not an empty ledger whose next write starts a new log in silence (audit 80 F2).
    @Test func aDataFileLostAfterWritesIsAnErrorNotAnEmptyLedger() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--db", db, "--account", "a", "--to", "r", "--at", "2026-01-05T10:00:00Z"]).status == 0)
            #expect(FileManager.default.fileExists(atPath: db + "/writer.lock"))
            for (damage, said) in [("rm", "is missing"), ("empty", "is empty (0 bytes)")] {
                if damage == "rm" {
                    try FileManager.default.removeItem(atPath: db + "/data.mdb")
                } else {
                    #expect(FileManager.default.createFile(atPath: db + "/data.mdb", contents: Data()))
                }
                for command in [["verify", "--format", "json"], ["pending"], ["send", "--account", "a", "--to", "s"]] {
                    let run = try invites(command + ["--db", db])
                    #expect(run.status == 1 && run.stderr.contains("has lost its data: its data.mdb \(said), though writer.lock"),
                            "\(damage) \(command): \(run.status) \(run.stderr)")
                }
                #expect(!FileManager.default.fileExists(atPath: db + "/data.mdb") || damage == "empty", "a write recreated data.mdb")
            }
        }
    }

    /// A ledger on a file system mounted read-only (an archived copy, a volume mounted `:ro`) is
    /// opened read-only by itself. Needs `mount` (root with CAP_SYS_ADMIN): elsewhere the test says
    /// so and checks nothing more than `--read-only` above.
    @Test func aLedgerOnAReadOnlyFileSystemIsReadWithoutWriting() throws {
        try withTemporaryLedger { db, folder in
            try Self.importScenario(db)
            let mountPoint = folder.appendingPathComponent("mounted")
            try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: false)
            guard Self.run("/bin/mount", ["--bind", folder.path + "/ledger", mountPoint.path]) else {
                print("note: mount --bind is not allowed here; the read-only file system case was not run")
                return
            }
            defer { _ = Self.run("/bin/umount", [mountPoint.path]) }
            guard Self.run("/bin/mount", ["-o", "remount,ro,bind", mountPoint.path]) else {
                print("note: a read-only remount is not allowed here; the read-only file system case was not run")
                return
            }
            let mounted = mountPoint.path
            for arguments in Self.reads {
                let answer = try invites(arguments + ["--db", mounted])
                let usual = try invites(arguments + ["--db", db, "--read-only"])
                #expect(answer.status == usual.status && [0, 3].contains(answer.status),
                        "\(arguments[0]) on a read-only file system: \(answer.stderr)")
                #expect(answer.stdout == usual.stdout, "\(arguments.joined(separator: " ")) differs on a read-only file system")
            }
            let refused = try invites(["rebuild", "--db", mounted])
            #expect(refused.status == 1 && refused.stderr.contains("read-only"), "\(refused.stderr)")
            let send = try invites(Self.writes[0] + ["--db", mounted])
            #expect(send.status == 1 && send.stderr.contains("Read-only file system"), "\(send.stderr)")
        }
    }

    /// Runs a system tool quietly; whether it succeeded.
    static func run(_ tool: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
