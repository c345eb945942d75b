import LMDB
import Merkle

/// The key of an event id in the `ids` index, or of an invitation id in `invitations` (key format 2).
///
/// Layout:
///
///     numbered id:  varint(prefixID + 1) · length · number, big-endian in `length` bytes (0…8, minimal)
///     any other id: 0x00 · UTF-8 text
///     a longer one: 0x00 · its first 478 bytes · SHA-256 of all of it (511 bytes, LMDB's longest key)
///
/// An id is numbered when it has `NumberedText`'s form (`e-123456`, `inv-7`: the rules of record
/// version 2) and its prefix is interned (`NameTable.Category.idPrefix`). The keys of one prefix
/// are then a run of their own (a varint is a prefix code, and never starts with 0x00) in
/// numeric order, so ids given in increasing order go in past the last key, where
/// `IndexEntryTable.write` appends them and fills pages completely. `length` stores 0 as no
/// bytes, and a number's first byte is never 0, so each id has exactly one key.
///
/// Writers intern a new prefix (`prefixID` of `withKey` interns); look-ups never do: a prefix
/// that is not interned names no stored id, since a numbered id would have interned it, unless
/// the table was full, and then it is full for good and the id was keyed plain, as the look-up is.
enum IndexKey {
    /// The first byte of a plain key.
    static let plainMarker: UInt8 = 0
    /// LMDB's longest key (`mdb_env_get_maxkeysize` of the default build); ids may be longer (`FieldLimits.identifierBytes`).
    static let longestKey = 511
    /// How much of a plain id too long for a key its key holds before the digest of the whole.
    static let longTextHead = longestKey - 1 - 32

    /// Calls `body` with the key of `id`; `prefixID` gives the interned id of a numbered id's prefix (its UTF-8 bytes), or nil to key it plain.
    static func withKey<R>(_ id: String, prefixID: (UnsafeRawBufferPointer) throws -> UInt32?,
                           _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        var text = id
        return try text.withUTF8 { utf8 in
            if let split = NumberedText.split(utf8),
               let prefix = try prefixID(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[..<split.prefixLength])) {
                var words: (UInt64, UInt64) = (0, 0)  // the longest numbered key is 14 bytes: a 5-byte varint, the length, 8 bytes
                return try withUnsafeMutableBytes(of: &words) { buffer in
                    let count = numbered(prefixID: prefix, number: split.number, into: buffer)
                    return try body(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                }
            }
            let text = UnsafeRawBufferPointer(utf8)
            let fits = text.count < longestKey
            return try withUnsafeTemporaryAllocation(byteCount: fits ? text.count + 1 : longestKey, alignment: 1) { buffer in
                buffer[0] = plainMarker
                let rest = UnsafeMutableRawBufferPointer(rebasing: buffer[1...])
                if fits {
                    rest.copyMemory(from: text)
                } else {
                    rest.copyMemory(from: UnsafeRawBufferPointer(rebasing: text[..<longTextHead]))
                    let tail = UnsafeMutableRawBufferPointer(rebasing: buffer[(1 + longTextHead)...])
                    SHA256.hash(text).withBytes { tail.copyMemory(from: $0) }
                }
                return try body(UnsafeRawBufferPointer(buffer))
            }
        }
    }

    /// The key of `id` as an array (for tests; readers and writers use `withKey`).
    static func key(_ id: String, prefixID: (UnsafeRawBufferPointer) throws -> UInt32?) throws -> [UInt8] {
        try withKey(id, prefixID: prefixID) { Array($0) }
    }

    /// Writes the numbered key of the interned prefix `prefixID` and `number` at the start of `out`; returns its length.
    private static func numbered(prefixID: UInt32, number: UInt64, into out: UnsafeMutableRawBufferPointer) -> Int {
        var count = Varint.write(UInt64(prefixID) + 1, into: out, at: 0)
        let length = (UInt64.bitWidth - number.leadingZeroBitCount + 7) / 8
        out[count] = UInt8(truncatingIfNeeded: length)
        count += 1
        for index in stride(from: length - 1, through: 0, by: -1) {
            out[count] = UInt8(truncatingIfNeeded: number >> (8 * UInt64(index)))
            count += 1
        }
        return count
    }

    /// Reads a stored key back: its text, or its prefix id and number; throws on a key no writer makes.
    ///
    /// A key of `longestKey` bytes may be the head and digest of a longer id: read as text, it is not the id.
    static func decode(_ key: UnsafeRawBufferPointer) throws -> StoredText {
        guard let first = key.first else { throw StorageError("an index key is empty") }
        if first == plainMarker { return .plain(UnsafeRawBufferPointer(rebasing: key[1...])) }
        var reader = ByteReader(key)
        let head = try reader.varint()
        guard head >= 1, head - 1 <= UInt64(UInt32.max), !reader.isAtEnd else {
            throw StorageError("an index key has a bad prefix id")
        }
        let length = Int(try reader.byte())
        guard length <= 8, reader.offset + length == key.count, length == 0 || key[reader.offset] != 0 else {
            throw StorageError("an index key has a bad number")
        }
        let number = key[reader.offset...].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return .numbered(prefixID: UInt32(head - 1), number: number)
    }
}
