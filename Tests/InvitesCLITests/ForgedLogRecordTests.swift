import Foundation
import Testing

/// A log record added past the head, or taken out of the middle, outside `invites` is named by every reader of the log (SPEC §2).
@Suite struct ForgedLogRecordTests {
    /// A copy of the last event stored at position 4 with the head left at 3 fails `verify` at 4, and `export` and `log` refuse it (audit 107 F2).
    @Test func aRecordPastTheHeadIsNamedByVerifyExportAndLog() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: DamagedLedgerTests.lines).status == 0)
            try LogTampering.removeRecord(at: 3, copyTo: 4, ledger: db)
            let verdict = try invites(["verify", "--db", db, "--format", "json"])
            #expect(verdict.status == 1, "\(verdict.stderr)")
            #expect(verdict.object.count == 3 && verdict.object["ok"] as? Bool == false && verdict.object["position"] as? Int == 4,
                    "\(verdict.stdout)")
            #expect(verdict.object["error"] as? String == "the log holds 4 events but its head says 3", "\(verdict.stdout)")
            for reader in [["export"], ["log"], ["log", "--from", "3"]] {
                let answer = try invites(reader + ["--db", db])
                #expect(answer.status == 1, "\(reader): \(answer.stdout)")
                #expect(answer.stdout.split(separator: "\n").count < 4, "\(reader) wrote the forged event: \(answer.stdout)")
                #expect(answer.stderr.contains("position 4: the log holds 4 events but its head says 3"), "\(reader): \(answer.stderr)")
            }
        }
    }

    /// A record taken out of the middle of the log fails `verify`, `log` and `export` at its position, never skipped (audit 107 F2).
    @Test func aRecordMissingFromTheMiddleIsNamedByItsPosition() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: DamagedLedgerTests.lines).status == 0)
            try LogTampering.removeRecord(at: 2, ledger: db)
            let verdict = try invites(["verify", "--db", db, "--format", "json"])
            #expect(verdict.status == 1 && verdict.object["ok"] as? Bool == false && verdict.object["position"] as? Int == 2,
                    "\(verdict.stdout)")
            #expect(verdict.object["error"] as? String == "position 2 is missing (found 3 next)", "\(verdict.stdout)")
            for reader in [["log"], ["export"], ["log", "--from", "2", "--limit", "1"]] {
                let answer = try invites(reader + ["--db", db])
                #expect(answer.status == 1, "\(reader): \(answer.stdout)")
                #expect(!answer.stdout.contains(#""position":3"#), "\(reader) skipped the gap: \(answer.stdout)")
                #expect(answer.stderr.contains("the event at position 2 is missing from the log"), "\(reader): \(answer.stderr)")
            }
        }
    }
}
