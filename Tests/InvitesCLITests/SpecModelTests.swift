import Foundation
import Testing

/// The differential check of SPEC §3's queries: `tools/spec_diff.py` answers random
/// pending / cooldown / check / metrics queries with the independent model
/// `tools/spec_model.py` and with the binary, on one small generated ledger and two
/// hand-made ones, and requires identical answers.
@Test func theBinaryAgreesWithTheSpecModelOnASmallSeed() throws {
    let script = Paths.repository.appendingPathComponent("tools/spec_diff.py").path
    let (status, text) = try python(script, ["--bin", Paths.binary, "--seeds", "1", "--events", "1500",
                                             "--queries", "40", "--hand", "2"])
    #expect(status == 0, "spec_diff.py found differences:\n\(text)")
    #expect(text.contains(" passed, 0 failed"), "unexpected spec_diff.py output:\n\(text)")
}

/// Boundaries the model pins: `overdue` at now == expires_at, and the weekly cap's `until`
/// = the first moment the rolling 7-day count falls below the cap.
@Test func pendingOverdueAndWeeklyCapUntilAtTheirBoundaries() throws {
    try withTemporaryLedger { db, _ in
        try invites(["policy", "--db", db, "--set", "weekly_cap=2", "--set", "expire_after=10d"])
        let lines = [
            #"{"type":"sent","id":"s1","at":"2026-01-01T00:00:00Z","invitation":"i1","account":"a","recipient":"r1"}"#,
            #"{"type":"sent","id":"s2","at":"2026-01-02T00:00:00Z","invitation":"i2","account":"a","recipient":"r2"}"#,
            #"{"type":"sent","id":"s3","at":"2026-01-03T00:00:00Z","invitation":"i3","account":"a","recipient":"r3"}"#,
        ]
        let imported = try invites(["import", "-", "--db", db, "--format", "json"], input: lines.joined(separator: "\n") + "\n")
        #expect(imported.status == 0, "\(imported.stderr)")

        let pending = try invites(["pending", "--db", db, "--format", "json", "--now", "2026-01-11T00:00:00Z"])
        #expect(pending.rows.map { $0["overdue"] as? Bool } == [true, false, false])
        #expect(pending.rows.first?["age_days"] as? Double == 10)

        let check = try invites(["check", "--db", db, "--format", "json", "--account", "a", "--to", "r9",
                                 "--now", "2026-01-03T00:00:00Z"])
        #expect(check.status == 3)
        #expect(check.object["reason"] as? String == "weekly_cap")
        #expect(check.object["until"] as? String == "2026-01-09T00:00:00Z")
        let later = try invites(["check", "--db", db, "--format", "json", "--account", "a", "--to", "r9",
                                 "--now", "2026-01-09T00:00:00Z"])
        #expect(later.object["reason"] as? String == "ok")
    }
}
