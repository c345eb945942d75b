/// A 32-byte SHA-256 digest, stored inline so hashing allocates nothing.
public struct Digest: Hashable, Sendable, CustomStringConvertible {
    /// The digest's 32 bytes in order, viewed as four words in memory order (so `UInt64(bigEndian: bytes.0)` is its first 8 bytes as a number).
    public var bytes: (UInt64, UInt64, UInt64, UInt64)

    /// Thirty-two zero bytes: the chain hash before the first event.
    public static let zero = Digest(bytes: (0, 0, 0, 0))

    /// Creates a digest from its four 8-byte words, as stored in memory.
    public init(bytes: (UInt64, UInt64, UInt64, UInt64)) {
        self.bytes = bytes
    }

    /// Creates a digest from exactly 32 bytes; nil for any other length.
    public init?<C: Collection>(_ data: C) where C.Element == UInt8 {
        guard data.count == 32 else { return nil }
        var value = Digest.zero
        // Called unspecialised from other modules, where the element loop costs ~28k
        // instructions; contiguous storage (arrays, buffers, LMDB values) is one copy.
        let copied: Void? = data.withContiguousStorageIfAvailable { source in
            withUnsafeMutableBytes(of: &value.bytes) { $0.copyMemory(from: UnsafeRawBufferPointer(source)) }
        }
        if copied == nil {
            withUnsafeMutableBytes(of: &value.bytes) { raw in
                for (offset, byte) in data.enumerated() { raw[offset] = byte }
            }
        }
        self = value
    }

    /// Creates a digest from exactly 32 bytes in memory (an LMDB value, say); nil for any other length.
    public init?(_ data: UnsafeRawBufferPointer) {
        guard data.count == 32 else { return nil }
        var value = Digest.zero
        withUnsafeMutableBytes(of: &value.bytes) { $0.copyMemory(from: data) }
        self = value
    }

    /// Parses 64 hexadecimal digits (either case); nil for anything else.
    public init?(hex: String) {
        guard hex.utf8.count == 64, let bytes = Hex.decode(hex) else { return nil }
        self.init(bytes)
    }

    /// The digest as 32 bytes.
    public var array: [UInt8] {
        withUnsafeBytes(of: bytes) { Array($0) }
    }

    /// The digest as 64 lower-case hexadecimal digits.
    public var hex: String {
        withUnsafeBytes(of: bytes) { Hex.encode($0) }
    }

    /// The 64 lower-case hexadecimal digits (`hex`).
    public var description: String { hex }

    /// Calls `body` with the digest's 32 bytes.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: bytes, body)
    }

    /// Whether the two digests are the same 32 bytes.
    public static func == (lhs: Digest, rhs: Digest) -> Bool {
        lhs.bytes.0 == rhs.bytes.0 && lhs.bytes.1 == rhs.bytes.1 && lhs.bytes.2 == rhs.bytes.2 && lhs.bytes.3 == rhs.bytes.3
    }

    /// Feeds the digest's 32 bytes to `hasher`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.0)
        hasher.combine(bytes.1)
        hasher.combine(bytes.2)
        hasher.combine(bytes.3)
    }
}
