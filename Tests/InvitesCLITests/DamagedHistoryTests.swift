import Foundation
import Testing

/// `history` and every reader of the head name damage to the log under them instead of answering with less (SPEC §3 `history`).
@Suite struct DamagedHistoryTests {
    /// An invitation's reminder whose log record is gone fails `history` with the indexes' word for it, not a shorter list (audit 107 F20).
    @Test func historyOfAnInvitationWhoseEventIsMissingFails() throws {
        try withTemporaryLedger { db, _ in
            let lines = """
            {"type":"sent","id":"e-1","invitation":"inv-1","account":"A","recipient":"linkedin.com/in/ann","at":"2026-01-05T09:00:00Z"}
            {"type":"reminded","id":"e-2","invitation":"inv-1","at":"2026-01-06T09:00:00Z"}
            {"type":"accepted","id":"e-3","invitation":"inv-1","at":"2026-01-07T09:00:00Z"}
            """
            #expect(try invites(["import", "-", "--db", db], input: lines).status == 0)
            let intact = try invites(["history", "--invitation", "inv-1", "--db", db, "--format", "json"])
            #expect(intact.status == 0 && intact.rows.count == 3, "\(intact.stdout)")
            try LogTampering.removeRecord(at: 2, ledger: db)
            for query in [["--invitation", "inv-1"], ["--to", "linkedin.com/in/ann"]] {
                let damaged = try invites(["history"] + query + ["--db", db, "--format", "json"])
                #expect(damaged.status == 1, "\(query): \(damaged.stdout)")
                #expect(damaged.rows.isEmpty, "\(query) listed what is left: \(damaged.stdout)")
                #expect(damaged.stderr.contains("position 2: the indexes name an event that is missing from the log"), "\(query): \(damaged.stderr)")
            }
        }
    }

    /// A record gone from the log fails the queries that fold it into projections, instead of answering with less (audit 127).
    ///
    /// Projections built before the damage answer from what they hold, as they did; a build, a rebuild and a fold as of a time read the log.
    @Test func queriesOverALogWithARecordMissingFail() throws {
        try withTemporaryLedger { db, _ in
            var lines = ""
            for index in 1...8 {
                lines += #"{"type":"sent","invitation":"inv-\#(index)","account":"A","recipient":"r\#(index)","at":"2026-01-0\#(index)T09:00:00Z"}"# + "\n"
            }
            #expect(try invites(["import", "-", "--db", db], input: lines).status == 0)
            try LogTampering.removeRecord(at: 7, ledger: db)
            for query in [["pending"], ["metrics"], ["pending", "--as-of", "2026-01-10T00:00:00Z"], ["pending", "--position", "7"],
                          ["metrics", "--position", "7"], ["rebuild", "pending"]] {
                let damaged = try invites(query + ["--db", db, "--format", "json"])
                #expect(damaged.status == 1 && damaged.stderr.contains("position 7: the event at position 7 is missing from the log"),
                        "\(query): \(damaged.stderr)")
            }
            try LogTampering.removeRecord(at: 8, ledger: db)  // the head's own record: the log ends early
            let short = try invites(["pending", "--as-of", "2026-01-10T00:00:00Z", "--db", db, "--format", "json"])
            #expect(short.status == 1 && short.stderr.contains("invites: verification_failed: position 7: "), "\(short.stderr)")
        }
    }

    /// A stored head cut to 12 bytes is named as damaged by `status` and `verify`, not read as some position (audit 107 F20).
    @Test func aHeadOfTheWrongLengthIsDamage() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: DamagedLedgerTests.lines).status == 0)
            let head = try #require(try LogTampering.value(ofKey: Array("head".utf8), in: "meta", ledger: db))
            try LogTampering.setValue(Array(head.prefix(12)), ofKey: Array("head".utf8), in: "meta", ledger: db)
            for query in [["status"], ["status", "--format", "json"], ["verify"], ["pending"]] {
                let answer = try invites(query + ["--db", db])
                #expect(answer.status == 1, "\(query): \(answer.stdout)")
                #expect(answer.stderr.contains("the stored head is damaged"), "\(query): \(answer.stderr)")
            }
        }
    }
}
