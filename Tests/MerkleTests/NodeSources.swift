import Merkle

/// The nodes a frontier reported while appending, kept as the product keeps them in LMDB.
struct StoredNodes: MerkleNodeSource {
    private(set) var nodes: [NodeKey: Digest] = [:]
    private(set) var frontier = MerkleFrontier()

    struct NodeKey: Hashable {
        let level: Int
        let index: UInt64
    }

    var leafCount: UInt64? { frontier.size }

    mutating func append(_ leafHash: Digest) {
        frontier.append(leafHash) { level, index, hash in
            nodes[NodeKey(level: level, index: index)] = hash
        }
    }

    func node(level: Int, index: UInt64) throws -> Digest {
        guard let hash = nodes[NodeKey(level: level, index: index)] else {
            throw MerkleError("no stored node at level \(level), index \(index)")
        }
        return hash
    }
}

/// Wraps a source and counts lookups, to hold roots and proofs to O(log N).
final class CountingSource<Base: MerkleNodeSource>: MerkleNodeSource {
    let base: Base
    private(set) var lookups = 0

    init(_ base: Base) { self.base = base }

    var leafCount: UInt64? { base.leafCount }

    func node(level: Int, index: UInt64) throws -> Digest {
        lookups += 1
        return try base.node(level: level, index: index)
    }

    func counting<T>(_ body: (CountingSource<Base>) throws -> T) rethrows -> (T, Int) {
        lookups = 0
        let result = try body(self)
        return (result, lookups)
    }
}

/// RFC 9162 §2.1 written as its plain recursion over the leaf hashes: the yardstick.
enum NaiveMerkle {
    static func mth(_ leaves: ArraySlice<Digest>) -> Digest {
        switch leaves.count {
        case 0: return MerkleHash.emptyRoot
        case 1: return leaves[leaves.startIndex]
        default:
            let k = split(leaves.count)
            let middle = leaves.startIndex + k
            return MerkleHash.node(mth(leaves[..<middle]), mth(leaves[middle...]))
        }
    }

    static func path(_ m: Int, _ leaves: ArraySlice<Digest>) -> [Digest] {
        guard leaves.count > 1 else { return [] }
        let k = split(leaves.count)
        let middle = leaves.startIndex + k
        if m < k {
            return path(m, leaves[..<middle]) + [mth(leaves[middle...])]
        }
        return path(m - k, leaves[middle...]) + [mth(leaves[..<middle])]
    }

    static func proof(_ m: Int, _ leaves: ArraySlice<Digest>) -> [Digest] {
        subproof(m, leaves, true)
    }

    private static func subproof(_ m: Int, _ leaves: ArraySlice<Digest>, _ b: Bool) -> [Digest] {
        if m == leaves.count { return b ? [] : [mth(leaves)] }
        let k = split(leaves.count)
        let middle = leaves.startIndex + k
        if m <= k {
            return subproof(m, leaves[..<middle], b) + [mth(leaves[middle...])]
        }
        return subproof(m - k, leaves[middle...], false) + [mth(leaves[..<middle])]
    }

    /// The largest power of two strictly below n.
    private static func split(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }
}

