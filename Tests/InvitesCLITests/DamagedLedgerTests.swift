import Foundation
import Testing

/// What a user can do about a ledger damaged or altered outside `invites` (audit 22).
@Suite struct DamagedLedgerTests {
    static let lines = """
    {"type":"sent","id":"e-1","invitation":"inv-1","account":"A","recipient":"linkedin.com/in/ann","at":"2026-01-05T09:00:00Z"}
    {"type":"sent","id":"e-2","invitation":"inv-2","account":"A","recipient":"linkedin.com/in/bob","at":"2026-01-05T10:00:00Z"}
    {"type":"withdrawn","id":"e-3","invitation":"inv-2","at":"2026-01-06T10:00:00Z"}
    """

    @Test func aLostPairsEntryIsFoundByVerifyIndexesAndRepaired() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: Self.lines).status == 0)
            let intact = try invites(["verify", "--indexes", "--db", db])
            #expect(intact.status == 0 && intact.stdout.hasSuffix("; the indexes agree with the log\n"), "\(intact.stdout)")
            let both = try invites(["verify", "--indexes", "--projections", "--db", db]).stdout
            #expect(both.hasSuffix("; the indexes and the projections agree with the log\n"), "\(both)")
            try LogTampering.removeIndexEntry(holding: "ann", from: "pairs", ledger: db)
            // The chain cannot show it, and the rules no longer hold: a second pending invitation would go in.
            #expect(try invites(["verify", "--db", db]).status == 0)
            let damaged = try invites(["verify", "--indexes", "--db", db, "--format", "json"])
            #expect(damaged.status == 1)
            #expect(damaged.object["ok"] as? Bool == false && damaged.object["position"] as? Int == 1, "\(damaged.stdout)")
            #expect((damaged.object["error"] as? String)?.contains("the pairs index lacks") == true, "\(damaged.stdout)")
            #expect(damaged.stderr.contains("verification_failed") && damaged.stderr.contains("rebuild indexes"), "\(damaged.stderr)")

            let rebuilt = try invites(["rebuild", "indexes", "--db", db, "--format", "json"])
            #expect(rebuilt.stdout.contains(#"{"name":"indexes","position":3,"lag":0}"#), "\(rebuilt.stdout) \(rebuilt.stderr)")
            #expect(try invites(["verify", "--indexes", "--db", db]).status == 0)
            let again = #"{"type":"sent","account":"A","recipient":"linkedin.com/in/ann","at":"2026-01-07T09:00:00Z"}"#
            let refused = try invites(["import", "-", "--db", db], input: again + "\n")
            #expect(refused.status == 1 && refused.stderr.contains("already_pending"), "\(refused.stderr)")
        }
    }

    /// A log that holds an id twice (a build before 1508538 checked none) is not sent round in a circle (audit 98 F1):
    /// no rebuild of the indexes mends it, and `rebuild indexes` says what does.
    @Test func aLogHoldingAnIDTwiceGetsAWayOutNotARebuild() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: Self.lines).status == 0)
            try LogTampering.removeRecord(at: 1, copyTo: 2, ledger: db)
            let rebuilt = try invites(["rebuild", "indexes", "--db", db])
            #expect(rebuilt.status == 1, "\(rebuilt.stdout)")
            #expect(rebuilt.stderr.contains("position 2: event id e-1 is also the id of position 1; the log itself holds this, and no "
                + "rebuild mends a log"), "\(rebuilt.stderr)")
            #expect(rebuilt.stderr.contains("export the ledger, leave out the lines at fault"), "\(rebuilt.stderr)")
        }
    }

    /// A lost cooldown entry made `check` say "ok" with the log, the indexes and `status` all fine (audit 55 M7).
    @Test func aLostCooldownEntryIsFoundByVerifyProjectionsAndRebuilt() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: Self.lines).status == 0)
            let check = ["check", "--db", db, "--account", "A", "--to", "linkedin.com/in/bob", "--now", "2026-01-10T00:00:00Z"]
            #expect(try invites(check).status == 3)
            #expect(try invites(["verify", "--projections", "--db", db]).status == 0)
            try LogTampering.removeIndexEntry(holding: "in/bob", from: "proj.cooldown.pairs.g0", ledger: db)
            #expect(try invites(check).status == 0)
            #expect(try invites(["verify", "--indexes", "--db", db]).status == 0)
            let damaged = try invites(["verify", "--projections", "--db", db, "--format", "json"])
            #expect(damaged.status == 1 && damaged.object["position"] as? Int == 3, "\(damaged.stdout)")
            #expect(damaged.object["error"] as? String == "projection cooldown at position 3: its pairs lack an entry that a replay of the log "
                + "gives (after 1 that agree); queries answer from it, so `invites rebuild cooldown --db \(db)` writes it anew from the log", "\(damaged.stdout)")
            #expect(try invites(["rebuild", "cooldown", "--db", db]).status == 0)
            #expect(try invites(["verify", "--projections", "--db", db]).status == 0)
            #expect(try invites(check).status == 3)
        }
    }

    /// A projection whose stored rows no longer decode is named with the `rebuild` that mends it, on the ledger the query was given.
    @Test func damagedProjectionRowsNameTheRebuildForThisLedger() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: Self.lines).status == 0)
            let pending = ["pending", "--now", "2026-01-07T00:00:00Z"]
            #expect(try invites(pending + ["--db", db]).status == 0)
            for generation in ["g0", "g1"] {
                try LogTampering.setEveryValue(to: [0], in: "proj.pending.rows.\(generation)", ledger: db)
            }
            let given = try invites(pending + ["--db", db])
            #expect(given.status == 1 && given.stderr.contains("(`invites rebuild pending --db \(db)` replays the log into a fresh one)"),
                    "\(given.stderr)")
            let fromEnvironment = try invites(pending, environment: ["INVITES_DB": db])
            #expect(fromEnvironment.stderr.contains("(`invites rebuild pending` replays the log"), "\(fromEnvironment.stderr)")
            #expect(try invites(["rebuild", "pending", "--db", db]).status == 0)
            #expect(try invites(pending + ["--db", db]).status == 0)
        }
    }

    @Test func rebuildRefusesToRecomputeTheTreeOfAnAlteredLog() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: Self.lines).status == 0)
            try LogTampering.replaceFirstByte(of: "bob", with: UInt8(ascii: "B"), inRecordAt: 2, ledger: db)
            for arguments in [["rebuild"], ["rebuild", "merkle"]] {
                let run = try invites(arguments + ["--db", db])
                #expect(run.status == 1, "\(arguments)")
                #expect(run.stderr.contains("verification_failed: position 2") && run.stderr.contains("nothing was rebuilt"),
                        "\(run.stderr)")
            }
            // Nothing was rewritten: the chain still names the change, and no digest is handed out over it.
            let verify = try invites(["verify", "--db", db, "--format", "json"])
            #expect(verify.status == 1 && verify.object["position"] as? Int == 2, "\(verify.stdout)")
            #expect(try invites(["digest", "--db", db]).status == 1)
        }
    }

    /// A stored tree that differs from the log's is overwritten only with --force (review 23).
    @Test func aDifferingTreeIsRebuiltOnlyWhenForced() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: Self.lines).status == 0)
            let digest = try invites(["digest", "--db", db]).stdout
            try LogTampering.flipLastBit(ofKey: "frontier", in: "meta", ledger: db)
            let verify = try invites(["verify", "--db", db])
            #expect(verify.status == 1 && verify.stderr.contains("verify --expect HASH@P"), "\(verify.stderr)")
            // The digest published before tells damage from alteration, though the tree differs (review 24).
            let published = try #require((try JSONSerialization.jsonObject(with: Data(digest.utf8)) as? [String: Any])?["hash"] as? String)
            let told = try invites(["verify", "--db", db, "--expect", "\(published)@3", "--format", "json"])
            #expect(told.status == 1 && (told.object["error"] as? String)?.contains("so the whole log is the one of that digest") == true,
                    "\(told.stdout)")
            let other = String(repeating: "ab", count: 32)
            let forged = try invites(["verify", "--db", db, "--expect", "\(other)@3", "--format", "json"])
            #expect((forged.object["error"] as? String)?.contains("the chain hash at position 3 is") == true, "\(forged.stdout)")
            let refused = try invites(["rebuild", "merkle", "--db", db])
            #expect(refused.status == 1 && refused.stderr.contains("rebuild merkle --force"), "\(refused.stderr)")
            #expect(try invites(["digest", "--db", db]).status == 1)
            #expect(try invites(["rebuild", "merkle", "--force", "--db", db]).status == 0)
            #expect(try invites(["digest", "--db", db]).stdout == digest)
            #expect(try invites(["verify", "--db", db]).status == 0)
        }
    }

    /// A missing frontier is a verify failure in SPEC's form, and rebuild merkle --force fills it (reviews 24, 26).
    @Test func aMissingFrontierIsAnsweredInJSON() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: Self.lines).status == 0)
            try LogTampering.removeKey("frontier", from: "meta", ledger: db)
            let verify = try invites(["verify", "--db", db, "--format", "json"])
            #expect(verify.status == 1 && verify.object["ok"] as? Bool == false && verify.object["position"] as? Int == 3, "\(verify.stdout)")
            #expect(try invites(["rebuild", "merkle", "--db", db]).status == 1)
            #expect(try invites(["rebuild", "merkle", "--force", "--db", db]).status == 0)
            #expect(try invites(["verify", "--db", db]).status == 0)
        }
    }
}
