import CLMDB
import Foundation

/// An error returned by LMDB, carrying its result code and LMDB's own message.
public struct LMDBError: Error, CustomStringConvertible, Sendable, Equatable {
    /// LMDB's result code (`MDB_MAP_FULL`, `MDB_NOTFOUND`, an `errno` value, …).
    public let code: Int32
    /// What was being done when the error happened, e.g. `"opening /data/db"`.
    public let context: String
    /// A message of the wrapper's own, said instead of LMDB's text for the code.
    public let detail: String?

    /// Creates an error from an LMDB result code.
    public init(code: Int32, context: String, detail: String? = nil) {
        self.code = code
        self.context = context
        self.detail = detail
    }

    /// LMDB's description of the code (or the wrapper's own words).
    public var message: String {
        if let own = ownMessage { return own }
        guard let text = mdb_strerror(code) else { return "LMDB error \(code)" }
        return String(cString: text)
    }

    /// The wrapper's words for this error: the detail given, or what a full reader table means; nil for LMDB's own text.
    private var ownMessage: String? {
        if let detail { return detail }
        guard code == MDB_READERS_FULL else { return nil }
        return "too many read transactions are open on the ledger at once (the lock file's reader table is full): "
            + "wait for some of the processes reading it to end (a reader killed inside one frees its slot at the next open)"
    }

    /// `<context>: <message> (<code>)`, as printed; a message of the wrapper's own says it all, without the code.
    public var description: String { ownMessage == nil ? "\(context): \(message) (\(code))" : "\(context): \(message)" }

    /// LMDB's result code for a full map (`MDB_MAP_FULL`), for tests that simulate it.
    public static let mapFullCode: Int32 = MDB_MAP_FULL

    /// The map is full; the environment grows it and retries the write.
    public var isMapFull: Bool { code == MDB_MAP_FULL }
    /// A page that is not what its tree says (`MDB_CORRUPTED`, `MDB_PAGE_NOTFOUND`): the data file is damaged.
    public var isDamagedPage: Bool { code == MDB_CORRUPTED || code == MDB_PAGE_NOTFOUND }
    /// A write the disk refused: full (`ENOSPC`, or `EIO`, as LMDB reports a short write), or over a quota.
    public var isDiskRefusal: Bool { code == ENOSPC || code == EIO || code == EDQUOT }
    /// A write refused: the environment is read-only (`Configuration.readOnly`), or its file system is.
    public var isReadOnlyRefusal: Bool { code == EROFS }
    /// A write gave up rather than wait for another writer (`Environment.withoutWaitingForOtherWriters`).
    public var isWriterBusy: Bool { code == EBUSY }
    /// A key exists already (with `noOverwrite`), or an append was out of order.
    public var isKeyExists: Bool { code == MDB_KEYEXIST }
    /// A database opened by a name whose entry in the main database is a plain value, or with other flags.
    public var isIncompatible: Bool { code == MDB_INCOMPATIBLE }

    /// Throws an `LMDBError` when `code` is not `MDB_SUCCESS`.
    @inline(__always)
    static func check(_ code: Int32, _ context: @autoclosure () -> String) throws(LMDBError) {
        if code != MDB_SUCCESS { throw LMDBError(code: code, context: context()) }
    }
}
