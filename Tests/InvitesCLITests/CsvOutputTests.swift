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

    /// The CSV of `pending`, `cooldown` and `metrics` holds the JSON answer: the JSON's keys as its
    /// header, in order, and each value in its column (`null` as an empty field). Review 13: a
    /// wrong value in these three CSVs (a swapped rate, a dropped time) went unnoticed.
    @Test(arguments: [["pending"], ["cooldown"], ["metrics", "--by", "source"], ["metrics", "--by", "template"]])
    func csvCarriesTheJSONAnswer(command: [String]) throws {
        try withTemporaryLedger { db, _ in
            let lines = [
                #"{"type":"sent","invitation":"i1","account":"a","recipient":"r1","source":"s1","template":"t1","note":"hi, \"you\"","at":"2026-01-01T00:00:00Z"}"#,
                #"{"type":"reminded","invitation":"i1","at":"2026-01-03T10:00:00.250Z"}"#,
                #"{"type":"sent","invitation":"i2","account":"a","recipient":"r2","source":"s2","at":"2026-01-02T00:00:00Z"}"#,
                #"{"type":"accepted","invitation":"i2","at":"2026-01-04T00:00:00Z"}"#,
                #"{"type":"sent","invitation":"i3","account":"b","recipient":"r3","source":"s1","at":"2026-01-02T00:00:00Z"}"#,
                #"{"type":"withdrawn","invitation":"i3","at":"2026-01-05T00:00:00Z"}"#,
                #"{"type":"sent","invitation":"i4","account":"b","recipient":"r4","source":"s2","template":"t1","at":"2026-01-06T00:00:00Z"}"#,
            ]
            try #require(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
            let now = ["--now", "2026-01-20T00:00:00Z", "--db", db]
            let json = try invites(command + now + ["--format", "json"])
            let csv = try invites(command + now + ["--format", "csv"])
            let text = try #require(json.stdout.data(using: .utf8))
            // Keys in the order printed: JSONSerialization forgets it, so read them from the text.
            let keys = try JSONKeyOrder.firstObjectKeys(in: json.stdout)
            let rows = records(csv.stdout)
            let objects = try #require(try JSONSerialization.jsonObject(with: text) as? [[String: Any]])
            try #require(!objects.isEmpty)
            #expect(rows.first == keys)
            #expect(rows.count == objects.count + 1)
            for (object, row) in zip(objects, rows.dropFirst()) {
                for (index, key) in keys.enumerated() where index < row.count {
                    let field = row[index]
                    switch object[key] {
                    case is NSNull, nil: #expect(field == "", "\(key)")
                    case let number as NSNumber where field == "true" || field == "false":
                        #expect(number.boolValue == (field == "true"), "\(key)")
                    case let number as NSNumber: #expect(Double(field) == number.doubleValue, "\(key): \(field) vs \(number)")
                    case let string as String: #expect(field == string, "\(key)")
                    default: Issue.record("\(key): unexpected JSON value")
                    }
                }
            }
        }
    }

    @Test func historyGivesEachFieldItsOwnColumnInFull() throws {
        try withImportedLedger { db in
            let run = try invites(["history", "--to", "name:mary ann smith", "--db", db, "--format", "csv"])
            #expect(run.status == 0)
            let rows = records(run.stdout)
            #expect(rows.first == ["position", "at", "type", "invitation", "account", "recipient", "id", "source",
                                   "note", "template", "reason", "by", "recorded_at", "hash"])
            #expect(rows.count == 3)
            #expect(rows[1][1] == "2023-11-13T12:00:00Z")
            #expect(rows[1][8] == "Hi Mary Ann, we met at \"SwiftConf\", remember?\nWould love to connect!")
            #expect(rows[2][2] == "accepted")
            #expect(rows[2][8] == "")
            #expect(rows[1][0] == "3")
            #expect(rows[1][12].hasSuffix("Z") && rows[1][12].count >= 20)
            // The chain hash, as the JSON history gives it.
            let json = try invites(["history", "--to", "name:mary ann smith", "--db", db, "--format", "json"]).rows
            #expect(rows.dropFirst().map { $0[13] } == json.compactMap { $0["hash"] as? String } && rows[1][13].count == 64)
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
            #expect(status.first == ["field", "value"])
            #expect(status.contains(["events", "6"]))
            // Named by the JSON's path, as the other commands' CSV keep the field names (audit 82 F5).
            #expect(status.contains(["position", "6"]) && status.contains(["policy.note_limit", "300"])
                    && status.contains { $0.first == "projections.pending.lag" } && status.contains { $0.first == "bytes" }, "\(status)")
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

/// The keys of the first object of a JSON array, in the order the text gives them.
enum JSONKeyOrder {
    struct NotAnArrayOfObjects: Error {}

    static func firstObjectKeys(in text: String) throws -> [String] {
        guard let start = text.firstIndex(of: "{"), let end = text[start...].firstIndex(of: "}") else { throw NotAnArrayOfObjects() }
        // The values of these answers hold no braces, and their strings no `":` inside.
        var keys: [String] = []
        var rest = text[text.index(after: start)..<end]
        while let open = rest.firstIndex(of: "\"") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "\"") else { break }
            let key = String(rest[afterOpen..<close])
            let afterClose = rest.index(after: close)
            guard afterClose < rest.endIndex, rest[afterClose] == ":" else { throw NotAnArrayOfObjects() }
            keys.append(key)
            // Skip the value: a string, or up to the next comma.
            var cursor = rest.index(after: afterClose)
            if cursor < rest.endIndex, rest[cursor] == "\"" {
                cursor = rest.index(after: cursor)
                while cursor < rest.endIndex, rest[cursor] != "\"" {
                    if rest[cursor] == "\\" { cursor = rest.index(after: cursor) }
                    cursor = rest.index(after: cursor)
                }
                cursor = rest.index(after: cursor)
            }
            guard let comma = rest[cursor...].firstIndex(of: ",") else { break }
            rest = rest[rest.index(after: comma)...]
        }
        return keys
    }
}
