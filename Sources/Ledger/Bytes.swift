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

    /// A LEB128 varint; one-byte values (most lengths, ids and flags) take the inlined path.
    @inline(__always)
    mutating func varint() throws(StorageError) -> UInt64 {
        if offset < buffer.count {
            let first = buffer[offset]
            if first < 0x80 {
                offset += 1
                return UInt64(first)
            }
        }
        return try longVarint()
    }

    /// A varint of more than one byte (or a record that ends before it).
    private mutating func longVarint() throws(StorageError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw StorageError("varint too long") }
            value |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return value }
            shift += 7
        }
    }

    mutating func signed() throws(StorageError) -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    mutating func string() throws(StorageError) -> String {
        let length = try varint()
        guard length <= UInt64(buffer.count - offset) else { throw StorageError("string runs past the record") }
        let slice = UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + Int(length)])
        offset += Int(length)
        guard UTF8Validation.isValid(slice) else { throw StorageError("string is not UTF-8") }
        return String(decoding: slice, as: UTF8.self)
    }
}
