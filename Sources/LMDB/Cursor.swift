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
