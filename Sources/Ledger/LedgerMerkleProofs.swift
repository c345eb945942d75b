import Merkle

extension LedgerView {
    /// The digest of the first `size` events (default: the whole log).
    ///
    /// Costs O(log N) node lookups plus at most 31 events re-read for the Merkle edge and 63
    /// for the chain hash; nothing is replayed from the start.
    public func digest(size: UInt64? = nil) throws -> LedgerDigest {
        let head = try head()
        let size = size ?? head.position
        guard size <= head.position else {
            throw MerkleRequestError("position \(size) is past the head \(head.position)")
        }
        let root = try checkedRoot(size: size, head: head, nodes: try merkleNodes(size: head.position))
        // Recomputed and checked even at the head: a stored hash alone is not evidence (`chainHash(at:)`).
        return LedgerDigest(size: size, root: root, chainHash: try chainHash(at: size))
    }

    /// The inclusion proof of the event at `position` in the tree of `size` events (default: the whole log).
    public func inclusionProof(position: UInt64, size: UInt64? = nil) throws -> EventInclusionProof {
        let head = try head()
        let size = size ?? head.position
        guard size <= head.position else {
            throw MerkleRequestError("tree size \(size) is past the head \(head.position)")
        }
        guard position >= 1, position <= size else {
            let positions = size == 0 ? "it holds no events yet" : "positions 1…\(size)"
            throw MerkleRequestError("position \(position) is outside the tree of size \(size) (\(positions))")
        }
        guard let event = try event(at: position) else {
            throw ChainMismatch(position: position, detail: "the event at position \(position) is missing from the log")
        }
        // First, so that no proof is made of an event the stored chain does not vouch for.
        let chainHash = try chainHash(at: position)
        let nodes = try merkleNodes(size: head.position)
        var canonical: [UInt8] = []
        event.canonicalJSON(into: &canonical)
        let root = try checkedRoot(size: size, head: head, nodes: nodes)
        return EventInclusionProof(
            position: position, size: size, leafHash: MerkleHash.leaf(canonical), root: root,
            path: try nodes.inclusionProof(index: position - 1, size: size), event: event,
            chainHash: chainHash)
    }

    /// The consistency proof that the tree of `size2` events extends the tree of `size1`.
    ///
    /// Equal sizes give an empty proof; a `size1` of 0 or above `size2` is refused.
    public func consistencyProof(from size1: UInt64, to size2: UInt64) throws -> LogConsistencyProof {
        let head = try head()
        guard size1 > 0 else { throw MerkleRequestError("--from must be at least 1: a proof from an empty log proves nothing") }
        guard size1 <= size2 else { throw MerkleRequestError("--from \(size1) is above --to \(size2)") }
        guard size2 <= head.position else {
            throw MerkleRequestError("tree size \(size2) is past the head \(head.position)")
        }
        // As for a digest of either size: no roots of events the stored chain does not vouch for.
        _ = try chainHashes(at: [size1, size2])
        let nodes = try merkleNodes(size: head.position)
        return LogConsistencyProof(
            size1: size1, size2: size2, root1: try nodes.root(size: size1),
            root2: try checkedRoot(size: size2, head: head, nodes: nodes),
            path: try nodes.consistencyProof(from: size1, to: size2))
    }

    /// The root of the tree of `size` events from the stored nodes; at the head, also checked against the stored frontier.
    ///
    /// The two are stored apart (the frontier in `meta`, the nodes in `merkle-nodes`) and agree
    /// unless one was damaged: then the digest users are told to publish would be wrong, so it
    /// is refused and `verify` names the damage. Costs the O(log N) node reads of the root.
    func checkedRoot(size: UInt64, head: ChainHead, nodes: LedgerMerkleNodes) throws -> Digest {
        let root = try nodes.root(size: size)
        if size == head.position, size > 0, try merkleFrontier(head: head).root() != root {
            throw ChainMismatch(position: head.position,
                                detail: "the Merkle root of the stored tree nodes and the last events differs from the stored frontier's")
        }
        return root
    }
}
