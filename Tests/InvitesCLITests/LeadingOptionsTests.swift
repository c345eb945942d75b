import Foundation
import Testing

/// `--db` and `--format` before the command's name mean the same as after it.
@Suite struct LeadingOptionsTests {
    @Test func dbAndFormatBeforeTheCommandAreTheCommandsOwn() throws {
        try withTemporaryLedger { db, _ in
            let sent = try invites(["--db", db, "--format=json", "send", "--account", "a", "--to", "linkedin.com/in/x",
                                    "--at", "2026-01-05T09:30:00Z"])
            #expect(sent.status == 0, "\(sent.stderr)")
            #expect(sent.object["appended"] as? Int == 1)
            let pending = try invites(["--format", "json", "--db=\(db)", "pending", "--now", "2026-01-06T00:00:00Z"])
            #expect(pending.status == 0, "\(pending.stderr)")
            #expect(pending.rows.map { $0["recipient"] as? String } == ["linkedin.com/in/x"])
            let after = try invites(["pending", "--now", "2026-01-06T00:00:00Z", "--db", db, "--format", "json"])
            #expect(after.stdout == pending.stdout)
        }
    }

    @Test func otherLeadingArgumentsAreLeftToTheParser() throws {
        try withTemporaryLedger { db, _ in
            let unknown = try invites(["--now", "2026-01-06T00:00:00Z", "--db", db, "pending"])
            #expect(unknown.status == 64)
            let noCommand = try invites(["--db", db])
            #expect(noCommand.status == 64)
            let notACommand = try invites(["--db", db, "pendng"])
            #expect(notACommand.status == 64)
            #expect(!FileManager.default.fileExists(atPath: db))
        }
    }
}
