import Foundation
import Testing

/// How messages quote the policy (audit 156): durations as they were set, a cap of 0 as the policy forbidding every send,
/// and the import's advice for the lines refused over `note_limit` counted in agreement.
@Suite struct PolicyMessageTests {
    @Test func aPendingCapRefusalAndALateWithdrawQuoteExpireAfterAsItWasSet() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["policy", "--db", db, "--set", "expire_after=36h", "--set", "pending_cap=1"]).status == 0)
            #expect(try invites(["send", "--db", db, "--account", "a", "--to", "r1", "--at", "2026-03-01T00:00:00Z"]).status == 0)
            let capped = try invites(["send", "--db", db, "--account", "a", "--to", "r2", "--at", "2026-03-02T12:00:00Z"])
            #expect(capped.status == 3 && capped.stderr.contains("1 of them past expire_after (36h), which"), "\(capped.stderr)")
            let late = try invites(["withdraw", "--db", db, "--account", "a", "--to", "r1", "--at", "2026-03-02T12:00:00Z"])
            #expect(late.status == 0 && late.stderr.contains("ran out at 2026-03-02T12:00:00Z (expire_after 36h): by this withdraw"),
                    "\(late.stderr)")
            // 48h is shown as 48h, not the 2d it equals.
            #expect(try invites(["policy", "--db", db, "--set", "expire_after=48h"]).status == 0)
            let pending = try invites(["send", "--db", db, "--account", "a", "--to", "r3", "--at", "2026-03-05T00:00:00Z"]).status
            #expect(pending == 0)
            let again = try invites(["send", "--db", db, "--account", "a", "--to", "r3", "--at", "2026-03-08T00:00:00Z"])
            #expect(again.status == 3 && again.stderr.contains("(expire_after 48h), so LinkedIn has most likely expired it"), "\(again.stderr)")
        }
    }

    @Test func aPendingCapOfZeroSaysNoSendIsAllowedUntilItIsRaisedNotToWithdraw() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["policy", "--db", db, "--set", "pending_cap=0"]).status == 0)
            let advice = "pending_cap is 0: the policy allows no send at all, however few are pending, until it is raised "
                + "(invites policy --db \(db) --set pending_cap=N)"
            let refused = try invites(["send", "--db", db, "--account", "a", "--to", "r1"])
            #expect(refused.status == 3 && refused.stderr == "invites: pending_cap: a → r1 may not be invited; \(advice), "
                + "or --force records it anyway\n", "\(refused.stderr)")
            let check = try invites(["check", "--db", db, "--account", "a", "--to", "r1"])
            #expect(check.status == 3 && check.stdout == "refused: pending_cap — a → r1; \(advice)\n", "\(check.stdout)")
            let forced = try invites(["send", "--db", db, "--account", "a", "--to", "r1", "--force"])
            #expect(forced.status == 0 && forced.stderr == "invites: note: recorded over the policy: pending_cap "
                + "(pending_cap is 0: the policy allows no send at all)\n", "\(forced.stderr)")
        }
    }

    @Test func aWeeklyCapOfZeroSaysNoSendIsAllowedInAnyWeekUntilItIsRaised() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["policy", "--db", db, "--set", "weekly_cap=0"]).status == 0)
            let advice = "weekly_cap is 0: the policy allows no send at all, in any week, until it is raised "
                + "(invites policy --db \(db) --set weekly_cap=N)"
            // SPEC's verdict is as before: the reason, and no end.
            let json = try invites(["check", "--db", db, "--account", "a", "--to", "r1", "--format", "json"])
            #expect(json.status == 3 && json.stdout == #"{"account":"a","recipient":"r1","allowed":false,"reason":"weekly_cap","until":null,"invitation":null}"# + "\n")
            let check = try invites(["check", "--db", db, "--account", "a", "--to", "r1"])
            #expect(check.status == 3 && check.stdout == "refused: weekly_cap — a → r1; \(advice)\n", "\(check.stdout)")
            let refused = try invites(["send", "--db", db, "--account", "a", "--to", "r1"])
            #expect(refused.status == 3 && refused.stderr == "invites: weekly_cap: a → r1 may not be invited; \(advice), "
                + "or --force records it anyway\n", "\(refused.stderr)")
            let forced = try invites(["send", "--db", db, "--account", "a", "--to", "r1", "--force"])
            #expect(forced.status == 0 && forced.stderr == "invites: note: recorded over the policy: weekly_cap "
                + "(weekly_cap is 0: the policy allows no send at all)\n", "\(forced.stderr)")
        }
    }

    @Test(arguments: [([1], "line 1"), ([1, 3], "lines 1 and 3"), ([1, 2, 3], "lines 1, 2 and 3"),
                      (Array(1...12), "lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more")])
    func theAdviceToImportRefusedNotesAgainCountsTheLines(refused: [Int], named: String) throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["policy", "--db", db, "--set", "note_limit=3"]).status == 0)
            let lines = (1...max(4, refused.count + 1)).map { line in
                #"{"type":"sent","account":"a","recipient":"r\#(line)","at":"2026-01-01T00:00:00Z","note":"\#(refused.contains(line) ? "abcd" : "ab")"}"#
            }
            let run = try invites(["import", "-", "--db", db, "--skip-invalid"], input: lines.joined(separator: "\n") + "\n")
            #expect(run.status == 0 && run.stderr.contains("--set note_limit=4` and import \(named) alone: "), "\(run.stderr)")
        }
    }
}
