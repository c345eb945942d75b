/// Appends the compact encodings the storage format uses.
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    /// LEB128: seven bits a byte, low first.
    mutating func varint(_ value: UInt64) {
        Varint.forEachByte(of: value) { bytes.append($0) }
    }

    /// A signed integer, zig-zag encoded so small magnitudes stay short.
    mutating func signed(_ value: Int64) {
        varint(Varint.zigZag(value))
    }

    /// A length-prefixed UTF-8 string.
    mutating func string(_ value: String) {
        var copy = value
        copy.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }
}

/// Reads what `ByteWriter` wrote; every read fails cleanly on truncated or corrupt input.
struct ByteReader {
    let buffer: UnsafeRawBufferPointer
    var offset = 0

    init(_ buffer: UnsafeRawBufferPointer) { self.buffer = buffer }

    var isAtEnd: Bool { offset >= buffer.count }

    mutating func byte() throws(StorageError) -> UInt8 {
        guard offset < buffer.count else { throw StorageError("record ends early") }
        defer { offset += 1 }
        return buffer[offset]
    }

    /// A LEB128 varint (`Varint.read`).
    @inline(__always)
    mutating func varint() throws(StorageError) -> UInt64 {
        guard let (value, next) = Varint.read(buffer, at: offset) else {
            throw StorageError("record ends early, or holds a varint longer than 64 bits")
        }
        offset = next
        return value
    }

    /// A varint holding an interned name's id, which fits 32 bits; a damaged record otherwise (audit 101 F11), not another name.
    @inline(__always)
    mutating func nameID() throws(StorageError) -> UInt32 {
        let value = try varint()
        guard value <= UInt64(UInt32.max) else { throw StorageError("holds a name id past 32 bits (\(value))") }
        return UInt32(value)
    }

    /// A zig-zag varint (`Varint.unZigZag`).
    @inline(__always)
    mutating func signed() throws(StorageError) -> Int64 {
        Varint.unZigZag(try varint())
    }

    /// A zig-zag varint of milliseconds, as a time the ledger could have recorded (`Timestamp(stored:)`).
    @inline(__always)
    mutating func time() throws(StorageError) -> Timestamp {
        try Self.checked(try signed())
    }

    /// `milliseconds` as a time the ledger could have recorded; a damaged record otherwise.
    @inline(__always)
    static func checked(_ milliseconds: Int64) throws(StorageError) -> Timestamp {
        guard let time = Timestamp(stored: milliseconds) else {
            throw StorageError("holds a time out of range (\(milliseconds) ms from 1970)")
        }
        return time
    }
}
