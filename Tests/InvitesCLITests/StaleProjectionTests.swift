import Foundation
import Testing

/// `verify --projections` names a projection holding more than a replay of the log gives, which queries would answer from.
@Suite struct StaleProjectionTests {
    /// The built ledger of `DamagedLedgerTests.lines` (inv-1 pending, inv-2 withdrawn), and the active generation of its pending projection.
    static func ledgerWithPendingBuilt(_ db: String) throws -> UInt8 {
        #expect(try invites(["import", "-", "--db", db], input: DamagedLedgerTests.lines).status == 0)
        #expect(try invites(["pending", "--db", db]).status == 0)
        #expect(try invites(["verify", "--projections", "--db", db]).status == 0)
        return try #require(try LogTampering.value(ofKey: Array("pending".utf8), in: "proj.meta", ledger: db)?.first)
    }

    /// A pending row left behind after every real one (key all 0xFF) is named as an entry no replay gives, and `rebuild pending` drops it (audit 107 F3).
    @Test func aStaleRowPastEveryOtherIsNamedAndRebuilt() throws {
        try withTemporaryLedger { db, _ in
            let rows = "proj.pending.rows.g\(try Self.ledgerWithPendingBuilt(db))"
            let stale = [UInt8](repeating: 0xFF, count: 16)
            try LogTampering.setValue([0], ofKey: stale, in: rows, ledger: db)
            let damaged = try invites(["verify", "--projections", "--db", db, "--format", "json"])
            #expect(damaged.status == 1, "\(damaged.stderr)")
            #expect(damaged.object.count == 3 && damaged.object["ok"] as? Bool == false && damaged.object["position"] as? Int == 3,
                    "\(damaged.stdout)")
            #expect(damaged.object["error"] as? String == "projection pending at position 3: its rows hold an entry that a replay of the log "
                + "does not give (after 1 that agree); queries answer from it, so `invites rebuild pending --db \(db)` writes it anew from the log",
                    "\(damaged.stdout)")
            #expect(try invites(["rebuild", "pending", "--db", db]).status == 0)
            #expect(try invites(["verify", "--projections", "--db", db]).status == 0)
            let now = "2026-01-07T00:00:00Z"
            let pending = try invites(["pending", "--db", db, "--format", "json", "--now", now])
            #expect(pending.rows.map { $0["invitation"] as? String } == ["inv-1"], "\(pending.stdout)")
        }
    }

    /// A pending checkpoint set 5 past the log's head is named at that checkpoint by `verify --projections` (audit 107 F3).
    @Test func aCheckpointPastTheHeadIsNamed() throws {
        try withTemporaryLedger { db, _ in
            _ = try Self.ledgerWithPendingBuilt(db)
            let state = try #require(try LogTampering.value(ofKey: Array("pending".utf8), in: "proj.meta", ledger: db))
            #expect(state.count == 13, "\(state)")  // generation, version (4 bytes), position (8 bytes, big-endian)
            let past: UInt64 = 3 + 5
            try LogTampering.setValue(state.prefix(5) + withUnsafeBytes(of: past.bigEndian, Array.init), ofKey: Array("pending".utf8),
                                      in: "proj.meta", ledger: db)
            let damaged = try invites(["verify", "--projections", "--db", db, "--format", "json"])
            #expect(damaged.status == 1 && damaged.object["ok"] as? Bool == false && damaged.object["position"] as? Int == 8,
                    "\(damaged.stdout) \(damaged.stderr)")
            #expect((damaged.object["error"] as? String)?.hasPrefix("projection pending at position 8: its checkpoint is past the log's head 3;")
                    == true, "\(damaged.stdout)")
            #expect(try invites(["rebuild", "pending", "--db", db]).status == 0)
            #expect(try invites(["verify", "--projections", "--db", db]).status == 0)
        }
    }
}
