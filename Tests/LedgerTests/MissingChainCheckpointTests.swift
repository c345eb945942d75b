import Foundation
import LMDB
@testable import Ledger
import Testing

/// A chain checkpoint deleted outside `invites` is named at its position by `verify`, one thread or two, and by every reader hashing from it.
@Suite(.serialized)
struct MissingChainCheckpointTests {
    /// Deletes the chain checkpoint stored at `position`.
    static func removeCheckpoint(_ ledger: Ledger, at position: UInt64) throws {
        let deleted = try ledger.environment.write { txn in try txn.delete(BigEndianKey(position).array, in: ledger.chain) }
        #expect(deleted, "no chain checkpoint at \(position)")
    }

    /// Where to delete a checkpoint in `ParallelVerifyTests`' ledger split at `split`: the split itself, one in each half.
    static func checkpoints(split: UInt64) -> [UInt64] {
        [split, 10 * Ledger.chainCheckpointInterval, split + 10 * Ledger.chainCheckpointInterval]
    }

    /// The checkpoint at the split, or in either half, deleted fails the two-thread `verify` there, not a hard error (audit 107 F1).
    @Test(arguments: 0..<3)
    func aMissingCheckpointIsNamedByVerify(which: Int) throws {
        let (ledger, folder, _, split) = try ParallelVerifyTests.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = Self.checkpoints(split: split)[which]
        try Self.removeCheckpoint(ledger, at: checkpoint)
        #expect(try ledger.verify() == .failed(position: checkpoint, error: "the chain checkpoint is missing"))
    }

    /// A reader hashing a stretch from a deleted checkpoint names it, and one from a damaged checkpoint says it may be the cause (audit 107 F1).
    @Test func readersNameTheCheckpointTheyHashFrom() throws {
        let (ledger, folder, _, split) = try ParallelVerifyTests.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = split + 10 * Ledger.chainCheckpointInterval, damaged = split
        try Self.removeCheckpoint(ledger, at: missing)
        try ledger.environment.write { txn in
            try txn.put([UInt8](repeating: 1, count: 32), forKey: BigEndianKey(damaged).array, in: ledger.chain)
        }
        // The record after the checkpoint, and one further on in its stretch: both hash from it.
        for position in [missing + 1, missing + 30] {
            #expect { try ledger.read { try $0.chainHash(at: position) } } throws: { error in
                let mismatch = error as? ChainMismatch
                return mismatch?.position == missing && mismatch?.detail == "the chain checkpoint at \(missing) is missing"
            }
        }
        #expect { try ledger.read { try $0.chainHash(at: damaged + 1) } } throws: { error in
            let mismatch = error as? ChainMismatch
            return mismatch?.position == damaged + 1 && mismatch?.detail
                == "the stored event does not match its chain hash (or the chain checkpoint at \(damaged) before it was damaged)"
        }
        // The stretch ending at the deleted checkpoint is checked against it too.
        #expect { try ledger.read { try $0.chainHash(at: missing - 1) } } throws: { error in
            (error as? ChainMismatch).map { $0.position == missing && $0.detail == "the chain checkpoint is missing" } == true
        }
    }
}
