import Foundation
import Testing

/// Where the ledger lives: a removed working directory, odd files in the ledger's folder, a pasted path, another user's ledger (audit 115).
@Suite struct LedgerLocationTests {
    /// Runs `command` (after `"$INVITES" `) in a folder of `folder` that is removed first, as a shell left there would.
    private func inARemovedFolder(_ folder: URL, _ command: String) throws -> RunResult {
        try shell("mkdir gone && cd gone && rmdir ../gone && exec \"$INVITES\" \(command)", cwd: folder)
    }

    /// A relative ledger path from a removed working directory is refused, writes and queries alike, exit 1; an absolute one works (F1).
    @Test func aRemovedWorkingDirectoryIsSaid() throws {
        try withTemporaryLedger { db, folder in
            let expected = "invites: error: the working directory was removed (\(folder.path)/gone, as $PWD says), so the relative ledger path "
            for (command, path) in [("send --account a --to b", "./invites-ledger"), ("pending", "./invites-ledger"),
                                    ("check --account a --to b", "./invites-ledger"), ("send --account a --to b --db rel", "rel"),
                                    ("import - --db ../rel </dev/null", "../rel"), ("log --follow --db rel", "rel"),
                                    ("expire --due --db rel", "rel"), ("status --db rel", "rel")] {
                let run = try inARemovedFolder(folder, command)
                #expect(run.status == 1 && run.stdout.isEmpty, "\(command): \(run.stdout)\(run.stderr)")
                #expect(run.stderr == expected + "\(path) leads to no folder and nothing was read or written: cd to an existing folder "
                        + "or give --db an absolute path\n", "\(command): \(run.stderr)")
            }
            let relative = try shell("mkdir gone && cd gone && rmdir ../gone && INVITES_DB=rel exec \"$INVITES\" pending", cwd: folder)
            #expect(relative.status == 1 && relative.stderr.contains("the relative ledger path rel leads to no folder"), "\(relative.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
            // An absolute path does not depend on the working directory.
            #expect(try inARemovedFolder(folder, "send --account a --to b --db '\(db)'").status == 0)
            let pending = try inARemovedFolder(folder, "pending --format json --db '\(db)'")
            #expect(pending.status == 0 && pending.rows.count == 1, "\(pending.stdout)\(pending.stderr)")
        }
    }

    /// A data.mdb that is a symbolic link to nothing, a FIFO, a socket or a device is refused by writes and queries, exit 1,
    /// and nothing is created or hung on; a symbolic link to a regular file serves (F3).
    @Test func aDataFileThatIsNoFileIsRefused() throws {
        try withTemporaryLedger { db, folder in
            try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: false)
            let data = db + "/data.mdb", target = folder.appendingPathComponent("moved.mdb").path
            let kinds: [(make: String, said: String)] = [
                ("ln -s '\(target)' '\(data)'", "is a symbolic link to \(target), which leads to no file, and nothing was created through it; "
                    + "restore the file it leads to, or remove the link to start a new ledger there"),
                ("mkfifo '\(data)'", "is a FIFO (named pipe), not a regular file, and nothing was read or written through it; "
                    + "restore data.mdb from a backup, or point --db at the ledger's folder"),
                ("python3 -c 'import socket; socket.socket(socket.AF_UNIX).bind(\"\(data)\")'", "is a socket, not a regular file"),
                ("ln -s /dev/null '\(data)'", "is a symbolic link to /dev/null, which is a character device, not a regular file"),
            ]
            for kind in kinds {
                try? FileManager.default.removeItem(atPath: data)
                #expect(try shell(kind.make).status == 0)
                for command in [["send", "--account", "a", "--to", "b"], ["import", "-"], ["pending"], ["status", "--read-only"],
                                ["send", "--account", "a", "--to", "b", "--read-only"], ["log", "--follow"], ["expire", "--due"],
                                ["check", "--account", "a", "--to", "b"]] {
                    let run = try invites(command + ["--db", db], input: "")
                    #expect(run.status == 1 && run.stdout.isEmpty, "\(kind.make) \(command[0]): \(run.stdout)\(run.stderr)")
                    #expect(run.stderr.hasPrefix("invites: error: the ledger at \(db) cannot be opened: its data.mdb \(kind.said)"),
                            "\(kind.make) \(command[0]): \(run.stderr)")
                }
                #expect(try FileManager.default.contentsOfDirectory(atPath: db) == ["data.mdb"], "\(kind.make)")
                #expect(!FileManager.default.fileExists(atPath: target))
            }
            // A symbolic link to the ledger's real data file serves as the file does.
            try FileManager.default.removeItem(atPath: db)
            #expect(try invites(["send", "--account", "a", "--to", "b", "--db", db]).status == 0)
            try FileManager.default.moveItem(atPath: data, toPath: target)
            try FileManager.default.createSymbolicLink(atPath: data, withDestinationPath: target)
            #expect(try invites(["send", "--account", "a", "--to", "c", "--db", db]).status == 0)
            let pending = try invites(["pending", "--format", "json", "--db", db])
            #expect(pending.status == 0 && pending.rows.count == 2, "\(pending.stdout)\(pending.stderr)")
            // A lock file's link to a file not made yet (kept on tmpfs, emptied at each boot) is made through, as LMDB does (review 120).
            let lockTarget = db + "-lock-on-tmpfs"
            try FileManager.default.removeItem(atPath: db + "/lock.mdb")
            try FileManager.default.createSymbolicLink(atPath: db + "/lock.mdb", withDestinationPath: lockTarget)
            let throughLink = try invites(["pending", "--format", "json", "--db", db])
            #expect(throughLink.status == 0 && throughLink.rows.count == 2, "\(throughLink.stderr)")
            #expect(FileManager.default.fileExists(atPath: lockTarget))
        }
    }

    /// A --db or $INVITES_DB with blanks around it or a control character in it is a malformed command line (exit 64) showing
    /// it escaped, unless something is at exactly that path (F9): it made a new ledger at a name no one meant.
    @Test func aPastedLedgerPathIsRefused() throws {
        try withTemporaryLedger { _, folder in
            let tail = ", and nothing is at exactly that path: a path copied with what was around it names another folder, where a new ledger "
                + "would be made; "
            let cases: [(arguments: [String], environment: [String: String], said: String)] = [
                (["pending", "--db", " ./ledger"], [:], #"--db " ./ledger" begins with a space"# + tail + "write --db ./ledger"),
                (["--db", "ledger ", "send", "--account", "a", "--to", "b"], [:], #"--db "ledger " ends with a space"# + tail + "write --db ledger"),
                (["send", "--account", "a", "--to", "b"], ["INVITES_DB": "ledger\n"],
                 #"INVITES_DB "ledger\n" ends with a line break (\n)"# + tail + "set INVITES_DB=ledger"),
                (["import", "-"], ["INVITES_DB": "\tmy ledger"], #"INVITES_DB "\tmy ledger" begins with a tab"# + tail + "set INVITES_DB='my ledger'"),
                (["status", "--db", "led\u{7}ger"], [:], #"--db "led\u0007ger" holds a control character (U+0007)"# + tail + "remove it"),
                (["check", "--account", "a", "--to", "b", "--db", " x\u{1b}[2J"], [:],
                 #"--db " x\u001b[2J" begins with a space and holds a control character (U+001B)"# + tail + "remove them"),
            ]
            for (arguments, environment, said) in cases {
                let run = try invites(arguments, input: "", cwd: folder, environment: environment)
                #expect(run.status == 64 && run.stderr.hasPrefix("Error: \(said)\n"), "\(arguments): \(run.stderr)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
            // A ledger already at exactly that path is used as it is.
            #expect(try invites(["send", "--account", "a", "--to", "b", "--db", "ledger"], cwd: folder).status == 0)
            try FileManager.default.moveItem(atPath: folder.appendingPathComponent("ledger").path,
                                             toPath: folder.appendingPathComponent(" ledger").path)
            let pending = try invites(["pending", "--format", "json", "--db", " ledger"], cwd: folder)
            #expect(pending.status == 0 && pending.rows.count == 1, "\(pending.stderr)")
            let viaEnvironment = try invites(["send", "--account", "a", "--to", "c"], cwd: folder, environment: ["INVITES_DB": " ledger"])
            #expect(viaEnvironment.status == 0, "\(viaEnvironment.stderr)")
            // So is a folder made with that name on purpose, and verify-proof, which opens no ledger, never looks (review 120).
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("archive "), withIntermediateDirectories: false)
            #expect(try invites(["send", "--account", "a", "--to", "b", "--db", "archive "], cwd: folder).status == 0)
            let proof = try invites(["prove", "--position", "1", "--db", " ledger"], cwd: folder)
            #expect(proof.status == 0, "\(proof.stderr)")
            let file = folder.appendingPathComponent("proof.json")
            try Data(proof.stdout.utf8).write(to: file)
            let checked = try invites(["verify-proof", file.path], cwd: folder, environment: ["INVITES_DB": "nowhere\n"])
            #expect(checked.status == 0 && checked.stdout == "{\"ok\":true}\n", "\(checked.stderr)")
        }
    }

    /// Runs the binary with `arguments` as `nobody`, as a job of another user would run it; nil when this is not root or `nobody` may not run it.
    private func runAsNobody(_ arguments: [String]) throws -> RunResult? {
        guard getuid() == 0, try shell("/usr/bin/setpriv --reuid=nobody --regid=nogroup --clear-groups \"$INVITES\" --help").status == 0 else {
            return nil
        }
        let words = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        return try shell("/usr/bin/setpriv --reuid=nobody --regid=nogroup --clear-groups \"$INVITES\" " + words)
    }

    /// Another user's ledger is refused naming whose it is and what to do: run as that user, or have it change the permissions (F10).
    @Test func anotherUsersLedgerNamesItsOwner() throws {
        try withTemporaryLedger { db, folder in
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
            #expect(try invites(["send", "--account", "a", "--to", "b", "--db", db]).status == 0)
            guard try runAsNobody(["--help"]) != nil else {
                print("ledger location: the other user's ledger case skipped (not root, or nobody may not run \(Paths.binary))")
                return
            }
            let advice = "a ledger is meant for one user: run invites as root, or have root change its permissions (chmod, chown)\n"
            for command in [["pending"], ["send", "--account", "a", "--to", "c"], ["check", "--account", "a", "--to", "c"]] {
                let run = try runAsNobody(command + ["--db", db])
                #expect(run?.status == 1 && run?.stderr.hasPrefix("invites: error: cannot open the ledger at \(db): Permission denied: its "
                        + "folder belongs to root (uid 0), and this user (nobody, uid ") == true, "\(command[0]): \(run?.stderr ?? "")")
                #expect(run?.stderr.hasSuffix("may not read it; " + advice) == true, "\(command[0]): \(run?.stderr ?? "")")
            }
            // A folder on its path this user may not enter is named, and so is the folder a new ledger cannot be made in.
            let parent = folder.appendingPathComponent("private").path
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            let hidden = try runAsNobody(["pending", "--db", parent + "/ledger"])
            #expect(hidden?.stderr.contains("Permission denied: \(parent), a folder on its path, belongs to root (uid 0)") == true
                    && hidden?.stderr.hasSuffix("may not enter it; " + advice) == true, "\(hidden?.stderr ?? "")")
            let created = try runAsNobody(["send", "--account", "a", "--to", "b", "--db", folder.path + "/new"])
            #expect(created?.status == 1 && created?.stderr.contains("cannot create the ledger directory \(folder.path)/new: Permission denied: its "
                    + "folder \(folder.path) belongs to root (uid 0)") == true && created?.stderr.hasSuffix("may not write in it; " + advice) == true,
                    "\(created?.stderr ?? "")")
            // A ledger another user may read but not write: the write names whose it is, the reads answer.
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: db)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db + "/data.mdb")
            try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: db + "/lock.mdb")
            let readable = try runAsNobody(["send", "--account", "a", "--to", "c", "--db", db])
            #expect(readable?.status == 1 && readable?.stderr.contains("this user may read its data.mdb but not write it (the commands that only "
                    + "read work on it); data.mdb belongs to root (uid 0): a ledger is meant for one user, so write as that user\n") == true, "\(readable?.stderr ?? "")")
            #expect(try runAsNobody(["pending", "--db", db])?.status == 0)
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: db)
            // An owner with no name is named by its uid; a ledger of this user's own with no permissions left says to give them back.
            #expect(chown(db, 54321, 0) == 0)
            let unnamed = try runAsNobody(["status", "--db", db])
            #expect(unnamed?.stderr.contains("belongs to uid 54321, a user with no name here") == true
                    && unnamed?.stderr.contains("run invites as uid 54321, or have uid 54321 change") == true, "\(unnamed?.stderr ?? "")")
            let own = folder.appendingPathComponent("own").path
            try FileManager.default.createDirectory(atPath: own, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o000])
            #expect(try shell("chown nobody '\(own)'").status == 0)
            let locked = try runAsNobody(["pending", "--db", own])
            #expect(locked?.status == 1 && locked?.stderr.contains("its folder belongs to this user (nobody, uid ") == true
                    && locked?.stderr.hasSuffix("but its permissions do not let this user read it; give them back (chmod u+rwX)\n") == true,
                    "\(locked?.stderr ?? "")")
        }
    }
}
