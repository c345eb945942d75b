import LMDB
import Merkle

/// The ledger's Merkle tree as a node source: stored nodes for the upper levels, recomputed from events below.
///
/// Nodes of level `Ledger.lowestStoredMerkleLevel` and above are stored in `merkle-nodes`, keyed
/// in the order they complete (`key(level:index:)`); a lower node is rebuilt from at most 32
/// events. Because keys only grow, every node is appended (`MDB_APPEND`) and pages fill up:
/// about 3.2 bytes per event on disk (one 32-byte node per 16 events, plus 18 bytes of key and
/// LMDB node header and slot each), instead of 64 for the whole tree.
public struct LedgerMerkleNodes: MerkleNodeSource {
    let view: LedgerView
    /// How many leaves the tree holds (the log's length).
    public let size: UInt64

    /// The log's length, so a request beyond it fails as a `MerkleError`.
    public var leafCount: UInt64? { size }

    /// The key of node (level, index): big-endian `UInt64` of `((index + 1) << level) << 6 | level`.
    ///
    /// `(index + 1) << level` is the number of leaves at which the node completes; nodes that
    /// complete at the same leaf count complete from the lowest level up, and the level sits in
    /// the low 6 bits, so keys strictly increase in the order `MerkleFrontier.append` reports
    /// nodes. Exact for trees of fewer than 2^58 leaves (a node completing later would shift
    /// bits out).
    static func key(level: Int, index: UInt64) -> [UInt8] {
        let completedLeaves = (index + 1) << UInt64(level)
        return BigEndianKey((completedLeaves << 6) | UInt64(level)).array
    }

    /// The leaf count at which the node stored under `key` completed.
    static func completedLeaves(key: UnsafeRawBufferPointer) -> UInt64 {
        key.bigEndianUInt64 >> 6
    }

    /// The level of the node stored under `key` (its low 6 bits).
    static func level(key: UnsafeRawBufferPointer) -> Int {
        Int(key.bigEndianUInt64 & 63)
    }

    /// The hash of the perfect subtree at (level, index): stored from `Ledger.lowestStoredMerkleLevel` up, else recomputed from its events.
    public func node(level: Int, index: UInt64) throws -> Digest {
        if level >= Ledger.lowestStoredMerkleLevel {
            guard let stored = try view.txn.get(Self.key(level: level, index: index), in: view.ledger.merkle),
                  let digest = Digest(stored) else {
                throw StorageError("Merkle node \(level)/\(index) is missing")
            }
            return digest
        }
        return try recomputed(level: level, index: index)
    }

    /// Node (level, index) of a level that is not stored, folded from its events' leaf hashes (read in one pass).
    private func recomputed(level: Int, index: UInt64) throws -> Digest {
        let first = index << UInt64(level) + 1
        var subtree = MerkleFrontier()
        try view.forEachCanonicalJSON(from: first, through: first + (1 << UInt64(level)) - 1) { canonical, _ in
            subtree.append(MerkleHash.leaf(canonical)) { _, _, _ in }
        }
        return subtree.root()
    }
}

extension LedgerView {
    /// The Merkle tree over the first `size` events (default: the whole log).
    public func merkleNodes(size: UInt64? = nil) throws -> LedgerMerkleNodes {
        LedgerMerkleNodes(view: self, size: try size ?? head().position)
    }

    /// The stored frontier of the tree at the head.
    func merkleFrontier(head: ChainHead) throws -> MerkleFrontier {
        guard head.position > 0 else { return MerkleFrontier() }
        guard let stored = try txn.get(MetaKey.frontier, in: ledger.meta),
              let frontier = MerkleFrontier(encoded: Array(stored)), frontier.size == head.position else {
            throw StorageError("the stored Merkle frontier does not match the head")
        }
        return frontier
    }

}
