import Foundation
import Testing

/// `history` limited by `--position` (and `--as-of`): what counts, and how a refusal names the limit.
@Suite struct HistoryAtPositionTests {
    /// An invitation sent after the report's position is "not yet sent at position N", one never sent "never sent at position N" (audit 107 F17).
    ///
    /// The ledger: i1 sent at position 1, i2 at 2, i1 withdrawn at 3, i2 expired at 4.
    @Test(arguments: [
        (["--invitation", "i2", "--position", "1"],
         "invitation i2 was not yet sent at position 1 (it was sent at position 2, dated 2026-01-02T09:00:00Z)"),
        (["--invitation", "nope", "--position", "4"], "invitation nope was never sent at position 4"),
        (["--invitation", "i2", "--position", "1", "--as-of", "2026-01-01T12:00:00Z"],
         "invitation i2 was not yet sent as of 2026-01-01T12:00:00Z, at position 1 (it was sent at position 2, dated 2026-01-02T09:00:00Z)"),
    ])
    func anInvitationOutsideThePositionIsSaidToBe(limit: [String], message: String) throws {
        try withTemporaryLedger { db, _ in
            try HistoryDetailsTests.ledgerWithAWithdrawAndAPolicyExpiry(db: db)
            let run = try invites(["history", "--db", db, "--format", "json"] + limit)
            #expect(run.status == 1, "\(limit): \(run.stdout)")
            #expect(run.stderr == "invites: unknown_invitation: \(message)\n", "\(limit): \(run.stderr)")
            #expect(run.stdout.isEmpty, "\(limit): \(run.stdout)")
        }
    }

    /// Within the position, an invitation's history holds only the events recorded up to it (audit 107 F17).
    @Test func aHistoryAtAPositionStopsThere() throws {
        try withTemporaryLedger { db, _ in
            try HistoryDetailsTests.ledgerWithAWithdrawAndAPolicyExpiry(db: db)
            let positions = { (limit: String) in
                try invites(["history", "--invitation", "i1", "--position", limit, "--db", db, "--format", "json"]).rows.map { $0["position"] as? Int }
            }
            #expect(try positions("2") == [1])
            #expect(try positions("3") == [1, 3])
        }
    }
}
