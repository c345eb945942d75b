import Foundation
import LMDB
import Testing

/// The permission bits of a path.
func permissions(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int ?? -1) & 0o777
}

/// The ledger's directory is 0700 and its files 0600, whatever the umask.
@Test func ledgerFilesAreCreatedPrivate() throws {
    try withTemporaryLedger { db, _ in
        let previous = umask(0)
        defer { umask(previous) }
        let run = try invites(["import", "-", "--db", db], input: sentLineText(1))
        #expect(run.status == 0)
        #expect(permissions(db) == 0o700)
        #expect(permissions(db + "/data.mdb") == 0o600)
        #expect(permissions(db + "/lock.mdb") == 0o600)
        #expect(permissions(db + "/writer.lock") == 0o600)
        // So is a new rejects file: refused lines hold people's profiles and notes (audit 68 F5).
        let rejects = db + "-rejects.jsonl"
        defer { try? FileManager.default.removeItem(atPath: rejects) }
        let skipped = try invites(["import", "-", "--db", db, "--skip-invalid", "--rejects", rejects], input: "{\"type\":\"bogus\"}\n")
        #expect(skipped.status == 0 && permissions(rejects) == 0o600, "\(skipped.stderr)")
        #expect(try invites(["pending", "--db", db]).status == 0)  // its first catch-up takes the turn
        #expect(permissions(db + "/catch-up.lock") == 0o600)
    }
}

private func sentLineText(_ n: Int, invitation: String? = nil, account: String = "acct-a", id: String? = nil) -> String {
    #"{"type":"sent","id":"\#(id ?? "e-\(n)")","invitation":"\#(invitation ?? "inv-\(n)")","account":"\#(account)","recipient":"r-\#(n)","at":"2026-01-05T09:30:00Z"}"#
        + "\n"
}

/// A --db that is a file, under a missing parent, or on a read-only filesystem is a clear error (exit 1, `invites: …`).
@Test func badLedgerPathsAreClearErrors() throws {
    try withTemporaryLedger { db, folder in
        let file = folder.appendingPathComponent("plain-file").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        for command in [["import", "-"], ["verify"], ["export"], ["status"]] {
            let onFile = try invites(command + ["--db", file], input: sentLineText(1))
            #expect(onFile.status == 1 && onFile.stderr.hasPrefix("invites: ") && onFile.stderr.contains("is a file"), "\(command): \(onFile.stderr)")
        }
        let missing = folder.appendingPathComponent("no/such/parent/ledger").path
        let create = try invites(["import", "-", "--db", missing], input: sentLineText(1))
        #expect(create.status == 1 && create.stderr.hasPrefix("invites: error: cannot create the ledger directory"), "\(create.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("no").path), "a parent was created")
        let query = try invites(["verify", "--db", missing])
        #expect(query.status == 1 && query.stderr.hasPrefix("invites: error: no ledger at"), "\(query.stderr)")
        // Unwritable: root ignores mode bits, so use a read-only filesystem when one can be mounted.
        if getuid() != 0 {
            let locked = folder.appendingPathComponent("locked").path
            try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o500])
            let denied = try invites(["import", "-", "--db", locked + "/ledger"], input: sentLineText(1))
            #expect(denied.status == 1 && denied.stderr.hasPrefix("invites: error: "), "\(denied.stderr)")
        }
        let readOnly = folder.appendingPathComponent("ro").path
        if mountSmallFilesystem(at: readOnly, size: "1m") {
            defer { runTool("/bin/umount", [readOnly]) }
            #expect(try invites(["import", "-", "--db", readOnly + "/ledger"], input: sentLineText(1)).status == 0)
            #expect(runTool("/bin/mount", ["-o", "remount,ro", readOnly]) == 0)
            let denied = try invites(["import", "-", "--db", readOnly + "/ledger"], input: sentLineText(2))
            #expect(denied.status == 1 && denied.stderr.hasPrefix("invites: error: ") && denied.stderr.contains("Read-only"), "\(denied.stderr)")
            let fresh = try invites(["import", "-", "--db", readOnly + "/other"], input: sentLineText(2))
            #expect(fresh.status == 1 && fresh.stderr.hasPrefix("invites: error: cannot create the ledger directory"), "\(fresh.stderr)")
        } else {
            print("reliability: read-only filesystem case skipped (cannot mount a tmpfs here)")
        }
        _ = db
    }
}

