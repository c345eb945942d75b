/// Where the finished (perfect) subtree hashes of a Merkle tree can be looked up.
///
/// Node (level L, index i) is the root of the perfect subtree over leaves
/// [i·2^L, (i+1)·2^L); level 0 holds the leaf hashes. A perfect subtree never changes once
/// its last leaf is appended, which is why storing exactly these nodes is enough to answer
/// for every past tree size: the nodes a tree of size N needs that are not perfect lie on
/// its right edge and are rebuilt from O(log N) perfect ones.
public protocol MerkleNodeSource {
    /// The hash of the perfect subtree at (level, index); callers only ask for complete ones.
    ///
    /// Throws if the node is not stored (or the storage fails).
    func node(level: Int, index: UInt64) throws -> Digest

    /// The number of leaves the source holds, if it knows; nil skips range checks.
    ///
    /// With a known size, asking for a root or proof beyond it is reported as a clear
    /// `MerkleError` instead of whatever the missing node lookup would throw.
    var leafCount: UInt64? { get }
}

extension MerkleNodeSource {
    /// The number of leaves: unknown (nil) by default, so sizes are checked only by the node lookups themselves.
    public var leafCount: UInt64? { nil }
}
