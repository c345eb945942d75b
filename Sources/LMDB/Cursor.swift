import CLMDB

/// A position in a database, moved by key order; valid only inside `Transaction.withCursor`.
public struct Cursor {
    let handle: OpaquePointer
    /// The database the cursor walks.
    public let database: Database

    /// A key and its value, zero-copy, valid until the transaction ends or the next write.
    public typealias Entry = (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)

    private func move(_ op: MDB_cursor_op, key: UnsafeRawBufferPointer? = nil) throws(LMDBError) -> Entry? {
        var keyValue = MDB_val(mv_size: key?.count ?? 0, mv_data: UnsafeMutableRawPointer(mutating: key?.baseAddress))
        var data = MDB_val()
        let code = mdb_cursor_get(handle, &keyValue, &data, op)
        if code == MDB_NOTFOUND { return nil }
        try LMDBError.check(code, "moving a cursor on \(database.name)")
        return (UnsafeRawBufferPointer(start: keyValue.mv_data, count: keyValue.mv_size),
                UnsafeRawBufferPointer(start: data.mv_data, count: data.mv_size))
    }

    /// Moves to the first entry.
    public mutating func first() throws(LMDBError) -> Entry? { try move(MDB_FIRST) }
    /// Moves to the last entry.
    public mutating func last() throws(LMDBError) -> Entry? { try move(MDB_LAST) }
    /// Moves to the next entry.
    public mutating func next() throws(LMDBError) -> Entry? { try move(MDB_NEXT) }
    /// Moves to the previous entry.
    public mutating func previous() throws(LMDBError) -> Entry? { try move(MDB_PREV) }
    /// Moves to the first entry whose key is greater than or equal to `key`.
    public mutating func seek(atLeast key: UnsafeRawBufferPointer) throws(LMDBError) -> Entry? { try move(MDB_SET_RANGE, key: key) }

    /// Moves to the first entry whose key is greater than or equal to `key`.
    public mutating func seek(atLeast key: [UInt8]) throws(LMDBError) -> Entry? {
        var result: Entry?
        var failure: LMDBError?
        key.withUnsafeBytes { raw in
            do throws(LMDBError) { result = try seek(atLeast: raw) } catch { failure = error }
        }
        if let failure { throw failure }
        return result
    }

    /// Stores `value` under `key` through the cursor, which is left on the entry written.
    ///
    /// Cheaper than `Transaction.put` for keys given in order: LMDB starts its search from the
    /// cursor's pages. `.append` asks for `MDB_APPEND` (the key must sort after every key).
    public mutating func put(_ value: UnsafeRawBufferPointer, forKey key: UnsafeRawBufferPointer,
                             options: PutOptions = []) throws(LMDBError) {
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var data = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        try LMDBError.check(mdb_cursor_put(handle, &keyValue, &data, options.rawValue), "writing to \(database.name)")
    }

    /// Stores a value at the end of the database through the cursor (`MDB_APPEND`): the key must sort last.
    public mutating func append(_ value: UnsafeRawBufferPointer, forKey key: UnsafeRawBufferPointer) throws(LMDBError) {
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var data = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        try LMDBError.check(mdb_cursor_put(handle, &keyValue, &data, UInt32(MDB_APPEND)), "appending to \(database.name)")
    }
}

extension UnsafeRawBufferPointer {
    /// Reads a big-endian `UInt64` key (keys that are positions or sequence numbers).
    public var bigEndianUInt64: UInt64 {
        if count >= 8, let base = baseAddress {
            // One unaligned load instead of eight byte steps: scans call this for every entry.
            return UInt64(bigEndian: base.loadUnaligned(as: UInt64.self))
        }
        var value: UInt64 = 0
        for byte in self.prefix(8) { value = value << 8 | UInt64(byte) }
        return value
    }
}

/// An 8-byte big-endian key, so that integer order equals LMDB's byte order.
public struct BigEndianKey {
    /// The key's bytes.
    public var bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)

    /// Encodes `value` most significant byte first.
    public init(_ value: UInt64) {
        let be = value.bigEndian
        bytes = unsafeBitCast(be, to: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8).self)
    }

    /// Calls `body` with the key's 8 bytes.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: bytes, body)
    }

    /// The key as an array.
    public var array: [UInt8] { withUnsafeBytes(of: bytes) { Array($0) } }
}
