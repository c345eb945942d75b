import Ledger

/// Writes projection state as compact bytes: fixed-width big-endian keys, varint values.
struct StateWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 32) { bytes.reserveCapacity(capacity) }

    /// Empties the writer, keeping its storage (one writer serves every entry of a rebuild).
    mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    /// A per-account, time-ordered key: account (4) · time (8) · sent position (8).
    mutating func accountTime(_ accountID: UInt32, _ time: Timestamp, _ position: UInt64) {
        uint32(accountID)
        self.time(time)
        uint64(position)
    }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    /// A 4-byte big-endian integer (account ids in keys, so one account's entries sort together).
    mutating func uint32(_ value: UInt32) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// An 8-byte big-endian integer (positions in keys).
    mutating func uint64(_ value: UInt64) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// A timestamp as 8 bytes whose byte order is time order (sign bit flipped).
    mutating func time(_ value: Timestamp) { uint64(UInt64(bitPattern: value.milliseconds) ^ (1 << 63)) }

    mutating func varint(_ value: UInt64) {
        if value < 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value))
            return
        }
        // Up to 10 bytes, gathered first so the array grows once.
        var scratch: (UInt64, UInt64) = (0, 0)
        let count = withUnsafeMutableBytes(of: &scratch) { out -> Int in
            var rest = value
            var count = 0
            while rest >= 0x80 {
                out[count] = UInt8(truncatingIfNeeded: rest) | 0x80
                rest >>= 7
                count += 1
            }
            out[count] = UInt8(truncatingIfNeeded: rest)
            return count + 1
        }
        withUnsafeBytes(of: &scratch) { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }

    mutating func signed(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    mutating func string(_ value: String) {
        let utf8 = value.utf8
        varint(UInt64(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// Raw bytes with no length (the last part of a key).
    mutating func raw(_ value: String) { bytes.append(contentsOf: value.utf8) }

    /// Raw bytes with no length (the last part of a key), from a buffer.
    mutating func raw(_ value: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: value) }

    /// Length-prefixed bytes, as `string(_:)` writes a string's UTF-8.
    mutating func string(_ value: UnsafeBufferPointer<UInt8>) {
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }
}

/// Reads what `StateWriter` wrote; throws on truncated or damaged state.
struct StateReader {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool { offset >= bytes.count }

    mutating func byte() throws(ProjectionError) -> UInt8 {
        guard offset < bytes.count else { throw ProjectionError("projection state is truncated") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint32() throws(ProjectionError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 { value = value << 8 | UInt32(try byte()) }
        return value
    }

    mutating func uint64() throws(ProjectionError) -> UInt64 {
        var value: UInt64 = 0
        for _ in 0..<8 { value = value << 8 | UInt64(try byte()) }
        return value
    }

    mutating func time() throws(ProjectionError) -> Timestamp {
        Timestamp(milliseconds: Int64(bitPattern: try uint64() ^ (1 << 63)))
    }

    mutating func varint() throws(ProjectionError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw ProjectionError("projection state has a bad number") }
            value |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return value }
            shift += 7
        }
    }

    mutating func signed() throws(ProjectionError) -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    mutating func string() throws(ProjectionError) -> String {
        let count = Int(try varint())
        guard count <= bytes.count - offset else { throw ProjectionError("projection state is truncated") }
        defer { offset += count }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]), as: UTF8.self)
    }

    /// The rest of the bytes as text (the last part of a key).
    mutating func rest() -> String {
        defer { offset = bytes.count }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset...]), as: UTF8.self)
    }
}

/// A failure of the read side: damaged projection state, or an interrupted rebuild.
public struct ProjectionError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
