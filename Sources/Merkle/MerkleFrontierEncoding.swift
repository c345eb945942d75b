/// A compact binary form of a frontier, so it can be stored as one database value.
///
/// Layout: the size as 8 bytes big-endian, then the 32-byte subtree roots, leftmost first.
/// Their count is implied by the size (one per set bit), which lets decoding reject a value
/// truncated or padded by accident.
extension MerkleFrontier {
    /// The frontier as 8 + 32·popcount(size) bytes.
    public var encoded: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + 32 * subtreeRoots.count)
        var shift = UInt64.bitWidth
        while shift > 0 {
            shift -= 8
            bytes.append(UInt8(truncatingIfNeeded: size >> UInt64(shift)))
        }
        for root in subtreeRoots {
            root.withBytes { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Decodes a frontier written by `encoded`; nil if the bytes are not one.
    public init?(encoded bytes: some Collection<UInt8>) {
        let bytes = Array(bytes)
        guard bytes.count >= 8 else { return nil }
        var size: UInt64 = 0
        for byte in bytes[0..<8] {
            size = size << 8 | UInt64(byte)
        }
        guard bytes.count == 8 + 32 * size.nonzeroBitCount else { return nil }
        self.init()
        var offset = 8
        while offset < bytes.count {
            guard let root = Digest(bytes[offset..<offset + 32]) else { return nil }
            subtreeRoots.append(root)
            offset += 32
        }
        self.size = size
    }
}
