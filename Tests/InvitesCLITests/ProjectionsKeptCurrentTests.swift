import Foundation
import Testing

/// Appends bring built projections up to their events in the same commit, so queries after them only read.
@Suite struct ProjectionsKeptCurrentTests {
    /// The projections' lags as `status` shows them.
    private func lags(_ db: String) throws -> [Int] {
        let status = try invites(["status", "--db", db, "--format", "json"])
        return (status.object["projections"] as? [[String: Any]] ?? []).compactMap { $0["lag"] as? Int }
    }

    @Test func everyKindOfAppendLeavesBuiltProjectionsAtTheHead() throws {
        try withTemporaryLedger { db, _ in
            let seed = (1...6).map {
                #"{"type":"sent","id":"s-\#($0)","invitation":"i-\#($0)","account":"a","recipient":"r-\#($0)","source":"src-\#($0 % 2)","at":"2026-01-01T00:00:00Z"}"#
            }.joined(separator: "\n")
            #expect(try invites(["import", "-", "--db", db], input: seed).status == 0)
            #expect(try lags(db) == [6, 6, 6], "an import into projections never built leaves them to the first query")
            #expect(try invites(["pending", "--db", db]).status == 0)
            #expect(try lags(db) == [0, 0, 0])

            let appends: [[String]] = [
                ["send", "--account", "a", "--to", "r-7", "--at", "2026-01-02T00:00:00Z"],
                ["send", "--account", "a", "--to", "r-8", "--at", "2026-01-02T00:00:00Z", "--force"],
                ["remind", "--invitation", "i-1", "--at", "2026-01-03T00:00:00Z"],
                ["withdraw", "--invitation", "i-2", "--at", "2026-01-03T00:00:00Z", "--reason", "stale"],
                ["accept", "--account", "a", "--to", "r-3", "--at", "2026-01-04T00:00:00Z"],
                ["expire", "--invitation", "i-4", "--at", "2026-01-05T00:00:00Z"],
                ["expire", "--due", "--now", "2026-08-01T00:00:00Z"],
            ]
            for arguments in appends {
                let run = try invites(arguments + ["--db", db])
                #expect(run.status == 0, "\(arguments): \(run.stderr)")
                #expect(try lags(db) == [0, 0, 0], "after \(arguments)")
            }
            let more = #"{"type":"sent","id":"s-9","account":"b","recipient":"r-9","at":"2026-08-02T00:00:00Z"}"#
            #expect(try invites(["import", "-", "--db", db], input: more).status == 0)
            #expect(try lags(db) == [0, 0, 0])

            // What the projections hold is what a rebuild from the log gives.
            let queries: [[String]] = [["pending", "--now", "2026-08-03T00:00:00Z"], ["cooldown", "--now", "2026-08-03T00:00:00Z"],
                                       ["metrics", "--by", "source", "--now", "2026-08-03T00:00:00Z"],
                                       ["check", "--account", "a", "--to", "r-2", "--now", "2026-01-10T00:00:00Z"]]
            let before = try queries.map { try invites($0 + ["--db", db, "--format", "json"]).stdout }
            #expect(try invites(["rebuild", "--db", db]).status == 0)
            let after = try queries.map { try invites($0 + ["--db", db, "--format", "json"]).stdout }
            #expect(before == after)
        }
    }

    @Test func aRefusedBatchLeavesTheProjectionsAsTheyWere() throws {
        try withTemporaryLedger { db, _ in
            let seed = #"{"type":"sent","id":"s-1","invitation":"i-1","account":"a","recipient":"r-1","at":"2026-01-01T00:00:00Z"}"#
            #expect(try invites(["import", "-", "--db", db], input: seed).status == 0)
            #expect(try invites(["pending", "--db", db]).status == 0)
            let refused = """
            {"type":"sent","id":"s-2","invitation":"i-2","account":"a","recipient":"r-2","at":"2026-01-02T00:00:00Z"}
            {"type":"accepted","id":"s-3","invitation":"i-404","at":"2026-01-03T00:00:00Z"}
            """
            let run = try invites(["import", "-", "--db", db], input: refused)
            #expect(run.status == 1 && run.stderr.contains("unknown_invitation"))
            #expect(try lags(db) == [0, 0, 0])
            let pending = try invites(["pending", "--db", db, "--format", "json", "--now", "2026-01-04T00:00:00Z"])
            #expect(pending.rows.map { $0["invitation"] as? String } == ["i-1"])
        }
    }

    /// `verify --projections` says which projections another build wrote, which it leaves unchecked (audit 59 L4).
    @Test func aProjectionOfAnotherBuildIsNamedAsNotChecked() throws {
        try withTemporaryLedger { db, _ in
            let sent = #"{"type":"sent","account":"a","recipient":"r-1","at":"2026-01-01T00:00:00Z"}"#
            #expect(try invites(["import", "-", "--db", db], input: sent + "\n").status == 0)
            #expect(try invites(["pending", "--db", db]).status == 0)
            #expect(try invites(["verify", "--projections", "--db", db]).stderr.isEmpty)
            // The state is generation (1 byte), version (4 bytes, big-endian), checkpoint: as a build of version 2 left it.
            var state = try #require(try LogTampering.value(ofKey: Array("cooldown".utf8), in: "proj.meta", ledger: db))
            state.replaceSubrange(1..<5, with: [0, 0, 0, 2])
            try LogTampering.setValue(state, ofKey: Array("cooldown".utf8), in: "proj.meta", ledger: db)
            let verified = try invites(["verify", "--projections", "--db", db])
            #expect(verified.status == 0 && verified.stderr.contains("projection cooldown was built by another build of invites "
                + "(its version 2) and was not checked"), "\(verified.stderr)")
        }
    }

    /// `status` says what the next query does about a lag: apply the events, or rebuild from the log (audit 60 L3).
    @Test func statusSaysWhatTheNextQueryDoesAboutALag() throws {
        try withTemporaryLedger { db, _ in
            let sends = { (range: ClosedRange<Int>) in
                range.map { #"{"type":"sent","account":"a","recipient":"r-\#($0)","at":"2026-01-01T00:00:00Z"}"# }.joined(separator: "\n") + "\n"
            }
            #expect(try invites(["import", "-", "--db", db], input: sends(1...10)).status == 0)
            #expect(try invites(["pending", "--db", db, "--limit", "1"]).status == 0)
            #expect(try invites(["import", "-", "--db", db], input: sends(11...2_100)).status == 0)
            let lagging = try invites(["status", "--db", db]).stdout
            #expect(lagging.contains("position 10, lag 2090; the next query applies these events"), "\(lagging)")
            #expect(try invites(["import", "-", "--db", db], input: sends(2_101...23_000)).status == 0)
            let far = try invites(["status", "--db", db]).stdout
            #expect(far.contains("position 10, lag 22990; the next query rebuilds it from the log"), "\(far)")
        }
    }
}
