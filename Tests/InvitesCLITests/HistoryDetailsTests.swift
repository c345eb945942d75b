import Foundation
import Testing

/// The optional fields of a history's events as the table (its "details") and CSV (a column each) show them.
@Suite struct HistoryDetailsTests {
    /// i1: a send with source, template and note, then withdrawn with a reason; i2: a bare send, then expired by `expire --due`.
    static func ledgerWithAWithdrawAndAPolicyExpiry(db: String) throws {
        let lines = """
        {"type":"sent","id":"e-1","invitation":"i1","account":"a","recipient":"r1","source":"crm","template":"t1","note":"Hi \\"Jo\\"","at":"2026-01-01T09:00:00Z"}
        {"type":"sent","id":"e-2","invitation":"i2","account":"a","recipient":"r2","at":"2026-01-02T09:00:00Z"}
        {"type":"withdrawn","id":"e-3","invitation":"i1","reason":"no reply","at":"2026-01-05T09:00:00Z"}

        """
        try #require(try invites(["import", "-", "--db", db], input: lines).status == 0)
        let due = try invites(["expire", "--due", "--now", "2026-08-01T00:00:00Z", "--db", db, "--format", "json"])
        try #require(due.status == 0 && due.object["appended"] as? Int == 1, "\(due.stdout) \(due.stderr)")
    }

    /// The table's details column sums up each event's optional fields: the withdraw's reason, the policy expiry's `by` (audit 107 F11).
    @Test(arguments: [
        (["--invitation", "i1"], ["source crm, template t1, note \"Hi \\\"Jo\\\"\"", "reason no reply"]),
        (["--to", "r2"], ["source unknown", "by policy"]),
    ])
    func theTableSaysWhyAndByWhomAnInvitationWasClosed(naming: [String], details: [String]) throws {
        try withTemporaryLedger { db, _ in
            try Self.ledgerWithAWithdrawAndAPolicyExpiry(db: db)
            let run = try invites(["history", "--db", db] + naming)
            #expect(run.status == 0, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n").map { Array($0) }
            try #require(lines.count == 4, "\(run.stdout)")
            let column = try #require(String(lines[0]).range(of: "details")).lowerBound.utf16Offset(in: String(lines[0]))
            #expect(lines[2...].map { String($0[column...]) } == details, "\(run.stdout)")
        }
    }

    /// CSV gives `reason` and `by` columns of their own, empty where an event has none, in the header's order (audit 107 F11).
    @Test func theCSVHasTheReasonAndByInTheirOwnColumns() throws {
        try withTemporaryLedger { db, _ in
            try Self.ledgerWithAWithdrawAndAPolicyExpiry(db: db)
            let run = try invites(["history", "--to", "r1", "--db", db, "--format", "csv"])
            let other = try invites(["history", "--to", "r2", "--db", db, "--format", "csv"])
            #expect(run.status == 0 && other.status == 0, "\(run.stderr) \(other.stderr)")
            let header = "position,at,type,invitation,account,recipient,id,source,note,template,reason,by,recorded_at,hash"
            // RFC 4180 lines, ended by CRLF.
            let rows = Array(run.stdout.components(separatedBy: "\r\n").dropLast() + other.stdout.components(separatedBy: "\r\n").dropLast().dropFirst())
            try #require(rows.count == 5 && rows[0] == header, "\(run.stdout)\(other.stdout)")
            // The columns up to `by`; the clock's recorded_at and the 64 hex digits of the hash follow.
            let expected = [
                #"1,2026-01-01T09:00:00Z,sent,i1,a,r1,e-1,crm,"Hi ""Jo""",t1,,,"#,
                "3,2026-01-05T09:00:00Z,withdrawn,i1,a,r1,e-3,,,,no reply,,",
                "2,2026-01-02T09:00:00Z,sent,i2,a,r2,e-2,unknown,,,,,",
                "4,2026-07-03T09:00:00Z,expired,i2,a,r2,expire:i2,,,,,policy,",
            ]
            for (row, start) in zip(rows.dropFirst(), expected) {
                #expect(row.hasPrefix(start), "\(row) does not start \(start)")
                let rest = row.dropFirst(start.count).split(separator: ",", omittingEmptySubsequences: false)
                #expect(rest.count == 2 && rest[0].hasSuffix("Z") && rest[1].count == 64, "\(row)")
            }
        }
    }
}
