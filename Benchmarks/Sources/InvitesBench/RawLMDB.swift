import CLMDB
#if canImport(Glibc)
import Glibc
#endif

/// The physical limit: LMDB's C API with nothing on top, for the append and scan cases.
///
/// Opened as the ledger opens its environment (`MDB_NOTLS`, synced commits, 1 GiB sparse map).
final class RawLMDB {
    let path: String
    private let env: OpaquePointer
    private(set) var dbi: MDB_dbi = 0

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func check(_ code: Int32, _ what: String) throws {
        if code != MDB_SUCCESS { throw Failure(description: "\(what): \(String(cString: mdb_strerror(code))) (\(code))") }
    }

    /// Opens (creating) the environment in directory `path` and its database `name`.
    init(path: String, database name: String = "log", mapSize: Int = 1 << 30) throws {
        self.path = path
        var handle: OpaquePointer?
        try Self.check(mdb_env_create(&handle), "mdb_env_create")
        guard let handle else { throw Failure(description: "mdb_env_create returned no handle") }
        env = handle
        try Self.check(mdb_env_set_maxdbs(env, 32), "mdb_env_set_maxdbs")
        try Self.check(mdb_env_set_mapsize(env, mapSize), "mdb_env_set_mapsize")
        try Self.check(mdb_env_open(env, path, UInt32(MDB_NOTLS), 0o600), "mdb_env_open \(path)")
        var txn: OpaquePointer?
        try Self.check(mdb_txn_begin(env, nil, 0, &txn), "mdb_txn_begin")
        try Self.check(mdb_dbi_open(txn, name, UInt32(MDB_CREATE), &dbi), "mdb_dbi_open \(name)")
        try Self.check(mdb_txn_commit(txn), "mdb_txn_commit")
    }

    deinit { mdb_env_close(env) }

    /// Appends records `range` (keys = position, 4 bytes big-endian, as the ledger's log) with `MDB_APPEND`, in one synced transaction.
    func append(_ records: RecordSet, _ range: Range<Int>) throws {
        var txn: OpaquePointer?
        try Self.check(mdb_txn_begin(env, nil, 0, &txn), "mdb_txn_begin")
        var cursor: OpaquePointer?
        try Self.check(mdb_cursor_open(txn, dbi, &cursor), "mdb_cursor_open")
        var failure: Int32 = 0
        records.bytes.withUnsafeBytes { raw in
            // An empty set has no base address: its records (of no bytes) then point nowhere, which LMDB accepts.
            let base = raw.baseAddress.map { UnsafeMutableRawPointer(mutating: $0) }
            for index in range {
                var key = UInt32(index + 1).bigEndian
                let start = records.offsets[index]
                let end = records.offsets[index + 1]
                withUnsafeMutableBytes(of: &key) { keyBytes in
                    var k = MDB_val(mv_size: 4, mv_data: keyBytes.baseAddress)
                    var v = MDB_val(mv_size: end - start, mv_data: base.map { $0 + start })
                    let code = mdb_cursor_put(cursor, &k, &v, UInt32(MDB_APPEND))
                    if code != 0, failure == 0 { failure = code }
                }
                if failure != 0 { break }
            }
        }
        mdb_cursor_close(cursor)
        if failure != 0 {
            mdb_txn_abort(txn)
            try Self.check(failure, "mdb_cursor_put(MDB_APPEND)")
        }
        try Self.check(mdb_txn_commit(txn), "mdb_txn_commit")
    }

    /// Walks the database with a read cursor, touching each value; returns (entries, a checksum).
    func scan() throws -> (count: Int, checksum: Int) {
        var txn: OpaquePointer?
        try Self.check(mdb_txn_begin(env, nil, UInt32(MDB_RDONLY), &txn), "mdb_txn_begin")
        defer { mdb_txn_abort(txn) }
        var cursor: OpaquePointer?
        try Self.check(mdb_cursor_open(txn, dbi, &cursor), "mdb_cursor_open")
        defer { mdb_cursor_close(cursor) }
        var key = MDB_val()
        var value = MDB_val()
        var count = 0
        var checksum = 0
        var op = MDB_FIRST
        while mdb_cursor_get(cursor, &key, &value, op) == MDB_SUCCESS {
            count += 1
            checksum &+= value.mv_size &+ Int(value.mv_data.load(as: UInt8.self))
            op = MDB_NEXT
        }
        return (count, checksum)
    }

    /// Every value of the database, in key order, copied into one buffer.
    func values() throws -> RecordSet {
        var txn: OpaquePointer?
        try Self.check(mdb_txn_begin(env, nil, UInt32(MDB_RDONLY), &txn), "mdb_txn_begin")
        defer { mdb_txn_abort(txn) }
        var cursor: OpaquePointer?
        try Self.check(mdb_cursor_open(txn, dbi, &cursor), "mdb_cursor_open")
        defer { mdb_cursor_close(cursor) }
        var records = RecordSet()
        var key = MDB_val()
        var value = MDB_val()
        var op = MDB_FIRST
        while mdb_cursor_get(cursor, &key, &value, op) == MDB_SUCCESS {
            records.append(UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size))
            op = MDB_NEXT
        }
        return records
    }
}

/// Encoded records, back to back, with their offsets (`offsets.count == count + 1`).
struct RecordSet {
    var bytes: [UInt8] = []
    var offsets: [Int] = [0]

    var count: Int { offsets.count - 1 }

    mutating func append(_ record: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: record)
        offsets.append(bytes.count)
    }
}
