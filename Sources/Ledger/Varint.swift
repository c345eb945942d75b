/// LEB128 varints, as every stored value and several keys write them: 7 bits a byte, low bits first.
///
/// One definition for the writers of records (`ByteWriter`), projection state (`StateWriter`)
/// and index keys built on the stack (`IndexKey`, `PairState`); `ByteReader.varint` reads them.
/// Inlined into each: a rebuild writes several per entry.
public enum Varint {
    /// Calls `body` with each byte of `value`'s varint, in order (one to ten bytes).
    @inlinable @inline(__always)
    public static func forEachByte(of value: UInt64, _ body: (UInt8) -> Void) {
        var rest = value
        while rest >= 0x80 {
            body(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        body(UInt8(truncatingIfNeeded: rest))
    }

    /// `value` zig-zag encoded, so that small magnitudes of either sign make short varints.
    @inlinable @inline(__always)
    public static func zigZag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    /// Writes `value`'s varint into `buffer` from `offset`; returns the offset after it (`buffer` has room for it there: at most ten bytes).
    @inlinable @inline(__always)
    public static func write(_ value: UInt64, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        var end = offset
        forEachByte(of: value) { byte in
            buffer[end] = byte
            end += 1
        }
        return end
    }
}
