import Merkle

/// A digest of the log's first `size` events: what to publish so the log can later be held to it.
public struct LedgerDigest: Equatable, Sendable {
    /// How many events the digest covers.
    public let size: UInt64
    /// The RFC 9162 Merkle root of those events.
    public let root: Digest
    /// The hash chain's value after the last of them (SPEC §2).
    public let chainHash: Digest
}

/// Proof that one recorded event is a leaf of the tree of a given size (RFC 9162 PATH).
public struct EventInclusionProof: Sendable {
    /// The event's position (its leaf index plus one).
    public let position: UInt64
    /// The size of the tree the proof is for.
    public let size: UInt64
    /// SHA-256(0x00 ‖ the event's canonical JSON).
    public let leafHash: Digest
    /// The root of the tree of `size` events.
    public let root: Digest
    /// Sibling hashes from the leaf end upward.
    public let path: [Digest]
    /// The event as recorded.
    public let event: Event
    /// The chain hash after the event, carried by its exported line.
    public let chainHash: Digest
}

/// Proof that the tree of `size2` events extends the tree of `size1` (RFC 9162 PROOF).
public struct LogConsistencyProof: Sendable {
    /// The earlier size.
    public let size1: UInt64
    /// The later size.
    public let size2: UInt64
    /// The root of the earlier tree.
    public let root1: Digest
    /// The root of the later tree.
    public let root2: Digest
    /// The proof's hashes, from the leaf end upward.
    public let path: [Digest]
}

/// Why a digest or proof cannot be given: the request names sizes or positions the log does not have.
public struct MerkleRequestError: Error, CustomStringConvertible, Sendable {
    /// What the request asked for that the log does not have.
    public let description: String
    init(_ description: String) { self.description = description }
}
