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
        // Recomputed and checked even at the head: a stored hash alone is not evidence (`chainHash(at:)`).
        // First, so that an altered event is named by the chain, not by the tree its leaf is in.
        let chainHash = try chainHash(at: size)
        let root = try checkedRoot(size: size, head: head, nodes: try merkleNodes(size: head.position))
        return LedgerDigest(size: size, root: root, chainHash: chainHash)
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
        let leafHash = MerkleHash.leaf(canonical)
        let path = try nodes.inclusionProof(index: position - 1, size: size)
        // A damaged node on the path would make a proof that fails where it is checked: refused here instead.
        do {
            try MerkleVerifier.verifyInclusion(leafHash: leafHash, index: position - 1, size: size, proof: path, root: root)
        } catch {
            throw ChainMismatch(position: position, detail: "the stored Merkle nodes on the path of position \(position) "
                + "do not lead to the root of the tree of \(size) events")
        }
        return EventInclusionProof(
            position: position, size: size, leafHash: leafHash, root: root, path: path, event: event, chainHash: chainHash)
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
        let root1 = try checkedRoot(size: size1, head: head, nodes: nodes)
        let root2 = try checkedRoot(size: size2, head: head, nodes: nodes)
        let path = try nodes.consistencyProof(from: size1, to: size2)
        do {
            try MerkleVerifier.verifyConsistency(size1: size1, size2: size2, root1: root1, root2: root2, proof: path)
        } catch {
            throw ChainMismatch(position: size2, detail: "the stored Merkle nodes of the proof from \(size1) to \(size2) events "
                + "do not lead to their roots")
        }
        return LogConsistencyProof(size1: size1, size2: size2, root1: root1, root2: root2, path: path)
    }

    /// The root of the tree of `size` events from the stored nodes, checked against the stored frontier.
    ///
    /// The two are stored apart (the frontier in `meta`, the nodes in `merkle-nodes`) and agree
    /// unless one was damaged: then the digest users are told to publish would be wrong, so it
    /// is refused and `verify` names the damage. At the head the roots are compared; below it,
    /// the consistency proof from `size` to the head, made of the same stored nodes, must lead to
    /// both roots, so a damaged node under a past root is found too (audit 79 F3: a past digest
    /// was printed wrong). Costs O(log N) node reads, twice below the head.
    func checkedRoot(size: UInt64, head: ChainHead, nodes: LedgerMerkleNodes) throws -> Digest {
        let root = try nodes.root(size: size)
        guard size > 0 else { return root }
        // The head's last events make the head's root: an altered one is named by the chain first.
        if size < head.position { _ = try chainHash(at: head.position) }
        let headRoot = size == head.position ? root : try nodes.root(size: head.position)
        if try merkleFrontier(head: head).root() != headRoot {
            throw ChainMismatch(position: head.position,
                                detail: "the Merkle root of the stored tree nodes and the last events differs from the stored frontier's")
        }
        if size < head.position {
            do {
                try MerkleVerifier.verifyConsistency(size1: size, size2: head.position, root1: root, root2: headRoot,
                                                     proof: try nodes.consistencyProof(from: size, to: head.position))
            } catch let error as MerkleError {
                throw ChainMismatch(position: size, detail: "the stored Merkle nodes of the tree of \(size) events do not lead to "
                    + "the head's root (\(error.message))")
            }
        }
        return root
    }
}
