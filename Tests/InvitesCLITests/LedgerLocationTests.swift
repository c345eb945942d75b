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
}
