extension UnsafeRawBufferPointer {
    /// Reads a big-endian `UInt64` key (keys that are positions or sequence numbers).
    public var bigEndianUInt64: UInt64 {
        if count >= 8, let base = baseAddress {
            // One unaligned load instead of eight byte steps: scans call this for every entry.
            return UInt64(bigEndian: base.loadUnaligned(as: UInt64.self))
        }
        var value: UInt64 = 0
        for byte in self.prefix(8) { value = value << 8 | UInt64(byte) }
        return value
    }
}

/// An 8-byte big-endian key, so that integer order equals LMDB's byte order.
public struct BigEndianKey {
    /// The key's bytes.
    public var bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)

    /// Encodes `value` most significant byte first.
    public init(_ value: UInt64) {
        let be = value.bigEndian
        bytes = unsafeBitCast(be, to: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8).self)
    }

    /// Calls `body` with the key's 8 bytes.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: bytes, body)
    }

    /// The key as an array.
    public var array: [UInt8] { withUnsafeBytes(of: bytes) { Array($0) } }
}
