/// LEB128 varints, as every stored value and several keys write them: 7 bits a byte, low bits first.
///
/// One definition for the writers of records (`ByteWriter`), projection state (`StateWriter`)
/// and index keys built on the stack (`IndexKey`, `PairState`), and for their readers
/// (`ByteReader`, `StateReader`), which say in their own words what a `nil` from `read` means.
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

    /// Reads the varint at `offset` in `bytes`: its value and the offset after it; nil when the bytes end first, or it runs past 64 bits.
    ///
    /// Inlined whole into each reader, as the loops it replaced were: a decode of a block of
    /// projection state or of a record reads several per entry (out of line, the metrics' walk
    /// over every fact took 11% more instructions).
    @inlinable @inline(__always)
    public static func read(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> (value: UInt64, next: Int)? {
        if offset < bytes.count, bytes[offset] < 0x80 { return (UInt64(bytes[offset]), offset + 1) }
        return readLong(bytes, at: offset)
    }

    /// `read` for a varint of more than one byte, or bytes that end before it.
    @inlinable @inline(__always)
    public static func readLong(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> (value: UInt64, next: Int)? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var index = offset
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            guard shift < 64 else { return nil }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return (value, index) }
            shift += 7
        }
        return nil
    }

    /// The signed value that `zigZag` encoded as `raw`.
    @inlinable @inline(__always)
    public static func unZigZag(_ raw: UInt64) -> Int64 {
        Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }
}
