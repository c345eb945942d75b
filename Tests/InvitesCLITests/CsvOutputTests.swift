import Foundation
import LinkedInExport
import Testing

/// `--format csv` of every command that prints a table: RFC 4180, a header row, full RFC 3339 times.
@Suite struct CsvOutputTests {
    /// A ledger holding the 2023 LinkedIn fixture: notes with quotes, commas and line breaks.
    private func withImportedLedger(_ body: (String) throws -> Void) throws {
        try withTemporaryLedger { db, _ in
            let run = try invites(["import", "--from", "linkedin", LinkedInFixtures.path("linkedin-2023"),
                                   "--account", "alex", "--db", db])
            try #require(run.status == 0, "\(run.stderr)")
            try body(db)
        }
    }

    /// The records of CSV text, checked to end in CRLF (RFC 4180).
    private func records(_ text: String) -> [[String]] {
        #expect(text.hasSuffix("\r\n"))
        return CSVReader.records(in: text).map(\.fields)
    }

    @Test func historyGivesEachFieldItsOwnColumnInFull() throws {
        try withImportedLedger { db in
            let run = try invites(["history", "--to", "name:mary ann smith", "--db", db, "--format", "csv"])
            #expect(run.status == 0)
            let rows = records(run.stdout)
            #expect(rows.first == ["position", "at", "type", "invitation", "account", "recipient", "id", "source",
                                   "note", "template", "reason", "by", "recorded_at"])
            #expect(rows.count == 3)
            #expect(rows[1][1] == "2023-11-13T12:00:00Z")
            #expect(rows[1][8] == "Hi Mary Ann, we met at \"SwiftConf\", remember?\nWould love to connect!")
            #expect(rows[2][2] == "accepted")
            #expect(rows[2][8] == "")
            #expect(rows[1][0] == "3")
            #expect(rows[1][12].hasSuffix("Z") && rows[1][12].count >= 20)
            // The quoting itself, as a CRM reads it.
            #expect(run.stdout.contains(",\"Hi Mary Ann, we met at \"\"SwiftConf\"\", remember?\nWould love to connect!\","))
        }
    }

    @Test func theTerminalTableKeepsItsShortForm() throws {
        try withImportedLedger { db in
            let run = try invites(["history", "--to", "name:mary ann smith", "--db", db])
            #expect(run.stdout.contains("2023-11-13 12:00"))
            #expect(run.stdout.contains("details"))
            #expect(!run.stdout.contains("recorded_at"))
        }
    }

    @Test func statusPolicyAndVerifyWriteOneValuePerField() throws {
        try withImportedLedger { db in
            let status = records(try invites(["status", "--db", db, "--format", "csv"]).stdout)
            #expect(status.first == ["item", "value"])
            #expect(status.contains(["events", "6"]))
            #expect(status.allSatisfy { $0.count == 2 })

            let policy = records(try invites(["policy", "--db", db, "--format", "csv"]).stdout)
            #expect(policy.first == ["key", "value"])
            #expect(policy.contains(["note_limit", "300"]))

            let verify = records(try invites(["verify", "--db", db, "--format", "csv"]).stdout)
            #expect(verify.first == ["ok", "events", "position", "hash", "error"])
            #expect(verify.count == 2)
            #expect(verify[1][0] == "true" && verify[1][1] == "6" && verify[1][3].count == 64 && verify[1][4] == "")
        }
    }

    @Test func importSummariesAreOneRecordWithAHeader() throws {
        try withTemporaryLedger { db, _ in
            let line = #"{"type":"sent","at":"2026-01-05T09:30:00Z","account":"a","recipient":"linkedin.com/in/x"}"#
            let jsonl = records(try invites(["import", "-", "--db", db, "--format", "csv"], input: line + "\n").stdout)
            #expect(jsonl == [["appended", "duplicates", "rejected", "first_position", "last_position", "invitations"],
                              ["1", "0", "0", "1", "1", "inv-1"]])

            let linkedin = records(try invites(["import", "--from", "linkedin", LinkedInFixtures.path("linkedin-2026-01"),
                                                "--account", "alex", "--db", db, "--format", "csv"]).stdout)
            #expect(linkedin.count == 2)
            #expect(Array(linkedin[0].prefix(6)) == ["appended", "duplicates", "rejected", "first_position",
                                                     "last_position", "invitations"])
            #expect(linkedin[0].contains("accepted_by_url"))
            #expect(linkedin[1][0] == "5")
        }
    }
}
