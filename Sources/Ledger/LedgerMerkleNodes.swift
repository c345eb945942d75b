import LMDB
import Merkle

/// The ledger's Merkle tree as a node source: stored nodes for the upper levels, recomputed from events below.
///
/// Nodes of level `Ledger.lowestStoredMerkleLevel` and above are stored (key: level byte and
/// big-endian index); a lower node is rebuilt from at most 16 events, which keeps the tree
/// at about 6 bytes per event on disk instead of 64.
public struct LedgerMerkleNodes: MerkleNodeSource {
    let view: LedgerView
    /// How many leaves the tree holds (the log's length).
    public let size: UInt64

    public var leafCount: UInt64? { size }

    static func key(level: Int, index: UInt64) -> [UInt8] {
        [UInt8(level)] + BigEndianKey(index).array
    }

    public func node(level: Int, index: UInt64) throws -> Digest {
        if level >= Ledger.lowestStoredMerkleLevel {
            guard let stored = try view.txn.get(Self.key(level: level, index: index), in: view.ledger.merkle),
                  let digest = Digest(stored) else {
                throw StorageError("Merkle node \(level)/\(index) is missing")
            }
            return digest
        }
        if level == 0 { return try leafHash(position: index + 1) }
        return MerkleHash.node(try node(level: level - 1, index: index * 2), try node(level: level - 1, index: index * 2 + 1))
    }

    /// The leaf hash of the event at `position`: SHA-256(0x00 ‖ its canonical JSON).
    public func leafHash(position: UInt64) throws -> Digest {
        guard let event = try view.event(at: position) else { throw StorageError("position \(position) is missing") }
        var canonical: [UInt8] = []
        event.canonicalJSON(into: &canonical)
        return MerkleHash.leaf(canonical)
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
        guard let stored = try txn.get(Array("frontier".utf8), in: ledger.meta),
              let frontier = MerkleFrontier(encoded: Array(stored)), frontier.size == head.position else {
            throw StorageError("the stored Merkle frontier does not match the head")
        }
        return frontier
    }

    /// The Merkle root of the first `size` events.
    public func merkleRoot(size: UInt64) throws -> Digest {
        let head = try head()
        if size == head.position { return try merkleFrontier(head: head).root() }
        return try merkleNodes(size: head.position).root(size: size)
    }
}