/// Ids, accounts and invitations shaped like paths never become paths: every command writes only inside --db.
@Test func eventContentNeverBecomesAPath() throws {
    try withTemporaryLedger { db, folder in
        let hostile = ["../../escape", "/tmp/invites-escape-\(UUID().uuidString)", "..", "a/../../b", "~/x", "$(touch pwned)"]
        var input = ""
        for (index, name) in hostile.enumerated() {
            input += sentLineText(index + 1, invitation: name, account: name, id: name + "-id")
        }
        let before = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
        #expect(try invites(["import", "-", "--db", db], input: input, cwd: folder).status == 0)
        for command in [["export"], ["verify"], ["status"], ["log"], ["history", "--invitation", hostile[0]]] {
            expectCleanEnding(try invites(command + ["--db", db], cwd: folder), "\(command)")
        }
        let after = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
        let added = Set(after).subtracting(before).sorted()
        #expect(added == ["ledger", "ledger/data.mdb", "ledger/lock.mdb", "ledger/writer.lock"], "\(added)")
        for name in hostile where name.hasPrefix("/") { #expect(!FileManager.default.fileExists(atPath: name)) }
    }
}

/// A ledger this user may read but not write (another user's) is refused with the reason: LMDB must write its lock file even to read;
/// with a lock file it may write, a `data.mdb` it may only read is read read-only.
///
/// Root ignores mode bits, so as root the check runs as `nobody` through `setpriv`, when `nobody`
/// may run the built binary (not when the clone is in a private home folder: then it says so).
@Test func aLedgerThisUserMayReadButNotWriteNamesTheLockFile() throws {
    try withTemporaryLedger { db, folder in
        #expect(try invites(["import", "-", "--db", db], input: sentLineText(1)).status == 0)
        for file in ["data.mdb", "lock.mdb", "writer.lock"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db + "/" + file)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: db)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: db) }
        let run = runAsAnotherUser
        guard try run(["--help"]).status == 0 else {
            print("reliability: the unwritable-ledger case skipped (nobody may not run \(Paths.binary))")
            return
        }
        for command in [["verify"], ["pending"], ["export"]] {
            let refused = try run(command + ["--db", db])
            #expect(refused.status == 1, "\(command[0]): \(refused.stderr)")
            #expect(refused.stderr.contains("lock.mdb") && refused.stderr.contains("copy the folder"), "\(command[0]): \(refused.stderr)")
        }
        // A lock file this user owns: it is told to let itself write it, not to run as its owner (audit 127).
        if getuid() == 0, let nobody = getpwnam("nobody") {
            #expect(chown(db + "/lock.mdb", nobody.pointee.pw_uid, nobody.pointee.pw_gid) == 0)
        }
        let owned = try run(["verify", "--db", db])
        #expect(owned.status == 1 && owned.stderr.contains("give this user write access to it (chmod u+w \(db)/lock.mdb)")
                && !owned.stderr.contains("run as the ledger's owner"), "\(owned.stderr)")
        // With a lock file this user may write, a data.mdb it may only read is read read-only (review 20).
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: db + "/lock.mdb")
        let data = try Data(contentsOf: URL(fileURLWithPath: db + "/data.mdb"))
        for command in [["verify"], ["pending"], ["export"]] {
            let read = try run(command + ["--db", db])
            #expect(read.status == 0, "\(command[0]) of a read-only data.mdb: \(read.stderr)")
        }
        let refused = try run(["withdraw", "--invitation", "inv-1", "--db", db])
        #expect(refused.status == 1 && refused.stderr.contains("read-only"), "\(refused.stderr)")
        #expect(refused.stderr.contains("a data.mdb this user may not write"), "\(refused.stderr)")
        let send = try run(["send", "--account", "acct-a", "--to", "r-9", "--db", db])
        #expect(send.status == 1 && send.stderr.contains("may read its data.mdb but not write it (the commands that only read work on it)"),
                "\(send.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: db + "/data.mdb")) == data)
    }
}

