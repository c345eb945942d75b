import Foundation
import Testing

/// A send dated before the account's latest ones is judged by the window ending at it (SPEC), and says when it
/// takes the window of a later send past `weekly_cap` (audit 123: a backfill over a cap of 2 left 3 in a week).
@Suite struct BackdatedSendTests {
    @Test func aBackdatedSendThatFillsALaterWindowPastTheCapIsRecordedAndSaid() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["policy", "--db", db, "--set", "weekly_cap=2"]).status == 0)
            for (recipient, at) in [("p05", "2026-03-05T10:00:00Z"), ("p06", "2026-03-06T10:00:00Z")] {
                let send = try invites(["send", "--db", db, "--account", "a", "--to", recipient, "--at", at])
                #expect(send.status == 0 && send.stderr.isEmpty, "\(send.stderr)")
            }
            // The window ending at 03-04 holds none of them: allowed, as check says; the one ending at 03-06 then holds three.
            let backdated = try invites(["send", "--db", db, "--account", "a", "--to", "p04", "--at", "2026-03-04T10:00:00Z",
                                         "--format", "json"])
            #expect(backdated.status == 0 && backdated.object["appended"] as? Int == 1, "\(backdated.stderr)")
            #expect(backdated.stderr == "invites: note: a now holds 3 sends in the 7 days up to its send at 2026-03-06T10:00:00Z, "
                + "over weekly_cap 2: this send, dated before that one, counts in its window too (the cap is judged at the "
                + "send's own time)\n", "\(backdated.stderr)")
            let later = try invites(["check", "--db", db, "--account", "a", "--to", "zz", "--now", "2026-03-06T10:00:00Z",
                                     "--format", "json"]).object
            #expect(later["reason"] as? String == "weekly_cap")
            // Exactly seven days before the later sends, a send is out of their windows (t − 7 days, t]: nothing to say.
            let edge = try invites(["send", "--db", db, "--account", "a", "--to", "p00", "--at", "2026-02-26T10:00:00Z"])
            #expect(edge.status == 0 && edge.stderr.isEmpty, "\(edge.stderr)")
            // Sends at one time share a window: all of them count (review 124: the first of them was the one counted).
            #expect(try invites(["send", "--db", db, "--account", "b", "--to", "q1", "--at", "2026-03-10T00:00:00Z"]).status == 0)
            #expect(try invites(["send", "--db", db, "--account", "b", "--to", "q2", "--at", "2026-03-10T00:00:00Z", "--force"]).status == 0)
            let tie = try invites(["send", "--db", db, "--account", "b", "--to", "q0", "--at", "2026-03-05T00:00:00Z"])
            #expect(tie.status == 0 && tie.stderr.hasPrefix("invites: note: b now holds 3 sends in the 7 days up to its send at "
                + "2026-03-10T00:00:00Z"), "\(tie.stderr)")
            // A refused send records nothing and says only its refusal.
            let refused = try invites(["send", "--db", db, "--account", "a", "--to", "p07", "--at", "2026-03-06T11:00:00Z"])
            #expect(refused.status == 3 && refused.stderr.hasPrefix("invites: weekly_cap: ") && !refused.stderr.contains("now holds"),
                    "\(refused.stderr)")
        }
    }
}
