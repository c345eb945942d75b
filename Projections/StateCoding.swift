import Ledger
import LMDB

/// Writes projection state as compact bytes: fixed-width big-endian keys, varint values.
///
/// A rebuild writes millions of keys and values through two of these, so it owns a plain
/// buffer (no array's uniqueness checks or generic appends per byte) and, being
/// noncopyable, can free it when it goes away without ever sharing it.
struct StateWriter: ~Copyable {
    private var start: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// How many bytes are written.
    private(set) var count = 0

    init(capacity: Int = 32) {
        self.capacity = max(capacity, 16)
        start = .allocate(capacity: self.capacity)
    }

    deinit { start.deallocate() }

    /// A copy of the bytes written.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: start, count: count)) }

    /// Calls `body` with the bytes written, valid only during the call.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// Empties the writer, keeping its storage (one writer serves every entry of a rebuild).
    mutating func reset() { count = 0 }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: start, count: count)
        start.deallocate()
        start = moved
        capacity = larger
    }

    /// A per-account, time-ordered key: account (4) · time (8) · sent position (8).
    mutating func accountTime(_ accountID: UInt32, _ time: Timestamp, _ position: UInt64) {
        uint32(accountID)
        self.time(time)
        uint64(position)
    }

    mutating func byte(_ value: UInt8) {
        reserve(1)
        start[count] = value
        count += 1
    }

    /// A 4-byte big-endian integer (account ids in keys, so one account's entries sort together).
    mutating func uint32(_ value: UInt32) {
        reserve(4)
        UnsafeMutableRawPointer(start + count).storeBytes(of: value.bigEndian, as: UInt32.self)
        count += 4
    }

    /// An 8-byte big-endian integer (positions in keys).
    mutating func uint64(_ value: UInt64) {
        reserve(8)
        UnsafeMutableRawPointer(start + count).storeBytes(of: value.bigEndian, as: UInt64.self)
        count += 8
    }

    /// A timestamp as 8 bytes whose byte order is time order (sign bit flipped).
    mutating func time(_ value: Timestamp) { uint64(UInt64(bitPattern: value.milliseconds) ^ (1 << 63)) }

    /// A LEB128 varint (7 bits a byte, low first); inlined, as a rebuild writes several per entry.
    @inline(__always)
    mutating func varint(_ value: UInt64) {
        reserve(10)
        count = Varint.write(value, into: UnsafeMutableRawBufferPointer(start: start, count: capacity), at: count)
    }

    /// A zig-zag varint: small magnitudes of either sign take few bytes.
    @inline(__always)
    mutating func signed(_ value: Int64) { varint(Varint.zigZag(value)) }

    mutating func string(_ value: String) {
        var text = value
        text.withUTF8 { string($0) }
    }

    /// Raw bytes with no length (the last part of a key).
    mutating func raw(_ value: String) {
        var text = value
        text.withUTF8 { raw($0) }
    }

    /// Raw bytes with no length (the last part of a key), from a buffer.
    mutating func raw(_ value: UnsafeBufferPointer<UInt8>) {
        guard let source = value.baseAddress, !value.isEmpty else { return }
        reserve(value.count)
        (start + count).update(from: source, count: value.count)
        count += value.count
    }

    /// Length-prefixed bytes, as `string(_:)` writes a string's UTF-8.
    mutating func string(_ value: UnsafeBufferPointer<UInt8>) {
        varint(UInt64(value.count))
        raw(value)
    }
}

/// Reads what `StateWriter` wrote; throws on truncated or damaged state.
struct StateReader {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool { offset >= bytes.count }
    /// How many bytes are read.
    var bytesRead: Int { offset }

    mutating func byte() throws(ProjectionError) -> UInt8 {
        guard offset < bytes.count else { throw ProjectionError("projection state is truncated") }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// A 4-byte big-endian integer (`StateWriter.uint32`).
    mutating func uint32() throws(ProjectionError) -> UInt32 {
        UInt32(truncatingIfNeeded: try bigEndian(count: 4))
    }

    /// An 8-byte big-endian integer (`StateWriter.uint64`).
    mutating func uint64() throws(ProjectionError) -> UInt64 {
        try bigEndian(count: 8)
    }

    /// The next `count` (at most 8) bytes as a big-endian integer.
    private mutating func bigEndian(count: Int) throws(ProjectionError) -> UInt64 {
        guard bytes.count - offset >= count else { throw ProjectionError("projection state is truncated") }
        defer { offset += count }
        let field = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        return count == 8 ? field.bigEndianUInt64 : field.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A time in 8 bytes (`StateWriter.time`), within what the ledger records.
    mutating func time() throws(ProjectionError) -> Timestamp {
        try Self.checked(Int64(bitPattern: try uint64() ^ (1 << 63)))
    }

    /// A zig-zag varint of milliseconds, as a time within what the ledger records.
    mutating func signedTime() throws(ProjectionError) -> Timestamp {
        try Self.checked(try signed())
    }

    /// `milliseconds` as a time the ledger could have recorded (`Timestamp(stored:)`); damaged state otherwise.
    ///
    /// The reports subtract and add these times: a value no append writes would overflow them.
    static func checked(_ milliseconds: Int64) throws(ProjectionError) -> Timestamp {
        guard let time = Timestamp(stored: milliseconds) else {
            throw ProjectionError("projection state holds a time out of range (\(milliseconds) ms from 1970)")
        }
        return time
    }

    /// A LEB128 varint (`Varint.read`).
    @inline(__always)
    mutating func varint() throws(ProjectionError) -> UInt64 {
        guard let (value, next) = Varint.read(bytes, at: offset) else {
            throw ProjectionError("projection state is truncated, or holds a number longer than 64 bits")
        }
        offset = next
        return value
    }

    /// A zig-zag varint (`Varint.unZigZag`).
    @inline(__always)
    mutating func signed() throws(ProjectionError) -> Int64 {
        Varint.unZigZag(try varint())
    }

    /// A count: a varint that must fit an `Int` (damaged state throws instead of trapping).
    mutating func count() throws(ProjectionError) -> Int {
        guard let count = Int(exactly: try varint()) else { throw ProjectionError("projection state holds a count out of range") }
        return count
    }

    /// A length-prefixed string. Not checked as UTF-8 (`ByteReader.string` is): projection state holds only text the log's
    /// records held, and damaged bytes would read as replacement characters in a report a rebuild mends, not as a trap.
    mutating func string() throws(ProjectionError) -> String {
        let length = try varint()
        guard length <= UInt64(bytes.count - offset) else { throw ProjectionError("projection state is truncated") }
        let count = Int(length)
        defer { offset += count }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]), as: UTF8.self)
    }

    /// The rest of the bytes as text (the last part of a key).
    mutating func rest() -> String {
        defer { offset = bytes.count }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset...]), as: UTF8.self)
    }
}