/// A ledger an earlier build wrote, which this user may read but not write: the write's refusal does not promise
/// that reads work, as the upgrade they need writes (audit 59 L1).
@Test func anUnwritableLedgerThatNeedsAnUpgradeSaysReadsFailToo() throws {
    try withTemporaryLedger { db, folder in
        let events = folder.appendingPathComponent("events.jsonl")
        try #require(try ProofStoryTests.python("generate.py", ["--events", "100", "--seed", "2", "--out", events.path]).status == 0)
        try #require(try invites(["import", events.path, "--db", db]).status == 0)
        let levelFour = try MerkleMigrationStoryTests.levelFourNodes(db: db, folder: folder)
        #expect(try MerkleMigrationStoryTests.moveNodesToLegacyLayout(db: db, levelFour: levelFour) > 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db + "/data.mdb")
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: db + "/lock.mdb")
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: db)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: db) }
        guard try runAsAnotherUser(["--help"]).status == 0 else {
            print("reliability: the unwritable legacy ledger case skipped (nobody may not run \(Paths.binary))")
            return
        }
        let send = try runAsAnotherUser(["send", "--account", "acct-a", "--to", "r-9", "--db", db])
        #expect(send.status == 1, "\(send.stderr)")
        #expect(send.stderr.contains("may read its data.mdb but not write it; nor may the commands that only read: "), "\(send.stderr)")
        #expect(send.stderr.contains("must be upgraded once") && !send.stderr.contains("work on it"), "\(send.stderr)")

        // A data.mdb of 0 bytes reads as an empty ledger: the reads work, and the refusal says so (review 69 L3).
        // Without writer.lock, as a first write killed before it began leaves it: beside one, the data was lost (audit 80 F2).
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: db)
        try FileManager.default.removeItem(atPath: db + "/writer.lock")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db + "/data.mdb")
        try Data().write(to: URL(fileURLWithPath: db + "/data.mdb"))
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db + "/data.mdb")
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: db)
        #expect(try runAsAnotherUser(["status", "--db", db]).status == 0)
        let emptySend = try runAsAnotherUser(["send", "--account", "acct-a", "--to", "r-9", "--db", db])
        #expect(emptySend.status == 1 && emptySend.stderr.contains("(the commands that only read work on it)"), "\(emptySend.stderr)")
    }
}

/// A ledger under a folder this user may not enter, or behind a symlink loop, is not taken for a missing one (audit 68 F1):
/// read as "no ledger yet", `check` allowed a connected pair with exit 0 and `verify` said ok.
@Test func aLedgerThatCannotBeLookedAtIsNotTakenForAMissingOne() throws {
    try withTemporaryLedger { _, folder in
        let loop = folder.appendingPathComponent("loop").path
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
        let looped = try invites(["verify", "--db", loop])
        #expect(looped.status == 1 && looped.stderr.contains("cannot open the ledger at \(loop): Too many levels of symbolic links"),
                "\(looped.stdout)\(looped.stderr)")

        let parent = folder.appendingPathComponent("private").path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        let db = parent + "/ledger"
        #expect(try invites(["import", "-", "--db", db], input: sentLineText(1)).status == 0)
        #expect(try invites(["accept", "--invitation", "inv-1", "--db", db, "--at", "2026-01-06T00:00:00Z"]).status == 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        guard try runAsAnotherUser(["--help"]).status == 0 else {
            print("reliability: the unenterable-parent case skipped (nobody may not run \(Paths.binary))")
            return
        }
        guard getuid() == 0 else { return }  // as its owner, the folder can be entered
        for command in [["check", "--account", "acct-a", "--to", "r-1"], ["verify"], ["expire", "--due"], ["pending"]] {
            let refused = try runAsAnotherUser(command + ["--db", db])
            #expect(refused.status == 1, "\(command[0]): \(refused.stderr)")
            #expect(refused.stderr.contains("Permission denied") && !refused.stderr.contains("no ledger at"), "\(command[0]): \(refused.stderr)")
        }
    }
}

