import CLMDB
#if canImport(Glibc)
import Glibc
#endif

/// A transaction handed to the closure of `Environment.read` or `Environment.write`.
///
/// Valid only inside that closure. Buffers returned by `get` and by cursors point into the
/// memory map and are valid only until the transaction ends or the next write in it.
public struct Transaction {
    let handle: OpaquePointer
    /// The environment this transaction belongs to.
    public unowned let environment: Environment
    /// Whether this is a read-only transaction, whose values all point into the memory map.
    ///
    /// A write transaction's values may lie in its dirty pages, on the heap.
    public let isReadOnly: Bool

    init(handle: OpaquePointer, environment: Environment, isReadOnly: Bool) {
        self.handle = handle
        self.environment = environment
        self.isReadOnly = isReadOnly
    }

    /// Opens a named database, creating it when missing; uncached (`Environment.openDatabase` keeps handles).
    func open(_ name: String) throws(LMDBError) -> Database {
        var dbi: MDB_dbi = 0
        try LMDBError.check(mdb_dbi_open(handle, name, UInt32(MDB_CREATE), &dbi), "opening database \(name)")
        return Database(dbi: dbi, name: name)
    }

    /// Opens a named database only if it exists; uncached (`Environment.openExistingDatabase` keeps handles).
    func openExisting(_ name: String) throws(LMDBError) -> Database? {
        var dbi: MDB_dbi = 0
        let code = mdb_dbi_open(handle, name, 0, &dbi)
        if code == MDB_NOTFOUND { return nil }
        try LMDBError.check(code, "opening database \(name)")
        return Database(dbi: dbi, name: name)
    }

    /// The value stored under `key`, zero-copy; nil when the key is absent.
    public func get(_ key: UnsafeRawBufferPointer, in database: Database) throws(LMDBError) -> UnsafeRawBufferPointer? {
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var data = MDB_val()
        let code = mdb_get(handle, database.dbi, &keyValue, &data)
        if code == MDB_NOTFOUND { return nil }
        try LMDBError.check(code, "reading from \(database.name)")
        return UnsafeRawBufferPointer(start: data.mv_data, count: data.mv_size)
    }

    /// The value stored under `key`, zero-copy; nil when the key is absent.
    public func get(_ key: [UInt8], in database: Database) throws(LMDBError) -> UnsafeRawBufferPointer? {
        var result: UnsafeRawBufferPointer?
        var failure: LMDBError?
        key.withUnsafeBytes { raw in
            do throws(LMDBError) { result = try get(raw, in: database) } catch { failure = error }
        }
        if let failure { throw failure }
        return result
    }

    /// Stores `value` under `key`.
    public func put(_ value: UnsafeRawBufferPointer, forKey key: UnsafeRawBufferPointer, in database: Database,
                    options: PutOptions = []) throws(LMDBError) {
        var keyValue = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var data = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        try LMDBError.check(mdb_put(handle, database.dbi, &keyValue, &data, options.rawValue), "writing to \(database.name)")
    }

    /// Stores `value` under `key`.
    public func put(_ value: [UInt8], forKey key: [UInt8], in database: Database, options: PutOptions = []) throws(LMDBError) {
        var failure: LMDBError?
        key.withUnsafeBytes { rawKey in
            value.withUnsafeBytes { rawValue in
                do throws(LMDBError) { try put(rawValue, forKey: rawKey, in: database, options: options) } catch { failure = error }
            }
        }
        if let failure { throw failure }
    }

    /// Removes `key` and its value(s); returns false when the key was absent.
    @discardableResult
    public func delete(_ key: [UInt8], in database: Database) throws(LMDBError) -> Bool {
        var failure: LMDBError?
        var found = true
        key.withUnsafeBytes { raw in
            var keyValue = MDB_val(mv_size: raw.count, mv_data: UnsafeMutableRawPointer(mutating: raw.baseAddress))
            let code = mdb_del(handle, database.dbi, &keyValue, nil)
            if code == MDB_NOTFOUND { found = false; return }
            do throws(LMDBError) { try LMDBError.check(code, "deleting from \(database.name)") } catch { failure = error }
        }
        if let failure { throw failure }
        return found
    }

