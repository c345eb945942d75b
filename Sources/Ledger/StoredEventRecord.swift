import Merkle

/// A stored record read in place: its text fields are slices of the stored bytes, not `String`s.
///
/// The one decoder of the stored layout (see `EventRecord`): sequential scans (verify) use it
/// directly to re-serialise a record without making `String`s; `EventRecord.decode` builds on it,
/// so a damaged record fails the same way, with the same messages, everywhere.
struct StoredEventRecord {
    var kind: EventKind
    var position: UInt64
    var at: Timestamp
    var recordedAt: Timestamp
    var explicitID: StoredText?
    var sentPosition: UInt64
    var explicitInvitation: StoredText?
    var accountID: UInt32 = 0
    var recipient: StoredText?
    var sourceID: UInt32 = 0
    var note: UnsafeRawBufferPointer?
    var templateID: UInt32?
    var reason: UnsafeRawBufferPointer?
    var by: UnsafeRawBufferPointer?
    /// The stored chain tag, left-aligned (see `RecordHeader`).
    var chainTag: UInt64 = 0
    /// The bits of a chain hash's `tag` that `chainTag` keeps: the record's own tag width.
    var chainTagMask: UInt64 = .max

    /// Reads a stored record; the slices are valid as long as `stored` is.
    static func decode(_ stored: UnsafeRawBufferPointer, position: UInt64) throws(StorageError) -> StoredEventRecord {
        let header = try RecordHeader(stored)
        let (version, kind, flags) = (header.version, header.kind, header.flags)
        var input = header.fields
        let at = try input.time()
        var record = StoredEventRecord(kind: kind, position: position, at: at,
                                       recordedAt: try input.recordedAt(after: at, version: version), sentPosition: position,
                                       chainTag: header.chainTag, chainTagMask: header.chainTagMask)
        if flags & 1 == 0 { record.explicitID = try input.idText(version: version) }
        if kind == .sent {
            if flags & 2 == 0 { record.explicitInvitation = try input.idText(version: version) }
            record.accountID = try input.nameID()
            let recipient = try input.slice()
            record.recipient = flags & 64 != 0 ? .linkedInProfile(recipient) : .plain(recipient)
            record.sourceID = try input.nameID()
            if flags & 4 != 0 { record.note = try input.slice() }
            if flags & 8 != 0 { record.templateID = try input.nameID() }
        } else {
            record.sentPosition = try input.sentPosition(before: position, version: version)
            if flags & 16 != 0 { record.reason = try input.slice() }
            if flags & 32 != 0 { record.by = try input.slice() }
        }
        guard input.isAtEnd else { throw StorageError("trailing bytes after the record") }
        return record
    }
}

extension ByteReader {
    /// A length-prefixed UTF-8 string as a slice of the buffer, checked like `string()`.
    mutating func slice() throws(StorageError) -> UnsafeRawBufferPointer {
        try slice(length: try varint(), checked: true)
    }

    /// The next `length` bytes as a slice of the buffer, checked as UTF-8 when `checked`.
    mutating func slice(length: UInt64, checked: Bool) throws(StorageError) -> UnsafeRawBufferPointer {
        guard length <= UInt64(buffer.count - offset) else { throw StorageError("string runs past the record") }
        let slice = UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + Int(length)])
        offset += Int(length)
        guard !checked || UTF8Validation.isValid(slice) else { throw StorageError("string is not UTF-8") }
        return slice
    }

    /// An id or invitation id of record `version` (see `EventRecord`), its plain bytes checked as UTF-8 when `checked`.
    mutating func idText(version: UInt8, checked: Bool = true) throws(StorageError) -> StoredText {
        guard version >= 2 else { return .plain(try slice(length: try varint(), checked: checked)) }
        let head = try varint()
        guard head & 1 == 1 else { return .plain(try slice(length: head >> 1, checked: checked)) }
        guard head >> 1 <= UInt64(UInt32.max) else { throw StorageError("id prefix out of range") }
        return .numbered(prefixID: UInt32(head >> 1), number: try varint())
    }
}
