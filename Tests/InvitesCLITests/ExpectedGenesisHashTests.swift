import Foundation
import Testing

/// `verify --expect HASH@0` holds the empty log's chain hash, 64 zeros, to that value whatever the log holds (SPEC §3).
@Suite struct ExpectedGenesisHashTests {
    /// A wrong hash expected at position 0 fails at position 0 in SPEC's JSON form, naming both hashes (audit 107 F12).
    @Test func aWrongHashExpectedAtPositionZeroFailsThere() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: DamagedLedgerTests.lines).status == 0)
            let zeros = String(repeating: "0", count: 64), wrong = String(repeating: "a", count: 64)
            let verdict = try invites(["verify", "--db", db, "--expect", "\(wrong)@0", "--format", "json"])
            #expect(verdict.status == 1, "\(verdict.stderr)")
            #expect(verdict.object.count == 3 && verdict.object["ok"] as? Bool == false && verdict.object["position"] as? Int == 0,
                    "\(verdict.stdout)")
            #expect(verdict.object["error"] as? String == "the chain hash at position 0 is \(zeros), not \(wrong)", "\(verdict.stdout)")
        }
    }

    /// The zero hash expected at position 0 verifies a ledger that holds events, with the whole log checked (audit 107 F12).
    @Test func theZeroHashExpectedAtPositionZeroVerifies() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: DamagedLedgerTests.lines).status == 0)
            let zeros = String(repeating: "0", count: 64)
            let verdict = try invites(["verify", "--db", db, "--expect", "\(zeros)@0", "--format", "json"])
            #expect(verdict.status == 0, "\(verdict.stderr)")
            #expect(verdict.object["ok"] as? Bool == true && verdict.object["events"] as? Int == 3
                    && verdict.object["position"] as? Int == 0 && verdict.object["hash"] as? String == zeros, "\(verdict.stdout)")
            // The expectation is met at once, but the rest of the log is still checked.
            try LogTampering.replaceFirstByte(of: "bob", with: UInt8(ascii: "B"), inRecordAt: 2, ledger: db)
            let altered = try invites(["verify", "--db", db, "--expect", "\(zeros)@0", "--format", "json"])
            #expect(altered.status == 1 && altered.object["position"] as? Int == 2, "\(altered.stdout)")
        }
    }
}
