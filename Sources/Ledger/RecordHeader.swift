/// The parts of a stored record every reader needs first: version, kind, flags and chain tag.
///
/// Versions 1 and 2 start with three bytes (version, kind, flags) and end with an 8-byte chain
/// tag. Version 3 packs version, kind and flags into its first byte (the lead byte, see
/// `EventRecord`) and ends with a 4-byte chain tag. Whatever the version, `flags` uses version
/// 2's numbering, so the fields after the header decode the same way for every version.
struct RecordHeader {
    var version: UInt8
    var kind: EventKind
    /// The record's flags in version 2's numbering (1 id assigned … 64 profile recipient).
    var flags: UInt8
    /// The stored chain tag, left-aligned: its bytes are the top bytes, the rest zero.
    var chainTag: UInt64
    /// The bits of a chain hash's `tag` the stored tag keeps (all of them in versions 1 and 2, the top 32 in version 3).
    var chainTagMask: UInt64
    /// The record's fields after the header, without the chain tag.
    var fields: ByteReader

    /// Reads the header of a stored record; `fields` is valid as long as `stored` is.
    @inline(__always)
    init(_ stored: UnsafeRawBufferPointer) throws(StorageError) {
        guard let lead = stored.first else { throw StorageError("record is too short") }
        if lead & 0xC0 == Self.version3Bits {
            guard stored.count > 4, let base = stored.baseAddress else { throw StorageError("record is too short") }
            let tagStart = stored.count - 4
            version = 3
            (kind, flags) = Self.kindAndFlags(lead: lead)
            chainTag = UInt64(UInt32(bigEndian: base.loadUnaligned(fromByteOffset: tagStart, as: UInt32.self))) << 32
            chainTagMask = 0xFFFF_FFFF_0000_0000
            fields = ByteReader(UnsafeRawBufferPointer(rebasing: stored[1..<tagStart]))
            return
        }
        guard lead == 1 || lead == 2 else { throw StorageError("unknown record version \(lead)") }
        guard stored.count > 8 else { throw StorageError("record is too short") }
        let tagStart = stored.count - 8
        var input = ByteReader(UnsafeRawBufferPointer(rebasing: stored[..<tagStart]))
        input.offset = 1
        guard let kind = EventKind(rawValue: try input.byte()) else { throw StorageError("unknown event kind") }
        let flags = try input.byte()
        guard flags & EventRecord.unknownFlags(version: lead, kind: kind) == 0 else { throw StorageError("unknown record flags") }
        version = lead
        self.kind = kind
        self.flags = flags
        chainTag = UnsafeRawBufferPointer(rebasing: stored[tagStart...]).bigEndianUInt64
        chainTagMask = .max
        fields = input
    }

    /// The top two bits of a version-3 lead byte (`01`); lead bytes 0 … 63 and 128 … 255 are not version 3.
    static let version3Bits: UInt8 = 0x40

    /// The lead byte of a version-3 record of `kind` with `flags` (version 2's numbering).
    ///
    /// A `sent`: `010` then its flags 64 (profile), 8, 4, 2, 1 as bits 4 … 0. A follow-up:
    /// `011`, its kind's raw value minus 1 in bits 4 and 3, then its flags 32 (`by`), 16
    /// (`reason`), 1 (id assigned) as bits 2 … 0.
    static func leadByte(kind: EventKind, flags: UInt8) -> UInt8 {
        if kind == .sent { return version3Bits | (flags & 0x0F) | (flags & 64) >> 2 }
        return version3Bits | 0x20 | (kind.rawValue - 1) << 3 | (flags & 0x30) >> 3 | flags & 1
    }

    /// The kind and flags (version 2's numbering) a version-3 lead byte encodes: every such byte is a valid one.
    @inline(__always)
    static func kindAndFlags(lead: UInt8) -> (EventKind, UInt8) {
        guard lead & 0x20 != 0 else { return (.sent, (lead & 0x0F) | (lead & 0x10) << 2) }
        // `(lead >> 3) & 3` is 0 … 3, so the raw value 1 … 4 always names a follow-up kind.
        let kind = EventKind(rawValue: (lead >> 3) & 3 + 1) ?? .accepted
        return (kind, (lead & 0x06) << 3 | lead & 1)
    }
}

extension ByteReader {
    /// A record's `recorded_at`, which version 3 stores as its distance from `at` (zig-zag, wrapping).
    @inline(__always)
    mutating func recordedAt(after at: Timestamp, version: UInt8) throws(StorageError) -> Timestamp {
        let stored = try signed()
        return try Self.checked(version >= 3 ? at.milliseconds &+ stored : stored)
    }

    /// A follow-up's `sent` position, which version 3 stores as the distance back from the follow-up's `position`.
    @inline(__always)
    mutating func sentPosition(before position: UInt64, version: UInt8) throws(StorageError) -> UInt64 {
        let stored = try varint()
        let sentPosition = version >= 3 ? position &- stored : stored
        // One comparison for both bounds: 1 ≤ sentPosition < position (0 wraps to the largest value).
        guard sentPosition &- 1 < position &- 1 else { throw StorageError("follow-up names no earlier position") }
        return sentPosition
    }
}
