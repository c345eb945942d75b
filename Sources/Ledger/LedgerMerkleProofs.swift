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
        let root = try checkedTree(head: head, chainCheckedAtHead: size == head.position).root(size: size)
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
            throw ChainMismatch.missingEvent(at: position)
        }
        // First, so that no proof is made of an event the stored chain does not vouch for.
        let chainHash = try chainHash(at: position)
        var canonical: [UInt8] = []
        event.canonicalJSON(into: &canonical)
        let tree = try checkedTree(head: head, chainCheckedAtHead: position == head.position)
        let root = try tree.root(size: size)
        let leafHash = MerkleHash.leaf(canonical)
        let path = try tree.nodes.inclusionProof(index: position - 1, size: size)
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
        let tree = try checkedTree(head: head, chainCheckedAtHead: size2 == head.position)
        // root2 is tied to the checked head root; root1 is tied to root2 by the proof itself, made once (it was made
        // twice to the head: once by `CheckedMerkleTree.root(size:)` for root1, once to print).
        let root2 = try tree.root(size: size2)
        let root1 = size1 == size2 ? root2 : try tree.nodes.root(size: size1)
        let path = try tree.nodes.consistencyProof(from: size1, to: size2)
        do {
            try MerkleVerifier.verifyConsistency(size1: size1, size2: size2, root1: root1, root2: root2, proof: path)
        } catch let error as MerkleError {
            throw size2 == head.position
                ? ChainMismatch(position: size1, detail: "the stored Merkle nodes of the tree of \(size1) events do not lead to "
                    + "the head's root (\(error.message))")
                : ChainMismatch(position: size2, detail: "the stored Merkle nodes of the proof from \(size1) to \(size2) events "
                    + "do not lead to their roots")
        }
        return LogConsistencyProof(size1: size1, size2: size2, root1: root1, root2: root2, path: path)
    }

    /// The stored tree nodes and the head's root they give, checked against the stored frontier.
    ///
    /// The two are stored apart (the frontier in `meta`, the nodes in `merkle-nodes`) and agree
    /// unless one was damaged: then the digest users are told to publish would be wrong, so it
    /// is refused and `verify` names the damage. Unless `chainCheckedAtHead` (the caller has
    /// recomputed the chain there already), the chain over the head's last events, which the
    /// head's root is made of, is checked first: an altered one is named by the chain, not by the tree.
    func checkedTree(head: ChainHead, chainCheckedAtHead: Bool) throws -> CheckedMerkleTree {
        let nodes = try merkleNodes(size: head.position)
        guard head.position > 0 else { return CheckedMerkleTree(nodes: nodes, headRoot: try nodes.root(size: 0)) }
        if !chainCheckedAtHead { _ = try chainHash(at: head.position) }
        let headRoot = try nodes.root(size: head.position)
        if try merkleFrontier(head: head).root() != headRoot {
            throw ChainMismatch(position: head.position,
                                detail: "the Merkle root of the stored tree nodes and the last events differs from the stored frontier's")
        }
        return CheckedMerkleTree(nodes: nodes, headRoot: headRoot)
    }
}

/// The stored tree nodes, whose root at the head agrees with the stored frontier (`LedgerView.checkedTree`).
struct CheckedMerkleTree {
    /// The stored nodes, for a tree of the log's length.
    let nodes: LedgerMerkleNodes
    /// Their root at the head, checked.
    let headRoot: Digest

    /// The root of the tree of `size` events, joined to the checked head root by the consistency proof the same nodes make.
    ///
    /// A damaged node under a past root then shows, as the proof no longer leads to the head's root
    /// (audit 79 F3: a past digest was printed wrong). Costs O(log N) node reads and hashes.
    func root(size: UInt64) throws -> Digest {
        guard size < nodes.size else { return headRoot }
        let root = try nodes.root(size: size)
        guard size > 0 else { return root }
        do {
            try MerkleVerifier.verifyConsistency(size1: size, size2: nodes.size, root1: root, root2: headRoot,
                                                 proof: try nodes.consistencyProof(from: size, to: nodes.size))
        } catch let error as MerkleError {
            throw ChainMismatch(position: size, detail: "the stored Merkle nodes of the tree of \(size) events do not lead to "
                + "the head's root (\(error.message))")
        }
        return root
    }
}
