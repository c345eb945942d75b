import Foundation
import Testing

/// SPEC §3's time boundaries, each pinned at the exact instant, where a `<` for a `≤` would hide (review 13's mutants).
@Suite struct BoundaryTests {
    static func sent(_ id: String, at: String, to recipient: String) -> String {
        #"{"type":"sent","id":"s-\#(id)","at":"\#(at)","invitation":"\#(id)","account":"a","recipient":"\#(recipient)"}"#
    }

    /// `expire --due` takes an invitation exactly `expire_after` old, and dates the expiry at the
    /// later of that moment and the pair's latest event.
    @Test func expireDueAtTheExactMomentAndAfterALateReminder() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["policy", "--set", "expire_after=10d", "--db", db]).status == 0)
            let lines = [
                Self.sent("i1", at: "2026-01-01T00:00:00Z", to: "r1"),
                Self.sent("i2", at: "2026-01-01T00:00:00.001Z", to: "r2"),
                // Due on the 15th, but reminded on the 17th (recorded before anyone ran `expire --due`).
                Self.sent("i3", at: "2026-01-05T00:00:00Z", to: "r3"),
                #"{"type":"reminded","invitation":"i3","at":"2026-01-17T00:00:00Z"}"#,
            ]
            #expect(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
            // i1 is due exactly now; i2 one millisecond later.
            let due = try invites(["expire", "--due", "--now", "2026-01-11T00:00:00Z", "--db", db, "--format", "json"])
            #expect(due.status == 0 && due.object["appended"] as? Int == 1, "\(due.stdout) \(due.stderr)")
            let history = try invites(["history", "--invitation", "i1", "--db", db, "--format", "json"])
            #expect(history.rows.last?["type"] as? String == "expired")
            #expect(history.rows.last?["at"] as? String == "2026-01-11T00:00:00Z")
            #expect(history.rows.last?["by"] as? String == "policy")
            // i3 fell due on the 15th but was reminded on the 17th: its expiry is dated at the reminder.
            let later = try invites(["expire", "--due", "--now", "2026-01-20T00:00:00Z", "--db", db, "--format", "json"])
            #expect(later.status == 0 && later.object["appended"] as? Int == 2, "\(later.stdout) \(later.stderr)")
            let reminded = try invites(["history", "--invitation", "i3", "--db", db, "--format", "json"])
            #expect(reminded.rows.map { $0["type"] as? String } == ["sent", "reminded", "expired"])
            #expect(reminded.rows.last?["at"] as? String == "2026-01-17T00:00:00Z")
        }
    }

    /// SPEC's orders and empty values, each pinned here without the Python model (audit 154: only the model's runs caught their mutants).
    ///
    /// `pending` by sent_at then invitation; `expire --due` in the order of the `sent` positions
    /// (not by time, nor backwards); weekdays `mon` … `sun` and hours as two digits; a field
    /// without a value is `null`, its key present.
    @Test func specsOrdersAndNullsHoldWithoutTheModel() throws {
        try withTemporaryLedger { db, _ in
            let lines = [
                Self.sent("i3", at: "2026-01-05T09:00:00Z", to: "r3"),
                Self.sent("i1", at: "2026-01-05T09:00:00Z", to: "r1"),
                Self.sent("i2", at: "2026-01-05T09:00:00Z", to: "r2"),
                Self.sent("i0", at: "2026-01-05T08:00:00Z", to: "r0"),
                Self.sent("w1", at: "2026-01-04T10:00:00Z", to: "s1"),  // a Sunday
                Self.sent("w2", at: "2026-01-09T10:00:00Z", to: "s2"),  // a Friday
            ]
            #expect(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
            let pending = try invites(["pending", "--now", "2026-01-10T00:00:00Z", "--db", db, "--format", "json"]).rows
            #expect(pending.map { $0["invitation"] as? String } == ["w1", "i0", "i1", "i2", "i3", "w2"])
            #expect(pending.first.map { $0["template"] is NSNull && $0["last_reminded_at"] is NSNull } == true, "\(pending)")
            let weekdays = try invites(["metrics", "--by", "weekday", "--now", "2026-01-10T00:00:00Z", "--db", db, "--format", "json"]).rows
            #expect(weekdays.map { $0["group"] as? String } == ["mon", "fri", "sun"])
            let hours = try invites(["metrics", "--by", "hour", "--now", "2026-01-10T00:00:00Z", "--db", db, "--format", "json"]).rows
            #expect(hours.map { $0["group"] as? String } == ["08", "09", "10"])
            #expect(try invites(["expire", "--due", "--now", "2026-12-01T00:00:00Z", "--db", db]).status == 0)
            let log = try invites(["log", "--from", "7", "--db", db])
            let expired = log.stdout.split(separator: "\n").compactMap { line -> String? in
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
                return object["invitation"] as? String
            }
            #expect(expired == ["i3", "i1", "i2", "i0", "w1", "w2"], "\(log.stdout)")
        }
    }

    /// `pending --older-than D` keeps an invitation exactly D old.
    @Test func olderThanKeepsAnInvitationExactlyThatOld() throws {
        try withTemporaryLedger { db, _ in
            let lines = [Self.sent("i1", at: "2026-01-01T00:00:00Z", to: "r1"), Self.sent("i2", at: "2026-01-02T00:00:00Z", to: "r2"),
                         Self.sent("i3", at: "2026-01-02T00:00:00.001Z", to: "r3")]
            #expect(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
            let pending = try invites(["pending", "--older-than", "9d", "--now", "2026-01-11T00:00:00Z", "--db", db, "--format", "json"])
            #expect(pending.rows.map { $0["invitation"] as? String } == ["i1", "i2"])
        }
    }

    /// The 7-day cohort takes an invitation sent exactly 7 days before now, and "accepted within
    /// 30 days" counts an acceptance exactly 30 days after the send.
    @Test func metricsCohortsAtTheirExactEdges() throws {
        try withTemporaryLedger { db, _ in
            let lines = [
                // Sent exactly 40 days before now, accepted exactly 30 days later: in both cohorts, accepted within 30 days, not 7.
                Self.sent("i1", at: "2026-01-01T00:00:00Z", to: "r1"),
                #"{"type":"accepted","invitation":"i1","at":"2026-01-31T00:00:00Z"}"#,
                // Sent exactly 7 days before now and accepted at once: in the 7-day cohort only.
                Self.sent("i2", at: "2026-02-03T00:00:00Z", to: "r2"),
                #"{"type":"accepted","invitation":"i2","at":"2026-02-03T00:00:00Z"}"#,
                // One millisecond younger than 7 days: in no cohort.
                Self.sent("i3", at: "2026-02-03T00:00:00.001Z", to: "r3"),
            ]
            #expect(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
            let metrics = try invites(["metrics", "--now", "2026-02-10T00:00:00Z", "--db", db, "--format", "json"])
            let row = try #require(metrics.rows.first)
            #expect(row["sent"] as? Int == 3 && row["accepted"] as? Int == 2)
            #expect(row["accepted_7d_rate"] as? Double == 0.5)  // i1 (not within 7 days), i2 (within)
            #expect(row["accepted_30d_rate"] as? Double == 1)   // i1 alone, accepted exactly 30 days after
        }
    }

    /// A pair in cooldown is listed until `until` and not at it; `check` agrees at both instants.
    @Test func aCooldownEndsExactlyAtItsUntil() throws {
        try withTemporaryLedger { db, _ in
            let lines = [Self.sent("i1", at: "2026-01-01T00:00:00Z", to: "r1"),
                         #"{"type":"withdrawn","invitation":"i1","at":"2026-01-02T00:00:00Z"}"#]
            #expect(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
            // cooldown_after_withdraw is 3w by default: until 2026-01-23.
            let before = try invites(["cooldown", "--now", "2026-01-22T23:59:59.999Z", "--db", db, "--format", "json"])
            #expect(before.rows.map { $0["until"] as? String } == ["2026-01-23T00:00:00Z"])
            let at = try invites(["cooldown", "--now", "2026-01-23T00:00:00Z", "--db", db, "--format", "json"])
            #expect(at.rows.isEmpty, "\(at.stdout)")
            let refused = try invites(["check", "--account", "a", "--to", "r1", "--now", "2026-01-22T23:59:59.999Z", "--db", db, "--format", "json"])
            #expect(refused.status == 3 && refused.object["reason"] as? String == "cooldown")
            let allowed = try invites(["check", "--account", "a", "--to", "r1", "--now", "2026-01-23T00:00:00Z", "--db", db, "--format", "json"])
            #expect(allowed.status == 0 && allowed.object["reason"] as? String == "ok")
            // A send the policy refuses prints the same verdict for a program, besides the error line (audit 55 M1).
            let send = ["send", "--account", "a", "--to", "r1", "--at", "2026-01-22T23:59:59.999Z", "--db", db]
            let sendRefused = try invites(send + ["--format", "json"])
            #expect(sendRefused.status == 3 && sendRefused.stdout == refused.stdout, "\(sendRefused.stdout)")
            #expect(sendRefused.stderr.hasPrefix("invites: cooldown: a → r1 may not be invited until 2026-01-23T00:00:00Z"), "\(sendRefused.stderr)")
            #expect(try invites(send + ["--format", "csv"]).stdout.hasPrefix("account,recipient,allowed,reason,until,invitation\r\na,r1,false,cooldown,"))
            #expect(try invites(send).stdout.isEmpty)
        }
    }

    /// `pending --expiring-within D` keeps an invitation whose `expires_at` is exactly now + D (audit 144: only the Python
    /// acceptance scripts caught `≤` made `<`).
    @Test func expiringWithinKeepsAnInvitationExpiringExactlyThen() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["policy", "--set", "expire_after=10d", "--db", db]).status == 0)
            let lines = [Self.sent("i1", at: "2026-01-01T00:00:00Z", to: "r1"), Self.sent("i2", at: "2026-01-01T00:00:00.001Z", to: "r2")]
            #expect(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
            // i1 expires 2026-01-11T00:00:00Z, exactly now + 1d; i2 one millisecond later.
            let pending = try invites(["pending", "--expiring-within", "1d", "--now", "2026-01-10T00:00:00Z", "--db", db, "--format", "json"])
            #expect(pending.rows.map { $0["invitation"] as? String } == ["i1"], "\(pending.stdout)")
        }
    }

    /// `metrics --sent-since`/`--sent-until` count sends exactly at either end (SPEC: both inclusive; audit 144).
    @Test func metricsWindowsIncludeBothEnds() throws {
        try withTemporaryLedger { db, _ in
            let lines = [Self.sent("i1", at: "2026-01-01T00:00:00Z", to: "r1"), Self.sent("i2", at: "2026-01-05T00:00:00Z", to: "r2"),
                         Self.sent("i3", at: "2026-01-05T00:00:00.001Z", to: "r3"), Self.sent("i4", at: "2025-12-31T23:59:59.999Z", to: "r4")]
            #expect(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
            let metrics = try invites(["metrics", "--sent-since", "2026-01-01T00:00:00Z", "--sent-until", "2026-01-05T00:00:00Z",
                                       "--now", "2026-02-01T00:00:00Z", "--db", db, "--format", "json"])
            #expect(metrics.rows.first?["sent"] as? Int == 2, "\(metrics.stdout)")  // i1 and i2
        }
    }

    /// A withdraw's cooldown is `cooldown_after_withdraw` and an expiry's `cooldown_after_expire`, each from its own event (audit 144:
    /// the two swapped passed every Swift test, since both are 3w by default).
    @Test func withdrawAndExpiryEachTakeTheirOwnCooldown() throws {
        try withTemporaryLedger { db, _ in
            for setting in ["cooldown_after_withdraw=5d", "cooldown_after_expire=9d"] {
                #expect(try invites(["policy", "--set", setting, "--db", db]).status == 0)
            }
            let lines = [Self.sent("i1", at: "2026-01-01T00:00:00Z", to: "r1"), Self.sent("i2", at: "2026-01-01T00:00:00Z", to: "r2"),
                         #"{"type":"withdrawn","invitation":"i1","at":"2026-01-02T00:00:00Z"}"#,
                         #"{"type":"expired","invitation":"i2","at":"2026-01-02T00:00:00Z"}"#]
            #expect(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
            let cooldown = try invites(["cooldown", "--now", "2026-01-03T00:00:00Z", "--db", db, "--format", "json"])
            #expect(cooldown.rows.map { "\($0["recipient"] as? String ?? "") \($0["reason"] as? String ?? "") \($0["until"] as? String ?? "")" }
                    == ["r1 withdrawn 2026-01-07T00:00:00Z", "r2 expired 2026-01-11T00:00:00Z"], "\(cooldown.stdout)")
        }
    }

    /// `--as-of T` counts an event whose `at` is exactly T (SPEC: `at` ≤ TIME; audit 144: only one test caught `<`).
    @Test func asOfCountsAnEventAtThatInstant() throws {
        try withTemporaryLedger { db, _ in
            let lines = [Self.sent("i1", at: "2026-01-01T00:00:00Z", to: "r1"), Self.sent("i2", at: "2026-01-02T00:00:00Z", to: "r2"),
                         Self.sent("i3", at: "2026-01-02T00:00:00.001Z", to: "r3")]
            #expect(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
            let pending = try invites(["pending", "--as-of", "2026-01-02T00:00:00Z", "--db", db, "--format", "json"])
            #expect(pending.rows.map { $0["invitation"] as? String } == ["i1", "i2"], "\(pending.stdout)")
            let metrics = try invites(["metrics", "--as-of", "2026-01-02T00:00:00Z", "--db", db, "--format", "json"])
            #expect(metrics.rows.first?["sent"] as? Int == 2, "\(metrics.stdout)")
            let history = try invites(["history", "--invitation", "i2", "--as-of", "2026-01-02T00:00:00Z", "--db", db, "--format", "json"])
            #expect(history.status == 0 && history.rows.map { $0["type"] as? String } == ["sent"], "\(history.stdout) \(history.stderr)")
        }
    }
}
