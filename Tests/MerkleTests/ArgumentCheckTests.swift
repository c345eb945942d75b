import Merkle
import Testing

/// Out-of-range requests fail with a message instead of a wrong answer or a crash.
struct ArgumentCheckTests {
    let tree = InMemoryMerkleTree(leafHashes: (0..<5).map { MerkleHash.leaf([UInt8($0)]) })

    @Test func emptyTreeRootIsSHA256OfNothing() throws {
        #expect(MerkleHash.emptyRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(try tree.root(size: 0) == MerkleHash.emptyRoot)
        #expect(MerkleFrontier().root() == MerkleHash.emptyRoot)
        #expect(InMemoryMerkleTree().root() == MerkleHash.emptyRoot)
    }

    @Test func inclusionRequiresAnIndexInsideTheTree() {
        #expect(throws: MerkleError("leaf index 5 is not below tree size 5")) {
            try tree.inclusionProof(index: 5, size: 5)
        }
        #expect(throws: MerkleError("leaf index 0 is not below tree size 0")) {
            try tree.inclusionProof(index: 0, size: 0)
        }
        #expect(throws: MerkleError("tree size 6 is above the 5 leaves stored")) {
            try tree.inclusionProof(index: 0, size: 6)
        }
    }

    @Test func consistencyRequiresOrderedNonEmptySizes() throws {
        #expect(throws: MerkleError("a consistency proof from an empty tree proves nothing")) {
            try tree.consistencyProof(from: 0, to: 3)
        }
        #expect(throws: MerkleError("size 4 is above size 3")) {
            try tree.consistencyProof(from: 4, to: 3)
        }
        #expect(throws: MerkleError("tree size 9 is above the 5 leaves stored")) {
            try tree.consistencyProof(from: 1, to: 9)
        }
        #expect(throws: MerkleError("tree size 6 is above the 5 leaves stored")) {
            try tree.root(size: 6)
        }
        #expect(try tree.consistencyProof(from: 3, to: 3).isEmpty)
    }

    @Test func frontierRejectsMalformedEncodings() {
        var frontier = MerkleFrontier()
        for leaf in 0..<5 { frontier.append(MerkleHash.leaf([UInt8(leaf)])) }
        let encoded = frontier.encoded
        #expect(encoded.count == 8 + 2 * 32)
        #expect(Array(encoded.prefix(8)) == [0, 0, 0, 0, 0, 0, 0, 5])
        #expect(MerkleFrontier(encoded: encoded) == frontier)
        #expect(MerkleFrontier(encoded: encoded.dropLast()) == nil)
        #expect(MerkleFrontier(encoded: encoded + [0]) == nil)
        #expect(MerkleFrontier(encoded: [0, 0, 0]) == nil)
        #expect(MerkleFrontier(encoded: [UInt8](repeating: 0, count: 8)) == MerkleFrontier())
        #expect(throws: MerkleError("tree size 6 is above the 5 leaves stored")) {
            try MerkleFrontier(size: 6, source: tree)
        }
    }

    @Test func failedStoreLeavesTheFrontierUnchanged() {
        struct StoreFailed: Error {}
        var frontier = MerkleFrontier()
        for leaf in 0..<3 { frontier.append(MerkleHash.leaf([UInt8(leaf)])) }
        let before = frontier
        #expect(throws: StoreFailed.self) {
            try frontier.append(MerkleHash.leaf([3])) { level, _, _ in
                if level == 2 { throw StoreFailed() }
            }
        }
        #expect(frontier == before)
    }
}
