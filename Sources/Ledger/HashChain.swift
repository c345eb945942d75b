import Merkle

/// The tamper-evident chain of SPEC §2: hash(n) = SHA-256(hash(n-1) ‖ JCS(event n without "hash")).
public enum HashChain {
    /// The next link: the SHA-256 of the previous hash followed by the event's canonical bytes.
    public static func link(_ previous: Digest, _ canonical: [UInt8]) -> Digest {
        var hasher = SHA256()
        hasher.update(previous)
        hasher.update(canonical)
        return hasher.finalize()
    }
}

extension Digest {
    /// The digest's first 8 bytes as a big-endian integer: the chain tag stored with each record.
    public var tag: UInt64 {
        UInt64(bigEndian: bytes.0)
    }
}
