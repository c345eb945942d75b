/// Proof checks that need no tree, only the proof and the roots (RFC 9162 §2.1.3.2, §2.1.4.2).
///
/// The byte-array forms are the boundary for untrusted input: a hash of the wrong length is
/// rejected with a message rather than being unrepresentable. Each check returns normally
/// when the proof holds and throws a `MerkleError` saying why when it does not.
public enum MerkleVerifier {
    /// Checks that `leafHash` is leaf `index` of the tree of `size` leaves whose root is `root`.
    public static func verifyInclusion(
        leafHash: [UInt8], index: UInt64, size: UInt64, proof: [[UInt8]], root: [UInt8]
    ) throws {
        try requireIndex(index, below: size)
        try verifyInclusion(
            leafHash: digest(leafHash, named: "leaf hash"), index: index, size: size,
            proof: proofDigests(proof), root: digest(root, named: "root"))
    }

    /// Checks that `leafHash` is leaf `index` of the tree of `size` leaves whose root is `root`.
    public static func verifyInclusion(
        leafHash: Digest, index: UInt64, size: UInt64, proof: [Digest], root: Digest
    ) throws {
        let computed = try rootFromInclusionProof(leafHash: leafHash, index: index, size: size, proof: proof)
        guard computed == root else {
            throw MerkleError("inclusion proof leads to root \(computed.hex), not the expected \(root.hex)")
        }
    }

    /// The root an inclusion proof leads to (§2.1.3.2 steps 1–4), for callers that trust no root yet.
    ///
    /// Throws if the proof's length does not fit the index and size.
    public static func rootFromInclusionProof(
        leafHash: Digest, index: UInt64, size: UInt64, proof: [Digest]
    ) throws -> Digest {
        try requireIndex(index, below: size)
        var fn = index
        var sn = size - 1
        var hash = leafHash
        for sibling in proof {
            guard sn != 0 else { throw MerkleError("inclusion proof is longer than the tree is deep") }
            if fn & 1 == 1 || fn == sn {
                hash = MerkleHash.node(sibling, hash)
                // Climb past levels where this node had no right sibling (it was promoted).
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                hash = MerkleHash.node(hash, sibling)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw MerkleError("inclusion proof is shorter than the tree is deep") }
        return hash
    }

    /// Checks that the tree of `size2` leaves with root `root2` extends the one of `size1` with `root1`.
    ///
    /// Beyond the RFC, as the public test vectors expect: size 0 is refused (even 0 → 0),
    /// `size1` above `size2` is refused, and equal sizes need an empty proof and equal roots.
    public static func verifyConsistency(
        size1: UInt64, size2: UInt64, root1: [UInt8], root2: [UInt8], proof: [[UInt8]]
    ) throws {
        try requireSizes(size1, size2)
        if size1 == size2 {
            // Nothing to hash: the claim is just that the two roots are one.
            try requireEqualSizesProof(proofIsEmpty: proof.isEmpty, rootsMatch: root1 == root2)
            return
        }
        try verifyConsistency(
            size1: size1, size2: size2,
            root1: digest(root1, named: "first root"), root2: digest(root2, named: "second root"),
            proof: proofDigests(proof))
    }

    /// Checks that the tree of `size2` leaves with root `root2` extends the one of `size1` with `root1`.
    public static func verifyConsistency(
        size1: UInt64, size2: UInt64, root1: Digest, root2: Digest, proof: [Digest]
    ) throws {
        try requireSizes(size1, size2)
        if size1 == size2 {
            try requireEqualSizesProof(proofIsEmpty: proof.isEmpty, rootsMatch: root1 == root2)
            return
        }
        guard let first = proof.first else {
            throw MerkleError("consistency proof between different sizes cannot be empty")
        }
        // §2.1.4.2: a first tree that is a whole subtree of the second is its own first node.
        let prependsRoot1 = size1 & (size1 - 1) == 0
        var fn = size1 - 1
        var sn = size2 - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = prependsRoot1 ? root1 : first
        var sr = fr
        for component in proof.dropFirst(prependsRoot1 ? 0 : 1) {
            guard sn != 0 else { throw MerkleError("consistency proof is longer than the tree is deep") }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHash.node(component, fr)
                sr = MerkleHash.node(component, sr)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                sr = MerkleHash.node(sr, component)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw MerkleError("consistency proof is shorter than the tree is deep") }
        guard fr == root1 else {
            throw MerkleError("consistency proof leads to first root \(fr.hex), not the expected \(root1.hex)")
        }
        guard sr == root2 else {
            throw MerkleError("consistency proof leads to second root \(sr.hex), not the expected \(root2.hex)")
        }
    }

    private static func requireIndex(_ index: UInt64, below size: UInt64) throws {
        guard index < size else {
            throw MerkleError("leaf index \(index) is not below tree size \(size)")
        }
    }

    private static func requireSizes(_ size1: UInt64, _ size2: UInt64) throws {
        guard size1 <= size2 else {
            throw MerkleError("first size \(size1) is above second size \(size2)")
        }
        guard size1 > 0 else {
            throw MerkleError("a consistency proof from an empty tree proves nothing")
        }
    }

    private static func requireEqualSizesProof(proofIsEmpty: Bool, rootsMatch: Bool) throws {
        guard proofIsEmpty else { throw MerkleError("consistency proof between equal sizes must be empty") }
        guard rootsMatch else { throw MerkleError("roots of equal-size trees differ") }
    }

    private static func digest(_ bytes: [UInt8], named name: String) throws -> Digest {
        guard let digest = Digest(bytes) else {
            throw MerkleError("\(name) is \(bytes.count) bytes, not 32")
        }
        return digest
    }

    private static func proofDigests(_ proof: [[UInt8]]) throws -> [Digest] {
        var digests: [Digest] = []
        digests.reserveCapacity(proof.count)
        for (position, bytes) in proof.enumerated() {
            digests.append(try digest(bytes, named: "proof hash \(position)"))
        }
        return digests
    }
}
