import Foundation
import Testing

/// A LinkedIn import beside what other tools and other time zones recorded: whose send a row is, and how a shifted export is named.
@Suite struct LinkedInOtherToolTests {
    typealias Export = LinkedInImportOrderTests

    /// Another tool's send, minutes before the row, closed by the row's minute or after it: the row is a re-invite, or that tool's send (audit 107 F14).
    ///
    /// The tool sent at 10:01:10, inside the window in which an export row of 10:02 counts as the
    /// same send. Withdrawn by 10:02 (inclusive), it cannot be the row's invitation, which is
    /// then recorded as a new one; withdrawn later, it is the row's, counted and not recorded again.
    @Test(arguments: [("2026-01-05T10:01:40Z", true), ("2026-01-05T10:02:00Z", true), ("2026-01-05T10:02:30Z", false)])
    func aToolsSendClosedByTheRowsMinuteIsNotTheRowsInvitation(withdrawnAt: String, reinvited: Bool) throws {
        try withTemporaryLedger { db, folder in
            let tool = """
            {"type":"sent","id":"t-1","invitation":"tool-1","account":"alex","recipient":"linkedin.com/in/zed","source":"crm","at":"2026-01-05T10:01:10Z"}
            {"type":"withdrawn","id":"t-2","invitation":"tool-1","at":"\(withdrawnAt)"}

            """
            try #require(try invites(["import", "-", "--db", db], input: tool).status == 0)
            let export = try Export.export("x", in: folder, invitations: [Export.sent("zed", "1/5/26, 10:02 AM")])
            let run = try Export.importExport(export, db: db)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.object["appended"] as? Int == (reinvited ? 1 : 0) && run.object["rejected"] as? Int == 0, "\(run.stdout)")
            #expect(run.linkedin["outgoing_recorded"] as? Int == (reinvited ? 1 : 0)
                    && run.linkedin["outgoing_recorded_by_others"] as? Int == (reinvited ? 0 : 1), "\(run.stdout)")
            let sends = try invites(["history", "--to", "linkedin.com/in/zed", "--db", db, "--format", "json"]).rows.filter { $0["type"] as? String == "sent" }
            #expect(sends.map { $0["source"] as? String } == (reinvited ? ["crm", "linkedin-export"] : ["crm"]), "\(sends)")
            #expect(sends.map { $0["at"] as? String } == (reinvited ? ["2026-01-05T10:01:10Z", "2026-01-05T10:02:00Z"] : ["2026-01-05T10:01:10Z"]))
        }
    }

    /// An export read in Asia/Kolkata and again in UTC is named 5.50 h off, UTC+05:30; none of its rows is recorded twice (audit 107 F14).
    ///
    /// Without `--tz` the import is refused whole; with `--tz UTC` each row is refused and one
    /// line says that no row could be used, worded for one row or for several.
    @Test(arguments: [1, 2])
    func anExportReadInAZoneOfHalfHoursIsNamedSoWhenReadInUTC(rows: Int) throws {
        try withTemporaryLedger { db, folder in
            let lines = [Export.sent("bob", "1/10/26, 9:00 AM"), Export.sent("carol", "1/11/26, 9:30 AM")]
            let export = try Export.export("x", in: folder, invitations: Array(lines.prefix(rows)))
            let kolkata = try Export.importExport(export, db: db, ["--tz", "Asia/Kolkata"])
            try #require(kolkata.status == 0 && kolkata.object["appended"] as? Int == rows, "\(kolkata.stdout) \(kolkata.stderr)")

            let forgotten = try Export.importExport(export, db: db)
            #expect(forgotten.status == 1, "\(forgotten.stdout)")
            #expect(forgotten.stderr.contains("with this message too, 5.50 h earlier, from a LinkedIn export")
                    && forgotten.stderr.contains("an earlier import read it in a zone at UTC+05:30 then"), "\(forgotten.stderr)")
            #expect(forgotten.stderr.contains("and 1 more row looks shifted so") == (rows == 2), "\(forgotten.stderr)")
            #expect(try invites(["status", "--db", db, "--format", "json"]).object["events"] as? Int == rows)

            let utc = try Export.importExport(export, db: db, ["--tz", "UTC"])
            #expect(utc.status == 0 && utc.object["appended"] as? Int == 0 && utc.object["rejected"] as? Int == rows, "\(utc.stdout)")
            #expect(utc.stderr.contains("5.50 h earlier, from a LinkedIn export: was the export imported before with another --tz?"),
                    "\(utc.stderr)")
            let none = rows == 1 ? "the export's one row could not be used" : "none of the export's 2 rows could be used"
            #expect(utc.stderr.hasSuffix("invites: note: \(none) (listed above): nothing was imported\n"), "\(utc.stderr)")
            #expect(try invites(["status", "--db", db, "--format", "json"]).object["events"] as? Int == rows)
        }
    }

    /// A connection listed twice in one Connections.csv accepts its invitation once and counts the second as a duplicate (audit 107 F14).
    @Test func aConnectionListedTwiceAcceptsOnce() throws {
        try withTemporaryLedger { db, folder in
            let connection = Export.connection("bob", "01 Feb 2026")
            let export = try Export.export("x", in: folder, invitations: [Export.sent("bob", "1/10/26, 9:00 AM")],
                                           connections: [connection, connection])
            let run = try Export.importExport(export, db: db)
            #expect(run.status == 0 && run.object["appended"] as? Int == 2 && run.object["duplicates"] as? Int == 1, "\(run.stdout)")
            #expect(run.linkedin["accepted_by_url"] as? Int == 1 && run.linkedin["accepted_duplicates"] as? Int == 1, "\(run.stdout)")
            let history = try invites(["history", "--to", "linkedin.com/in/bob", "--db", db, "--format", "json"]).rows
            #expect(history.map { $0["type"] as? String } == ["sent", "accepted"], "\(history)")
        }
    }
}
