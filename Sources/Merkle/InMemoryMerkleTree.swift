/// A Merkle tree held wholly in memory: every perfect node, one array per level.
///
/// The reference node source the tests compare the stored tree with (the product stores its
/// nodes in LMDB). Storing each perfect node once costs about two digests per leaf.
public struct InMemoryMerkleTree: MerkleNodeSource, Sendable {
    /// Every perfect node by level: `levels[L][i]` is the root of the perfect subtree over leaves [i·2^L, (i+1)·2^L).
    private var levels: [[Digest]] = [[]]

    /// An empty tree.
    public init() {}

    /// A tree of the given leaf hashes, in order.
    public init(leafHashes: some Sequence<Digest>) {
        for hash in leafHashes { append(leafHash: hash) }
    }

    /// The number of leaves appended so far.
    public var size: UInt64 { UInt64(levels[0].count) }

    /// The number of leaves, always known here, so out-of-range sizes get a clear error.
    public var leafCount: UInt64? { size }

    /// Appends a leaf by its hash, completing whatever perfect nodes it closes.
    public mutating func append(leafHash: Digest) {
        levels[0].append(leafHash)
        var level = 0
        // A level with an even count just paired its last two nodes into a new parent.
        while levels[level].count % 2 == 0 {
            let count = levels[level].count
            let parent = MerkleHash.node(levels[level][count - 2], levels[level][count - 1])
            if levels.count == level + 1 { levels.append([]) }
            levels[level + 1].append(parent)
            level += 1
        }
    }

    /// Appends a leaf by its bytes, hashing them as RFC 9162 leaves are hashed.
    public mutating func append(leaf bytes: [UInt8]) {
        append(leafHash: MerkleHash.leaf(bytes))
    }

    /// The root of the whole tree as it stands.
    public func root() -> Digest {
        // The size is the tree's own, so the range check in root(size:) cannot fail.
        (try? root(size: size)) ?? MerkleHash.emptyRoot
    }

    /// The stored perfect node at (level, index); throws if that subtree is not complete yet.
    public func node(level: Int, index: UInt64) throws -> Digest {
        guard level >= 0, level < levels.count, index < UInt64(levels[level].count) else {
            throw MerkleError("no perfect subtree at level \(level), index \(index) in a tree of \(size) leaves")
        }
        return levels[level][Int(index)]
    }
}
