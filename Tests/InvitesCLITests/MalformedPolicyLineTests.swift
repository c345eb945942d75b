import Foundation
import Testing

/// A stored policy that holds a line not of the form `key=value` is damage, named with the command that writes it again (SPEC §1 policy).
@Suite struct MalformedPolicyLineTests {
    /// A `garbage` line beside all six intact keys is refused, quoted, with `--set KEY=VALUE` as the remedy, and any `--set` repairs it (audit 107 F19).
    @Test func aLineThatIsNotKeyValueIsRefusedUntilThePolicyIsSetAgain() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: DamagedLedgerTests.lines).status == 0)
            #expect(try invites(["policy", "--set", "weekly_cap=50", "--db", db]).status == 0)
            let stored = try #require(try LogTampering.value(ofKey: Array("policy".utf8), in: "meta", ledger: db))
            let keys = String(decoding: stored, as: UTF8.self).split(separator: "\n").map { $0.prefix { $0 != "=" } }
            #expect(Set(keys) == ["expire_after", "cooldown_after_withdraw", "cooldown_after_expire", "pending_cap", "weekly_cap",
                                  "note_limit"], "\(keys)")
            try LogTampering.setValue(stored + Array("\ngarbage".utf8), ofKey: Array("policy".utf8), in: "meta", ledger: db)

            for query in [["policy"], ["check", "--account", "A", "--to", "linkedin.com/in/cy"]] {
                let refused = try invites(query + ["--db", db])
                #expect(refused.status == 1, "\(query): \(refused.stdout)")
                #expect(refused.stderr.contains(#"the stored policy is damaged (a line reads "garbage"); `invites policy --set KEY=VALUE` writes it again"#),
                        "\(query): \(refused.stderr)")
            }
            let repaired = try invites(["policy", "--set", "weekly_cap=100", "--db", db])
            #expect(repaired.status == 0, "\(repaired.stderr)")
            let policy = try invites(["policy", "--db", db, "--format", "json"])
            #expect(policy.status == 0 && policy.object["weekly_cap"] as? Int == 100 && policy.object["pending_cap"] as? Int == 500,
                    "\(policy.stdout) \(policy.stderr)")
            let after = String(decoding: try #require(try LogTampering.value(ofKey: Array("policy".utf8), in: "meta", ledger: db)), as: UTF8.self)
            #expect(!after.contains("garbage"), "\(after)")
        }
    }
}
