import Foundation
import Testing

/// A new user's first hour with the tool (audit 88): paths as typed, options in the wrong place, near-miss times.
@Suite struct FirstHourTests {
    /// A `~` no shell expanded is a folder named `~` here, and a query on it fails instead of answering as empty (F1).
    @Test(arguments: [["check", "--account", "me", "--to", "x"], ["send", "--account", "me", "--to", "x"], ["pending"]])
    func anUnexpandedTildeIsSaid(_ command: [String]) throws {
        try withTemporaryLedger { db, folder in
            #expect(try invites(["send", "--account", "me", "--to", "x", "--db", db]).status == 0)
            let run = try invites(command, cwd: folder, environment: ["INVITES_DB": "~/ledger", "HOME": folder.path])
            #expect(run.status == 1 && run.stderr.contains("no shell expanded its ~"), "\(command): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("~").path))
        }
    }

    /// `status` of a ledger with no event says there is nothing to build, not that the next query builds it (F7).
    @Test func statusOfNoEventSaysThereIsNothingToBuild() throws {
        try withTemporaryLedger { db, _ in
            let status = try invites(["status", "--db", db])
            #expect(status.status == 0 && status.stdout.contains("nothing to build: no event is recorded")
                    && !status.stdout.contains("the next query builds it"), "\(status.stdout)")
            #expect(!FileManager.default.fileExists(atPath: db))
        }
    }
}
