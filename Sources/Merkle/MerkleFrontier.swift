/// The right edge of a Merkle tree (its "compact range"): enough to append and to get the root.
///
/// A tree of size N splits into one perfect subtree per set bit of N, largest first; the
/// frontier keeps just those O(log N) roots. Appending a leaf merges the trailing equal-size
/// subtrees like a binary counter carrying, and each merge completes a perfect node the
/// caller stores so that proofs for this and every later size can be built without replay.
public struct MerkleFrontier: Equatable, Sendable {
    /// The number of leaves appended so far.
    public internal(set) var size: UInt64

    /// Roots of the perfect subtrees along the right edge, leftmost (largest) first.
    public internal(set) var subtreeRoots: [Digest]

    /// An empty tree's frontier.
    public init() {
        size = 0
        subtreeRoots = []
        // A tree never has more than 64 edge subtrees; reserving once keeps appends off the heap.
        subtreeRoots.reserveCapacity(UInt64.bitWidth)
    }

    /// Rebuilds the frontier of the tree of `size` leaves from its stored perfect nodes.
    ///
    /// Makes one lookup per set bit of `size`, so O(log N).
    public init(size: UInt64, source: some MerkleNodeSource) throws {
        if let known = source.leafCount, size > known {
            throw MerkleError("tree size \(size) is above the \(known) leaves stored")
        }
        self.init()
        var begin: UInt64 = 0
        var level = UInt64.bitWidth - 1
        while level >= 0 {
            let width: UInt64 = 1 << UInt64(level)
            if size & width != 0 {
                subtreeRoots.append(try source.node(level: level, index: begin >> UInt64(level)))
                begin += width
            }
            level -= 1
        }
        self.size = size
    }

    /// The root hash of the tree so far (MTH of RFC 9162 §2.1.1).
    public func root() -> Digest {
        guard var hash = subtreeRoots.last else { return MerkleHash.emptyRoot }
        // RFC 9162 splits at the largest power of two, so the edge folds right to left.
        var position = subtreeRoots.count - 1
        while position > 0 {
            position -= 1
            hash = MerkleHash.node(subtreeRoots[position], hash)
        }
        return hash
    }

    /// Appends a leaf hash, calling `onNode` for each perfect node it completes, leaf first.
    ///
    /// The leaf itself is reported at level 0, then every parent the append finishes, going
    /// up. The frontier changes only after every call returned, so if `onNode` throws (a
    /// failed database write, say) the frontier is left as it was.
    public mutating func append(
        _ leafHash: Digest,
        onNode: (_ level: Int, _ index: UInt64, _ hash: Digest) throws -> Void
    ) rethrows {
        precondition(size < UInt64.max, "a Merkle tree cannot hold more than 2^64 - 1 leaves")
        try onNode(0, size, leafHash)
        // Each trailing one bit of the old size is an equal-size subtree that now merges.
        let merges = (~size).trailingZeroBitCount
        var hash = leafHash
        var level = 0
        while level < merges {
            hash = MerkleHash.node(subtreeRoots[subtreeRoots.count - 1 - level], hash)
            level += 1
            try onNode(level, size >> UInt64(level), hash)
        }
        subtreeRoots.removeLast(merges)
        subtreeRoots.append(hash)
        size += 1
    }

    /// Appends a leaf hash and returns the perfect nodes it completed, leaf first.
    ///
    /// Convenient where an allocation per append does not matter; hot loops should prefer
    /// `append(_:onNode:)`.
    @discardableResult
    public mutating func append(_ leafHash: Digest) -> [(level: Int, index: UInt64, hash: Digest)] {
        var completed: [(level: Int, index: UInt64, hash: Digest)] = []
        append(leafHash) { level, index, hash in completed.append((level, index, hash)) }
        return completed
    }
}
