import Foundation

/// A text key of the ids or invitations index, compared and hashed by its UTF-8 bytes, as LMDB compares keys.
///
/// `String`'s own `==` is canonical equivalence, under which two spellings of one text are
/// equal; the indexes key by bytes, so they are two keys here as they are in LMDB. Keys of up
/// to 16 bytes (`e-123`, `inv-4567`) are held in two words, so hashing and comparing them
/// touches no heap; longer ones keep their `String`, compared byte by byte.
struct IndexKey: Hashable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    private let count: Int
    private let long: String?

    private static let inlineCapacity = 16

    init(_ text: String) {
        let count = text.utf8.count
        self.count = count
        if count > Self.inlineCapacity {
            long = text
            return
        }
        long = nil
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { words in
            Self.withBytes(of: text) { bytes in words.copyMemory(from: bytes) }
        }
        (low, high) = words
    }

    /// Calls `body` with the key's UTF-8 bytes.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let long { return try Self.withBytes(of: long, body) }
        return try withUnsafeBytes(of: (low, high)) { try body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
    }

    static func == (lhs: IndexKey, rhs: IndexKey) -> Bool {
        guard lhs.count == rhs.count, lhs.low == rhs.low, lhs.high == rhs.high else { return false }
        guard let left = lhs.long, let right = rhs.long else { return true }
        return withBytes(of: left) { left in withBytes(of: right) { right in compare(left, right) == 0 } }
    }

    func hash(into hasher: inout Hasher) {
        if let long {
            Self.withBytes(of: long) { hasher.combine(bytes: $0) }
        } else {
            hasher.combine(low)
            hasher.combine(high)
            hasher.combine(count)
        }
    }

    /// LMDB's default key order: bytes compared unsigned, a prefix first (negative when `left` sorts first).
    static func compare(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Int {
        let common = min(left.count, right.count)
        if common > 0, let a = left.baseAddress, let b = right.baseAddress {
            let order = memcmp(a, b, common)
            if order != 0 { return Int(order) }
        }
        return left.count - right.count
    }

    /// Calls `body` with the UTF-8 bytes of `text`, without copying a native string.
    private static func withBytes<R>(of text: String, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let result = try text.utf8.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        var copy = text
        return try copy.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }
}

/// A key of the pairs index: the recipient and the account's interned id.
struct PairKey: Hashable {
    let recipient: IndexKey
    let accountID: UInt32

    init(recipient: String, accountID: UInt32) {
        self.recipient = IndexKey(recipient)
        self.accountID = accountID
    }

    /// Appends the stored key (`PairState.key`'s layout: recipient, NUL, account id as a varint) to `out`.
    func encode(into out: inout ByteWriter) {
        recipient.withBytes { out.bytes.append(contentsOf: $0) }
        out.byte(0)
        out.varint(UInt64(accountID))
    }
}
