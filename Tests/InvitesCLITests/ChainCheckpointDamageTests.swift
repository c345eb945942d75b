import Foundation
import LMDB
import Testing

/// The chain checkpoint every 64 events is where `log --from`, `prove` and `history` start hashing: damage to it is named, never hashed over.
@Suite struct ChainCheckpointDamageTests {
    /// 70 sends: one chain checkpoint, at 64, and six events after it.
    static let lines = (1...70).map { index in
        #"{"type":"sent","id":"e-\#(index)","invitation":"inv-\#(index)","account":"A","recipient":"linkedin.com/in/p\#(index)","at":"2026-01-05T09:00:00Z"}"#
    }.joined(separator: "\n")

    /// Runs `body` with a ledger of `lines` whose checkpoint at 64 was changed by `damage` (given the ledger's path).
    static func withDamagedCheckpoint(_ damage: (String) throws -> Void, _ body: (String) throws -> Void) throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: lines).status == 0)
            #expect(try LogTampering.value(ofKey: BigEndianKey(64).array, in: "chain", ledger: db)?.count == 32)
            try damage(db)
            try body(db)
        }
    }

    /// The checkpoint at 64 deleted fails `verify` there, and `log --from 65`, `prove` and `history` of event 65 name it, exit 1 (audit 107 F1).
    @Test func aMissingCheckpointIsNamedByEveryReaderHashingFromIt() throws {
        try Self.withDamagedCheckpoint({ db in
            let environment = try Environment(path: db)
            let chain = try environment.openDatabase("chain")
            #expect(try environment.write { txn in try txn.delete(BigEndianKey(64).array, in: chain) })
        }) { db in
            let verdict = try invites(["verify", "--db", db, "--format", "json"])
            #expect(verdict.status == 1 && verdict.object["ok"] as? Bool == false && verdict.object["position"] as? Int == 64
                    && verdict.object["error"] as? String == "the chain checkpoint is missing", "\(verdict.stdout)")
            for reader in [["log", "--from", "65", "--limit", "1"], ["prove", "--position", "65"], ["history", "--invitation", "inv-65"]] {
                let answer = try invites(reader + ["--db", db])
                #expect(answer.status == 1 && answer.stdout.isEmpty, "\(reader): \(answer.stdout)")
                #expect(answer.stderr.contains("position 64: the chain checkpoint"), "\(reader): \(answer.stderr)")
                #expect(answer.stderr.contains("is missing"), "\(reader): \(answer.stderr)")
            }
        }
    }

    /// The checkpoint at 64 overwritten makes the record after it mismatch, said with the checkpoint as the possible cause (audit 107 F1).
    @Test func aDamagedCheckpointIsSaidBesideTheRecordAfterIt() throws {
        try Self.withDamagedCheckpoint({ db in
            try LogTampering.setValue([UInt8](repeating: 1, count: 32), ofKey: BigEndianKey(64).array, in: "chain", ledger: db)
        }) { db in
            for reader in [["prove", "--position", "65"], ["history", "--invitation", "inv-65"]] {
                let answer = try invites(reader + ["--db", db])
                #expect(answer.status == 1 && answer.stdout.isEmpty, "\(reader): \(answer.stdout)")
                #expect(answer.stderr.contains("position 65: the stored event does not match its chain hash (or the chain checkpoint at 64 "
                    + "before it was damaged)"), "\(reader): \(answer.stderr)")
            }
            let verdict = try invites(["verify", "--db", db, "--format", "json"])
            #expect(verdict.status == 1 && verdict.object["position"] as? Int == 64
                    && verdict.object["error"] as? String == "the chain checkpoint differs from the recomputed hash", "\(verdict.stdout)")
        }
    }
}
