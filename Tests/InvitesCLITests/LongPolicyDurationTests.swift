import Foundation
import Testing

/// The ends of the time line: a policy duration of thousands of years stops at 9999-12-31T23:59:59.999Z; windows near year 0000 keep their first instant.
@Suite struct LongPolicyDurationTests {
    private let now = "2026-03-01T00:00:00Z"

    @Test(arguments: ["999999w", "15250284452w"])
    func aLongExpiryNeverMakesAnInvitationDue(duration: String) throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--account", "A", "--to", "r", "--at", "2026-01-01T00:00:00Z", "--db", db]).status == 0)
            #expect(try invites(["policy", "--set", "expire_after=\(duration)", "--db", db]).status == 0)
            let pending = try invites(["pending", "--now", now, "--db", db, "--format", "json"])
            #expect(pending.rows.first?["expires_at"] as? String == "9999-12-31T23:59:59.999Z")
            #expect(pending.rows.first?["overdue"] as? Bool == false)
            let within = try invites(["pending", "--now", now, "--expiring-within", duration, "--db", db, "--format", "json"])
            #expect(within.rows.count == 1, "expires_at ≤ now + D holds when both stop at the last millisecond")
            let due = try invites(["expire", "--due", "--now", now, "--db", db, "--format", "json"])
            #expect(due.status == 0 && due.object["appended"] as? Int == 0, "\(due.stdout) \(due.stderr)")
        }
    }

    @Test(arguments: ["999999w", "15250284452w"])
    func aLongCooldownLastsUntilTheEndOfYear9999(duration: String) throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--account", "A", "--to", "r", "--at", "2026-01-01T00:00:00Z", "--db", db]).status == 0)
            #expect(try invites(["withdraw", "--account", "A", "--to", "r", "--at", "2026-01-02T00:00:00Z", "--db", db]).status == 0)
            #expect(try invites(["policy", "--set", "cooldown_after_withdraw=\(duration)", "--db", db]).status == 0)
            let cooldown = try invites(["cooldown", "--now", now, "--db", db, "--format", "json"])
            #expect(cooldown.rows.first?["until"] as? String == "9999-12-31T23:59:59.999Z", "\(cooldown.stdout)")
            let check = try invites(["check", "--account", "A", "--to", "r", "--now", now, "--db", db, "--format", "json"])
            #expect(check.status == 3)
            #expect(check.object["reason"] as? String == "cooldown")
            let until = try #require(check.object["until"] as? String)
            // The `until` printed is a time the command line takes back.
            let then = try invites(["check", "--account", "A", "--to", "r", "--as-of", until, "--db", db, "--format", "json"])
            #expect(then.status == 0 && then.object["allowed"] as? Bool == true, "\(then.stdout) \(then.stderr)")
        }
    }

    @Test func theWeeklyCapCountsASendAtTheFirstInstantOfYear0000() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["policy", "--set", "weekly_cap=1", "--db", db]).status == 0)
            #expect(try invites(["send", "--account", "a", "--to", "r1", "--at", "0000-01-01T00:00:00Z", "--db", db]).status == 0)
            let check = try invites(["check", "--account", "a", "--to", "r2", "--now", "0000-01-03T00:00:00Z", "--db", db, "--format", "json"])
            #expect(check.status == 3 && check.object["reason"] as? String == "weekly_cap", "\(check.stdout)")
            #expect(check.object["until"] as? String == "0000-01-08T00:00:00Z")
        }
    }
}