    /// Empties a database, keeping its handle (`mdb_drop` with `del = 0`).
    public func clear(_ database: Database) throws(LMDBError) {
        try LMDBError.check(mdb_drop(handle, database.dbi, 0), "clearing \(database.name)")
    }

    /// The environment's main database, whose keys are the named databases' names (`mdb_dbi_open` with no name).
    ///
    /// Read in this transaction's snapshot: whether a name is there now, whatever handle this
    /// process opened earlier (LMDB keeps a handle after another process drops its database).
    public func mainDatabase() throws(LMDBError) -> Database {
        var dbi: MDB_dbi = 0
        try LMDBError.check(mdb_dbi_open(handle, nil, 0, &dbi), "opening the main database")
        return Database(dbi: dbi, name: "the main database")
    }

    /// Opens a named database only if it exists (nil when it does not), inside this transaction and uncached.
    ///
    /// For one-off work on a database the environment does not keep open, such as `drop`ping it.
    public func uncachedDatabase(named name: String) throws(LMDBError) -> Database? {
        try openExisting(name)
    }

    /// Deletes a database from the environment and closes its handle (`mdb_drop` with `del = 1`).
    ///
    /// The handle is invalid afterwards: use it only on handles from `uncachedDatabase(named:)`,
    /// never on one `Environment.openDatabase` keeps.
    public func drop(_ database: Database) throws(LMDBError) {
        try LMDBError.check(mdb_drop(handle, database.dbi, 1), "dropping \(database.name)")
    }

    /// How many entries a database holds.
    public func count(_ database: Database) throws(LMDBError) -> Int {
        var stat = MDB_stat()
        try LMDBError.check(mdb_stat(handle, database.dbi, &stat), "reading statistics of \(database.name)")
        return Int(stat.ms_entries)
    }

    /// Pages used by a database (branch, leaf and overflow), for measuring bytes on disk.
    public func pages(_ database: Database) throws(LMDBError) -> Int {
        var stat = MDB_stat()
        try LMDBError.check(mdb_stat(handle, database.dbi, &stat), "reading statistics of \(database.name)")
        return Int(stat.ms_branch_pages + stat.ms_leaf_pages + stat.ms_overflow_pages)
    }

    /// Opens a cursor that lasts until this write transaction ends, when LMDB closes it.
    ///
    /// For a writer that appends to one database across many calls: the
    /// cursor stays on the last key, so each `MDB_APPEND` through it skips the descent from the
    /// root. It must not be used once the transaction has committed or aborted. Refused in a read
    /// transaction, whose cursors LMDB does not close.
    public func transactionCursor(_ database: Database) throws(LMDBError) -> Cursor {
        guard !isReadOnly else { throw LMDBError(code: EINVAL, context: "a transaction-long cursor in a read transaction") }
        var cursorHandle: OpaquePointer?
        try LMDBError.check(mdb_cursor_open(handle, database.dbi, &cursorHandle), "opening a cursor on \(database.name)")
        guard let cursorHandle else { throw LMDBError(code: EINVAL, context: "opening a cursor") }
        return Cursor(handle: cursorHandle, database: database)
    }

    /// Opens a cursor over a database, closed when `body` returns.
    public func withCursor<R>(_ database: Database, _ body: (inout Cursor) throws -> R) throws -> R {
        var cursorHandle: OpaquePointer?
        try LMDBError.check(mdb_cursor_open(handle, database.dbi, &cursorHandle), "opening a cursor on \(database.name)")
        guard let cursorHandle else { throw LMDBError(code: EINVAL, context: "opening a cursor") }
        defer { mdb_cursor_close(cursorHandle) }
        var cursor = Cursor(handle: cursorHandle, database: database)
        return try body(&cursor)
    }
}

extension Transaction {
    /// Calls `body` with every entry whose key starts with `prefix`, in key order, until it returns false.
    ///
    /// Inlinable, so that the projections' scans keep the per-entry call they had when it lived beside them.
    @inlinable
    public func forEach(in database: Database, prefix: [UInt8],
                        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Bool) throws {
        try withCursor(database) { cursor in
            var entry = prefix.isEmpty ? try cursor.first() : try cursor.seek(atLeast: prefix)
            while let current = entry, current.key.starts(with: prefix) {
                guard try body(current.key, current.value) else { return }
                entry = try cursor.next()
            }
        }
    }
}
