import CCrypto

/// SHA-256 over byte buffers, backed by the system's libcrypto (OpenSSL).
public struct SHA256: ~Copyable {
    private var context = SHA256_CTX()

    /// Starts an empty hash.
    public init() {
        SHA256_Init(&context)
    }

    /// Feeds bytes into the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        SHA256_Update(&context, base, bytes.count)
    }

    /// Feeds the bytes of an array into the hash.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Feeds a single byte (a domain-separation prefix, for instance) into the hash.
    public mutating func update(byte: UInt8) {
        var value = byte
        SHA256_Update(&context, &value, 1)
    }

    /// Feeds a digest's 32 bytes into the hash.
    public mutating func update(_ digest: Digest) {
        digest.withBytes { update($0) }
    }

    /// Finishes the hash and returns the digest.
    public consuming func finalize() -> Digest {
        var out = Digest.zero
        withUnsafeMutableBytes(of: &out.bytes) { raw in
            if let base = raw.baseAddress {
                _ = SHA256_Final(base.assumingMemoryBound(to: UInt8.self), &context)
            }
        }
        return out
    }

    /// The SHA-256 of one buffer.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The SHA-256 of an array of bytes.
    public static func hash(_ bytes: [UInt8]) -> Digest {
        bytes.withUnsafeBytes { hash($0) }
    }
}
