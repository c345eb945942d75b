/// Roots and proofs (RFC 9162 §2.1.1, §2.1.3.1, §2.1.4.1) for any past tree size.
///
/// Every node RFC 9162's recursion visits in a tree of size N covers leaves
/// [i·2^L, min((i+1)·2^L, N)). Where that range is full the node is a stored perfect
/// subtree; otherwise it sits on the right edge and is folded from the perfect subtrees of
/// its width's binary expansion. Each proof meets at most one such edge node, so roots and
/// proofs cost O(log N) lookups and never touch leaves beyond them.
extension MerkleNodeSource {
    /// The root hash of the tree's first `size` leaves (MTH, RFC 9162 §2.1.1).
    public func root(size: UInt64) throws -> Digest {
        try requireStored(size)
        guard size > 0 else { return MerkleHash.emptyRoot }
        return try rangeHash(begin: 0, end: size)
    }

    /// The inclusion proof of leaf `index` in the tree of `size` leaves (PATH, §2.1.3.1).
    ///
    /// Hashes run from the leaf's sibling up to the child of the root.
    public func inclusionProof(index: UInt64, size: UInt64) throws -> [Digest] {
        guard index < size else {
            throw MerkleError("leaf index \(index) is not below tree size \(size)")
        }
        try requireStored(size)
        var proof: [Digest] = []
        var node = index
        var level = 0
        // Below the root level, the range [0, size) spans more than one node.
        while (size - 1) >> UInt64(level) > 0 {
            let siblingBegin = (node ^ 1) << UInt64(level)
            // A sibling wholly past the end does not exist: RFC 9162 promotes the lone child.
            if siblingBegin < size {
                proof.append(try rangeHash(begin: siblingBegin, end: nodeEnd(siblingBegin, level: level, size: size)))
            }
            node >>= 1
            level += 1
        }
        return proof
    }

    /// The consistency proof from the tree of size `from` to that of size `to` (PROOF, §2.1.4.1).
    ///
    /// Equal sizes give an empty proof. A proof from size 0 is refused: it would prove
    /// nothing, and verifiers reject it.
    public func consistencyProof(from: UInt64, to: UInt64) throws -> [Digest] {
        guard from > 0 else {
            throw MerkleError("a consistency proof from an empty tree proves nothing")
        }
        guard from <= to else {
            throw MerkleError("size \(from) is above size \(to)")
        }
        try requireStored(to)
        var proof: [Digest] = []
        try appendSubproof(old: from, begin: 0, size: to, oldIsWholeSubtree: true, to: &proof)
        return proof
    }

    /// SUBPROOF(m, D[begin ..< begin + size], b) of RFC 9162 §2.1.4.1, appended to `proof`.
    ///
    /// `begin` is always aligned to the smallest power of two ≥ `size`, so every left split
    /// is a stored perfect subtree and every right part ends at the tree's end.
    private func appendSubproof(
        old: UInt64, begin: UInt64, size: UInt64, oldIsWholeSubtree: Bool, to proof: inout [Digest]
    ) throws {
        if old == size {
            if !oldIsWholeSubtree {
                proof.append(try rangeHash(begin: begin, end: begin + size))
            }
            return
        }
        let split = largestPowerOfTwo(below: size)
        if old <= split {
            try appendSubproof(old: old, begin: begin, size: split, oldIsWholeSubtree: oldIsWholeSubtree, to: &proof)
            proof.append(try rangeHash(begin: begin + split, end: begin + size))
        } else {
            try appendSubproof(old: old - split, begin: begin + split, size: size - split, oldIsWholeSubtree: false, to: &proof)
            proof.append(try rangeHash(begin: begin, end: begin + split))
        }
    }

    /// The MTH of leaves [begin, end), folded from the perfect subtrees that tile it.
    ///
    /// Requires `begin` aligned to the largest tile, as every range of the RFC recursion
    /// is; the tiles, one per set bit of the width, shrink left to right, so folding runs
    /// right to left without any buffer.
    private func rangeHash(begin: UInt64, end: UInt64) throws -> Digest {
        var remaining = end - begin
        var tileEnd = end
        var hash: Digest?
        while remaining != 0 {
            let level = remaining.trailingZeroBitCount
            let width: UInt64 = 1 << UInt64(level)
            tileEnd -= width
            let tile = try node(level: level, index: tileEnd >> UInt64(level))
            hash = hash.map { MerkleHash.node(tile, $0) } ?? tile
            remaining -= width
        }
        return hash ?? MerkleHash.emptyRoot
    }

    /// Where the node at `level` starting at leaf `begin` ends in a tree of `size` leaves.
    private func nodeEnd(_ begin: UInt64, level: Int, size: UInt64) -> UInt64 {
        // Compare widths rather than adding, which could overflow near 2^64.
        let width: UInt64 = 1 << UInt64(level)
        return size - begin >= width ? begin + width : size
    }

    /// Refuses sizes beyond what the source says it holds, with a readable message.
    private func requireStored(_ size: UInt64) throws {
        if let known = leafCount, size > known {
            throw MerkleError("tree size \(size) is above the \(known) leaves stored")
        }
    }
}

/// The largest power of two strictly below `value` (k of RFC 9162 §2.1.1); `value` ≥ 2.
func largestPowerOfTwo(below value: UInt64) -> UInt64 {
    1 << UInt64(UInt64.bitWidth - 1 - (value - 1).leadingZeroBitCount)
}
