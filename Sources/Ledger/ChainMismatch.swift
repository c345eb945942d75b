import LMDB
import Merkle

/// A stored event that no longer matches the chain hash stored for it: the ledger was changed outside `invites`.
///
/// Reads that recompute the chain as they go (`export`, `log`, `history`, digests and proofs)
/// compare it with what was stored at append (each record's chain tag, the checkpoints, the
/// head) and stop at the first difference, instead of handing out a freshly recomputed chain
/// over altered events, which would hide the change from anyone holding only their output.
public struct ChainMismatch: Error, CustomStringConvertible, Sendable {
    /// The position where the difference was found (the altered event, or at most a checkpoint interval after it).
    public let position: UInt64
    /// What differs.
    public let detail: String

    /// A difference found at `position`, `detail` saying what differs.
    public init(position: UInt64, detail: String) {
        self.position = position
        self.detail = detail
    }

    /// The log holds no record at `position`, where one must be: the one way every scan of it says so.
    public static func missingEvent(at position: UInt64) -> ChainMismatch {
        ChainMismatch(position: position, detail: "the event at position \(position) is missing from the log")
    }

    /// The position and what differs, and that the ledger was changed outside `invites`.
    public var description: String {
        "position \(position): \(detail); the ledger was changed outside invites (`invites verify` names the first altered position)"
    }
}

extension LedgerView {
    /// Throws `ChainMismatch` unless `hash`, the chain hash recomputed after the event at `position`, agrees with what was stored for it.
    ///
    /// `storedTag` is the record's chain tag, compared in `tagMask`'s bits: by default the top 32,
    /// which every record version keeps (version 3 keeps only those); a `StoredEventRecord` gives
    /// its own width. A record matching by chance is caught at the next record, the next chain
    /// checkpoint (at most `Ledger.chainCheckpointInterval` on) or the head. `verify`, which checks
    /// the head once it has recomputed everything, passes no `head`.
    func checkChain(_ hash: Digest, at position: UInt64, storedTag: UInt64, tagMask: UInt64 = 0xFFFF_FFFF_0000_0000,
                    head: ChainHead?) throws {
        guard hash.tag & tagMask == storedTag & tagMask else {
            throw ChainMismatch(position: position, detail: "the stored event does not match its chain hash")
        }
        if position % Ledger.chainCheckpointInterval == 0 {
            let stored = try BigEndianKey(position).withBytes { try txn.get($0, in: ledger.chain) }
            guard let stored else { throw ChainMismatch(position: position, detail: "the chain checkpoint is missing") }
            guard Digest(stored) == hash else {
                throw ChainMismatch(position: position, detail: "the chain checkpoint differs from the recomputed hash")
            }
        }
        if let head, position == head.position, hash != head.hash {
            throw ChainMismatch(position: position, detail: "the stored head hash differs from the recomputed chain")
        }
    }
}
