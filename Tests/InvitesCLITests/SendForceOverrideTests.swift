import Foundation
import Testing

/// `send --force` records a send the policy refuses, and says on standard error what it recorded over (audit 116 F10).
@Suite struct SendForceOverrideTests {
    @Test func aForcedSendNamesEveryReasonItOverrodeAsCheckNamesThem() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["policy", "--db", db, "--set", "weekly_cap=1"]).status == 0)
            #expect(try invites(["send", "--db", db, "--account", "a", "--to", "r", "--invitation", "i1",
                                 "--at", "2026-03-02T09:00:00Z"]).status == 0)
            #expect(try invites(["withdraw", "--db", db, "--invitation", "i1", "--at", "2026-03-02T10:00:00Z"]).status == 0)
            let at = "2026-03-02T11:00:00Z"
            // What check says at that time: the cooldown first; for another recipient, the full week.
            let cooldown = try invites(["check", "--db", db, "--account", "a", "--to", "r", "--now", at, "--format", "json"]).object
            let week = try invites(["check", "--db", db, "--account", "a", "--to", "r9", "--now", at, "--format", "json"]).object
            let (cooldownUntil, weekUntil) = (try #require(cooldown["until"] as? String), try #require(week["until"] as? String))
            #expect(cooldown["reason"] as? String == "cooldown" && week["reason"] as? String == "weekly_cap")

            let refused = try invites(["send", "--db", db, "--account", "a", "--to", "r", "--at", at])
            #expect(refused.status == 3 && !refused.stderr.contains("recorded over the policy"), "\(refused.stderr)")
            let forced = try invites(["send", "--db", db, "--account", "a", "--to", "r", "--invitation", "i2", "--at", at,
                                      "--force", "--format", "json"])
            #expect(forced.status == 0, "\(forced.stderr)")
            // Standard output is SPEC's append object, as before.
            #expect(Set(forced.object.keys) == ["appended", "duplicates", "rejected", "first_position", "last_position", "invitations"])
            #expect(forced.object["appended"] as? Int == 1 && forced.object["invitations"] as? [String] == ["i2"])
            #expect(forced.stderr == "invites: note: recorded over the policy: cooldown until \(cooldownUntil) (latest invitation i1); "
                + "weekly_cap until \(weekUntil) (a sent weekly_cap (1) or more invitations in the 7 days up to \(at))\n", "\(forced.stderr)")
        }
    }

    @Test func aForcedSendThePolicyAllowsOrTheRulesRefuseSaysNothingOfThePolicy() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["policy", "--db", db, "--set", "pending_cap=1"]).status == 0)
            let allowed = try invites(["send", "--db", db, "--account", "a", "--to", "r1", "--invitation", "i1", "--force"])
            #expect(allowed.status == 0 && allowed.stderr.isEmpty, "\(allowed.stderr)")
            let overCap = try invites(["send", "--db", db, "--account", "a", "--to", "r2", "--force"])
            #expect(overCap.status == 0 && overCap.stderr == "invites: note: recorded over the policy: pending_cap "
                + "(a holds pending_cap (1) or more pending invitations)\n", "\(overCap.stderr)")
            // A second pending invitation is a lifecycle rule, which --force does not override: nothing recorded, no note.
            let pending = try invites(["send", "--db", db, "--account", "a", "--to", "r1", "--force"])
            #expect(pending.status == 1 && pending.stderr.contains("already_pending") && !pending.stderr.contains("recorded over"),
                    "\(pending.stderr)")
            // A retry of a forced send is the duplicate it is, and says nothing of the policy.
            let retry = try invites(["send", "--db", db, "--account", "a", "--to", "r1", "--invitation", "i1", "--force"])
            #expect(!retry.stderr.contains("recorded over"), "\(retry.stderr)")
        }
    }
}
