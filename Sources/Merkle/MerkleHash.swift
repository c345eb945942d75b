/// The two hash functions of an RFC 9162 Merkle tree (Certificate Transparency v2, §2.1.1).
///
/// Leaves and interior nodes hash under different one-byte prefixes so that a leaf can
/// never be passed off as an interior node (a second-preimage attack on the tree).
public enum MerkleHash {
    /// The root of a tree with no leaves: SHA-256 of the empty string.
    public static let emptyRoot: Digest = SHA256().finalize()

    /// The leaf hash of some bytes: SHA-256(0x00 ‖ bytes).
    public static func leaf(_ bytes: UnsafeRawBufferPointer) -> Digest {
        var hasher = SHA256()
        hasher.update(byte: 0x00)
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The leaf hash of an array of bytes: SHA-256(0x00 ‖ bytes).
    public static func leaf(_ bytes: [UInt8]) -> Digest {
        bytes.withUnsafeBytes { leaf($0) }
    }

    /// The hash of an interior node from its two children: SHA-256(0x01 ‖ left ‖ right).
    public static func node(_ left: Digest, _ right: Digest) -> Digest {
        var hasher = SHA256()
        hasher.update(byte: 0x01)
        hasher.update(left)
        hasher.update(right)
        return hasher.finalize()
    }
}
