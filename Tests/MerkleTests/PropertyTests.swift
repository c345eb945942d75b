import Merkle
import Testing
import TestSupport

/// Generated roots and proofs checked against the naive RFC recursion, on many tree shapes.
struct PropertyTests {
    /// Distinct, reproducible leaf hashes.
    static func leaves(_ count: Int) -> [Digest] {
        (0..<count).map { MerkleHash.leaf(Array("leaf \($0)".utf8)) }
    }

    /// Lookups a root or proof may make in a tree of `size` leaves: two per level, plus slack.
    static func lookupBudget(_ size: UInt64) -> Int {
        2 * (UInt64.bitWidth - size.leadingZeroBitCount) + 2
    }

    @Test func everySmallTreeMatchesTheRecursion() throws {
        let leaves = Self.leaves(33)
        let tree = CountingSource(InMemoryMerkleTree(leafHashes: leaves))
        for size in 1...leaves.count {
            let n = UInt64(size)
            let (root, rootLookups) = try tree.counting { try $0.root(size: n) }
            #expect(root == NaiveMerkle.mth(leaves[..<size]))
            #expect(rootLookups <= Self.lookupBudget(n))
            for index in 0..<size {
                let (proof, lookups) = try tree.counting { try $0.inclusionProof(index: UInt64(index), size: n) }
                #expect(proof == NaiveMerkle.path(index, leaves[..<size]), "inclusion \(index) in \(size)")
                #expect(lookups <= Self.lookupBudget(n))
                try MerkleVerifier.verifyInclusion(
                    leafHash: leaves[index], index: UInt64(index), size: n, proof: proof, root: root)
            }
            for old in 1...size {
                let (proof, lookups) = try tree.counting { try $0.consistencyProof(from: UInt64(old), to: n) }
                #expect(proof == NaiveMerkle.proof(old, leaves[..<size]), "consistency \(old) → \(size)")
                #expect(lookups <= Self.lookupBudget(n))
                try MerkleVerifier.verifyConsistency(
                    size1: UInt64(old), size2: n, root1: NaiveMerkle.mth(leaves[..<old]), root2: root, proof: proof)
            }
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func randomTreesAgreeWithTheRecursion(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let count = Int.random(in: 1...300, using: &random)
        let leaves = Self.leaves(count)
        let tree = InMemoryMerkleTree(leafHashes: leaves)
        var stored = StoredNodes()
        var frontier = MerkleFrontier()

        for (offset, leaf) in leaves.enumerated() {
            let completed = frontier.append(leaf)
            stored.append(leaf)
            let size = offset + 1
            // Each completed node is the one the in-memory tree holds at that place.
            #expect(completed.first?.level == 0 && completed.first?.index == UInt64(offset))
            for node in completed {
                #expect(try tree.node(level: node.level, index: node.index) == node.hash)
            }
            #expect(frontier.root() == NaiveMerkle.mth(leaves[..<size]))
            #expect(MerkleFrontier(encoded: frontier.encoded) == frontier)
            #expect(frontier.encoded.count == 8 + 32 * frontier.size.nonzeroBitCount)
            #expect(try MerkleFrontier(size: UInt64(size), source: tree) == frontier)
        }
        #expect(stored.frontier == frontier)

        for _ in 0..<40 {
            let size = Int.random(in: 1...count, using: &random)
            let index = Int.random(in: 0..<size, using: &random)
            let old = Int.random(in: 1...size, using: &random)
            let root = NaiveMerkle.mth(leaves[..<size])
            let oldRoot = NaiveMerkle.mth(leaves[..<old])
            for source in [tree as any MerkleNodeSource, stored] {
                #expect(try source.root(size: UInt64(size)) == root)
                let path = try source.inclusionProof(index: UInt64(index), size: UInt64(size))
                #expect(path == NaiveMerkle.path(index, leaves[..<size]), "seed \(seed): inclusion \(index) in \(size)")
                try MerkleVerifier.verifyInclusion(
                    leafHash: leaves[index], index: UInt64(index), size: UInt64(size), proof: path, root: root)
                let proof = try source.consistencyProof(from: UInt64(old), to: UInt64(size))
                #expect(proof == NaiveMerkle.proof(old, leaves[..<size]), "seed \(seed): consistency \(old) → \(size)")
                try MerkleVerifier.verifyConsistency(
                    size1: UInt64(old), size2: UInt64(size), root1: oldRoot, root2: root, proof: proof)
            }
        }
    }

    @Test(arguments: [11, 12, 13, 14])
    func tamperedProofsAreRejected(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let count = Int.random(in: 3...300, using: &random)
        let leaves = Self.leaves(count)
        let tree = InMemoryMerkleTree(leafHashes: leaves)
        for _ in 0..<20 {
            let size = Int.random(in: 2...count, using: &random)
            let index = Int.random(in: 0..<size, using: &random)
            let old = Int.random(in: 1..<size, using: &random)
            let root = try tree.root(size: UInt64(size))
            var path = try tree.inclusionProof(index: UInt64(index), size: UInt64(size)).map(\.array)
            var proof = try tree.consistencyProof(from: UInt64(old), to: UInt64(size)).map(\.array)
            flipOneBit(in: &path, using: &random)
            flipOneBit(in: &proof, using: &random)
            #expect(throws: MerkleError.self) {
                try MerkleVerifier.verifyInclusion(
                    leafHash: leaves[index].array, index: UInt64(index), size: UInt64(size), proof: path, root: root.array)
            }
            #expect(throws: MerkleError.self) {
                try MerkleVerifier.verifyConsistency(
                    size1: UInt64(old), size2: UInt64(size),
                    root1: tree.root(size: UInt64(old)).array, root2: root.array, proof: proof)
            }
        }
    }

    /// A consistency proof checked against a first root it does not lead to is rejected, whatever the sizes (audit 144:
    /// with the check of `root1` taken out, every test passed, and `verify-proof` without `--root` took a forged earlier digest).
    @Test func aWrongFirstRootIsRejected() throws {
        let leaves = Self.leaves(20)
        let tree = InMemoryMerkleTree(leafHashes: leaves)
        for size in 2...leaves.count {
            let root2 = try tree.root(size: UInt64(size))
            for old in 1..<size {
                let proof = try tree.consistencyProof(from: UInt64(old), to: UInt64(size)).map(\.array)
                let root1 = try tree.root(size: UInt64(old)).array
                try MerkleVerifier.verifyConsistency(size1: UInt64(old), size2: UInt64(size), root1: root1, root2: root2.array, proof: proof)
                for bit in [0, 131, 255] {
                    var forged = root1
                    forged[bit / 8] ^= 1 << UInt8(bit % 8)
                    #expect(throws: MerkleError.self, "root1 of \(old) → \(size), bit \(bit)") {
                        try MerkleVerifier.verifyConsistency(size1: UInt64(old), size2: UInt64(size), root1: forged, root2: root2.array, proof: proof)
                    }
                }
            }
        }
    }

    private func flipOneBit(in hashes: inout [[UInt8]], using random: inout SeededGenerator) {
        guard !hashes.isEmpty else { return }
        let hash = Int.random(in: 0..<hashes.count, using: &random)
        let bit = Int.random(in: 0..<256, using: &random)
        hashes[hash][bit / 8] ^= 1 << UInt8(bit % 8)
    }
}
