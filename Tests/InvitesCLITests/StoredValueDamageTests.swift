import Foundation
import Testing

/// Stored values no append writes (a damaged or hand-edited `data.mdb`) are named as damage, never trapped on or taken for the truth (audit 61).
@Suite struct StoredValueDamageTests {
    static let lines = DamagedLedgerTests.lines

    /// A time out of the years 0000–9999 in a record made `pending --position` and `metrics` trap on an overflow (H1).
    @Test func aRecordsTimeOutOfRangeIsNamedByItsPosition() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: Self.lines).status == 0)
            try LogTampering.replaceTime(inRecordAt: 2, milliseconds: .min, ledger: db)
            for query in [["pending", "--position", "2"], ["metrics", "--position", "3"], ["pending", "--as-of", "2026-02-01T00:00:00Z"],
                          ["rebuild", "pending", "metrics"]] {
                let answer = try invites(query + ["--db", db])
                #expect(answer.status == 1 && answer.stderr.contains("position 2: holds a time out of range"), "\(query): \(answer.stderr)")
            }
            let verdict = try invites(["verify", "--db", db, "--format", "json"])
            #expect(verdict.status == 1 && verdict.object["position"] as? Int == 2, "\(verdict.stdout)")
        }
    }

    /// A head past the log's end made `status --format json`, the projection queries and `digest` trap, or report lag 0 (H3).
    @Test func aHeadThatIsNotTheLogsEndIsRefusedByEveryReader() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: Self.lines).status == 0)
            let head = try #require(try LogTampering.value(ofKey: Array("head".utf8), in: "meta", ledger: db))
            let farAhead: UInt64 = 1 << 63 | 3
            try LogTampering.setValue(withUnsafeBytes(of: farAhead.bigEndian, Array.init) + head[8...], ofKey: Array("head".utf8),
                                      in: "meta", ledger: db)
            for query in [["status", "--format", "json"], ["pending"], ["check", "--account", "A", "--to", "linkedin.com/in/ann"],
                          ["digest"], ["export"]] {
                let answer = try invites(query + ["--db", db])
                #expect(answer.status == 1 && answer.stderr.contains("verification_failed: position 4: the log holds 3 events but its head says \(farAhead)"),
                        "\(query): \(answer.stderr)")
            }
            let verdict = try invites(["verify", "--db", db, "--format", "json"])
            #expect(verdict.status == 1 && (verdict.object["error"] as? String)?.contains("its head says") == true, "\(verdict.stdout)")
        }
    }

    /// A names counter lost outside `invites` passed `verify`, and the next new account took account A's id, renaming its events (H2).
    @Test func aLostNamesCounterIsNamedAndRepairedAndNeverHandsOutATakenID() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: Self.lines).status == 0)
            try LogTampering.removeKey("\u{01}", from: "name-ids", ledger: db)  // the accounts' counter
            #expect(try invites(["verify", "--db", db]).status == 0)
            let damaged = try invites(["verify", "--indexes", "--db", db, "--format", "json"])
            #expect(damaged.status == 1 && (damaged.object["error"] as? String)?
                .hasPrefix("the counter of account names is missing, not the highest stored id (1)") == true, "\(damaged.stdout)")
            let send = ["send", "--db", db, "--account", "B", "--to", "linkedin.com/in/cy", "--at", "2026-01-07T00:00:00Z", "--force"]
            let refused = try invites(send)
            #expect(refused.status == 1 && refused.stderr.contains("the counter of account names (missing) is damaged"), "\(refused.stderr)")
            let history = try invites(["history", "--to", "linkedin.com/in/ann", "--db", db, "--format", "csv"])
            #expect(history.stdout.contains(",sent,inv-1,A,"), "\(history.stdout)")

            #expect(try invites(["rebuild", "indexes", "--db", db]).status == 0)
            #expect(try invites(["verify", "--indexes", "--db", db]).status == 0)
            #expect(try invites(send).status == 0)
            #expect(try invites(["verify", "--db", db]).status == 0)
        }
    }

    /// A stored policy value that does not read fell back to the default caps without a word (L1).
    @Test func aDamagedStoredPolicyIsRefusedUntilItsKeyIsSetAgain() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: Self.lines).status == 0)
            #expect(try invites(["policy", "--set", "weekly_cap=50", "--set", "pending_cap=400", "--db", db]).status == 0)
            let stored = try #require(try LogTampering.value(ofKey: Array("policy".utf8), in: "meta", ledger: db))
            let damaged = String(decoding: stored, as: UTF8.self).replacingOccurrences(of: "weekly_cap=50", with: "weekly_cap=5x0")
            try LogTampering.setValue(Array(damaged.utf8), ofKey: Array("policy".utf8), in: "meta", ledger: db)

            let check = try invites(["check", "--account", "A", "--to", "linkedin.com/in/cy", "--db", db])
            #expect(check.status == 1 && check.stderr.contains("the stored policy is damaged (weekly_cap does not read)"), "\(check.stderr)")
            let other = try invites(["policy", "--set", "note_limit=200", "--db", db])
            #expect(other.status == 1 && other.stderr.contains("set it too: add `--set weekly_cap=VALUE` to the command"), "\(other.stderr)")
            #expect(try invites(["policy", "--set", "weekly_cap=60", "--db", db]).status == 0)
            let policy = try invites(["policy", "--db", db, "--format", "json"]).object
            #expect(policy["weekly_cap"] as? Int == 60 && policy["pending_cap"] as? Int == 400 && policy["note_limit"] as? Int == 300)

            // A line cut short names no key: the key it held, missing from the rest, is damaged too (review 62 L2).
            let cut = String(decoding: try #require(try LogTampering.value(ofKey: Array("policy".utf8), in: "meta", ledger: db)), as: UTF8.self)
                .replacingOccurrences(of: "pending_cap=400", with: "pending_c")
            try LogTampering.setValue(Array(cut.utf8), ofKey: Array("policy".utf8), in: "meta", ledger: db)
            let refused = try invites(["policy", "--set", "note_limit=200", "--db", db])
            #expect(refused.status == 1 && refused.stderr.contains("set it too: add `--set pending_cap=VALUE` to the command"), "\(refused.stderr)")
            #expect(try invites(["policy", "--set", "pending_cap=400", "--db", db]).status == 0)
            #expect(try invites(["policy", "--db", db, "--format", "json"]).object["pending_cap"] as? Int == 400)

            // Two keys damaged: every message names both, and the command it gives repairs them at once (review 64).
            let two = String(decoding: try #require(try LogTampering.value(ofKey: Array("policy".utf8), in: "meta", ledger: db)), as: UTF8.self)
                .replacingOccurrences(of: "weekly_cap=60", with: "weekly_cap=6o").replacingOccurrences(of: "expire_after=26w", with: "expire_after=")
            try LogTampering.setValue(Array(two.utf8), ofKey: Array("policy".utf8), in: "meta", ledger: db)
            let named = try invites(["check", "--account", "A", "--to", "linkedin.com/in/cy", "--db", db])
            #expect(named.stderr.contains("(expire_after does not read; weekly_cap does not read); "
                + "`invites policy --set expire_after=VALUE --set weekly_cap=VALUE` writes it again"), "\(named.stderr)")
            let one = try invites(["policy", "--set", "weekly_cap=70", "--db", db])
            #expect(one.status == 1 && one.stderr.contains("set it too: add `--set expire_after=VALUE` to the command"), "\(one.stderr)")
            #expect(try invites(["policy", "--set", "weekly_cap=70", "--set", "expire_after=20w", "--db", db]).status == 0)
            let repaired = try invites(["policy", "--db", db, "--format", "json"]).object
            #expect(repaired["weekly_cap"] as? Int == 70 && repaired["expire_after"] as? String == "20w" && repaired["pending_cap"] as? Int == 400)
        }
    }

    /// `--position` past the head is answered as of the head, with a note (L4).
    @Test func aPositionPastTheHeadIsNoted() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: Self.lines).status == 0)
            let pending = ["pending", "--db", db, "--format", "json", "--now", "2026-02-01T00:00:00Z"]
            let past = try invites(pending + ["--position", "9"])
            #expect(past.status == 0 && past.stderr.contains("--position 9 is past the head (3)"), "\(past.stderr)")
            #expect(past.stdout == (try invites(pending)).stdout)
            #expect(try invites(["pending", "--position", "3", "--db", db]).stderr.isEmpty)
        }
    }
}
