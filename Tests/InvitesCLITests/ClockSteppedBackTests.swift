import Foundation
@testable import Ledger
import Testing

/// A machine whose clock was stepped back after the ledger's last write (audit 115 F11): the
/// ledger's events are recorded here at a time days ahead of the clock, through the Ledger
/// module's own time of recording (the binary has no clock to fake, and needs none).
@Suite struct ClockSteppedBackCLITests {
    /// Records, at a `recorded_at` three days ahead of the clock, a send to r1 an hour ago and one to r3 a day from now.
    private func recordAhead(_ db: String) throws -> Timestamp {
        let now = Timestamp.now(), recordedAt = now + TimeSpan.days(3)
        let ledger = try Ledger.open(at: db)
        let outcome = try ledger.append([
            ProposedEvent(kind: .sent, id: "e1", at: now - TimeSpan(milliseconds: 3_600_000), invitation: "i1", account: "a", recipient: "r1"),
            ProposedEvent(kind: .sent, id: "e3", at: now + TimeSpan.days(1), invitation: "i3", account: "a", recipient: "r3"),
        ], skipInvalid: false, commits: .atOnce, recordedAt: recordedAt, beforeCommit: nil)
        #expect(outcome.appended == 2)
        return recordedAt
    }

    @Test func aWriteBehindTheLastRecordedAtSaysSoAndEveryReadStillAnswers() throws {
        try withTemporaryLedger { db, _ in
            let ahead = try recordAhead(db)
            let send = try invites(["send", "--db", db, "--account", "a", "--to", "r2", "--format", "json"])
            #expect(send.status == 0 && send.object["appended"] as? Int == 1 && send.object["first_position"] as? Int == 3, "\(send.stderr)")
            #expect(send.stderr.contains("invites: note: the clock (") && send.stderr.contains(
                ") is behind the last recorded event's recorded_at (\(ahead.rfc3339)) by 2 days: recorded_at goes backwards here "
                    + "(position 3); is this machine's clock right?"), "\(send.stderr)")
            // The same for an import, and not again once the log's last recorded_at is the clock's own.
            let imported = try invites(["import", "-", "--db", db],
                                       input: #"{"type":"sent","account":"a","recipient":"r4","at":"2026-01-01T00:00:00Z"}"# + "\n")
            #expect(imported.status == 0 && !imported.stderr.contains("is behind"), "\(imported.stderr)")

            // recorded_at goes backwards along the log, which nothing takes for damage.
            let log = try invites(["log", "--db", db])
            let recorded = log.stdout.split(separator: "\n").compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["recorded_at"] as? String
            }
            #expect(recorded.count == 4 && recorded[0] == ahead.rfc3339 && recorded[2] < recorded[0], "\(recorded)")
            let verify = try invites(["verify", "--db", db, "--format", "json"])
            #expect(verify.status == 0 && verify.object["ok"] as? Bool == true, "\(verify.stdout)\(verify.stderr)")
            for query in [["pending"], ["cooldown"], ["metrics"], ["status"], ["history", "--to", "r1", "--account", "a"], ["rebuild"]] {
                let run = try invites(query + ["--db", db])
                #expect(run.status == 0, "\(query): \(run.stderr)")
            }
            #expect(try invites(["pending", "--db", db, "--format", "json"]).rows.count == 4)
        }
    }

    /// A verb without `--at` takes the clock as its time: behind its pair's latest event, the refusal is explained.
    @Test func anOutOfOrderRefusalAtAClockBehindTheLogSaysWhy() throws {
        try withTemporaryLedger { db, _ in
            _ = try recordAhead(db)
            let withdraw = try invites(["withdraw", "--db", db, "--invitation", "i3"])
            #expect(withdraw.status == 1 && withdraw.stderr.contains("invites: out_of_order: "), "\(withdraw.stderr)")
            #expect(withdraw.stderr.contains("by 2 days, and an event given no --at takes the clock as its time; "
                + "is this machine's clock right?"), "\(withdraw.stderr)")
        }
    }
}