/// An LMDB environment another program wrote is refused by every command, reads too, and left as it was (audit 68 F2):
/// reads used to create the ledger's databases in it and grow its map, then answer as for an empty ledger.
@Test func anotherProgramsLMDBDatabaseIsRefusedAndLeftAlone() throws {
    try withTemporaryLedger { _, folder in
        let other = folder.appendingPathComponent("app-db").path
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: false)
        do {
            let environment = try Environment(path: other)
            try environment.write { txn in try txn.put(Array("alice".utf8), forKey: Array("user:1".utf8), in: try txn.mainDatabase()) }
        }
        // One whose plain key is named `log`, which LMDB refuses to open as a database (review 69 L1).
        let plainLog = folder.appendingPathComponent("plain-log").path
        try FileManager.default.createDirectory(atPath: plainLog, withIntermediateDirectories: false)
        do {
            let environment = try Environment(path: plainLog)
            try environment.write { txn in try txn.put(Array("x".utf8), forKey: Array("log".utf8), in: try txn.mainDatabase()) }
        }
        let refusedPlain = try invites(["status", "--db", plainLog])
        #expect(refusedPlain.status == 1 && refusedPlain.stderr.contains("another program (1 entry, no invites log)"), "\(refusedPlain.stderr)")
        let before = try Data(contentsOf: URL(fileURLWithPath: other + "/data.mdb"))
        for command in [["verify"], ["status"], ["pending"], ["import", "-"], ["policy", "--set", "weekly_cap=5"]] {
            let refused = try invites(command + ["--db", other], input: sentLineText(1))
            #expect(refused.status == 1, "\(command[0]): \(refused.stdout)")
            #expect(refused.stderr.contains("holds an LMDB database of another program (1 entry, no invites log)"), "\(command[0]): \(refused.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: other + "/data.mdb")) == before)
    }
}

/// A `ulimit -v` too low for LMDB's map is named as the likely cause of "Cannot allocate memory" (audit 68 F3).
@Test func anAddressSpaceLimitBelowTheMapIsNamed() throws {
    try withTemporaryLedger { db, _ in
        #expect(try invites(["import", "-", "--db", db], input: sentLineText(1)).status == 0)
        let run = try shell("ulimit -v 900000 && exec \"$INVITES\" status --db \(shellQuoted(db))")
        let text = run.stderr
        #expect(run.status == 1, "\(text)")
        #expect(text.contains("Cannot allocate memory (LMDB maps the ledger into 1024 MiB of address space or more"), "\(text)")
        #expect(text.contains("; this process may use 878 MiB (ulimit -v))"), "\(text)")
    }
}

/// A file-size limit that cuts a commit short is named beside the full disk, and a temporary folder that fails is named
/// with `$TMPDIR` (audit 68 F7): the user otherwise looks at the ledger's disk.
@Test func aFileSizeLimitAndATemporaryFolderAreNamedWhenTheyFail() throws {
    try withTemporaryLedger { db, folder in
        let events = folder.appendingPathComponent("events.jsonl")
        try #require(try ProofStoryTests.python("generate.py", ["--events", "3000", "--seed", "3", "--out", events.path]).status == 0)
        let run = try shell("ulimit -f 200 && exec \"$INVITES\" import \(shellQuoted(events.path)) --db \(shellQuoted(db))")
        let text = run.stderr
        #expect(run.status == 1, "\(text)")
        #expect(text.contains("the disk is full or failing (or this process's file-size limit, ulimit -f: "), "\(text)")
        #expect(!FileManager.default.fileExists(atPath: db))

        let spooled = try invites(["import", "-", "--db", db], input: "", environment: ["TMPDIR": folder.path + "/missing"])
        #expect(spooled.status == 1)
        #expect(spooled.stderr.contains("cannot create a temporary file for standard input in \(folder.path)/missing/ ($TMPDIR): "
                                        + "No such file or directory"), "\(spooled.stderr)")
    }
}

/// Runs the built binary with `arguments` as `nobody` when this is root (root ignores mode bits), else as this user.
///
/// Gives its exit status and standard error.
private func runAsAnotherUser(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
    let prefix = getuid() == 0 ? "/usr/bin/setpriv --reuid=nobody --regid=nogroup --clear-groups " : ""
    let run = try shell(prefix + "\"$INVITES\" " + arguments.map(shellQuoted).joined(separator: " "))
    return (run.status, run.stderr)
}

/// `text` in single quotes for `/bin/sh`.
private func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
