import CLMDB
import Foundation

/// An LMDB environment: one memory-mapped file holding named databases, shared by every process that opens it.
///
/// Transactions are closure-scoped:
///
/// ```swift
/// let env = try Environment(path: "/tmp/db", configuration: .init())
/// let log = try env.openDatabase("log")
/// try env.write { txn in try txn.put([1], forKey: [0, 0, 0, 1], in: log) }
/// let count = try env.read { txn in try txn.count(log) }
/// ```
///
/// Threading: a write closure runs synchronously on the calling thread, because LMDB's write
/// lock belongs to a thread. The environment is opened with `MDB_NOTLS`, so read transactions
/// may be used from any thread, but each transaction only inside its closure.
///
/// A process opens one path's environment once at a time (LMDB's rule): a second open, or
/// closing any other descriptor of its `lock.mdb`, drops the `fcntl` locks by which other
/// processes tell this one's reader slots from a dead process's.
public final class Environment: @unchecked Sendable {
    /// How the environment is opened.
    public struct Configuration: Sendable {
        /// The initial map size in bytes: address space only, the file grows as pages are written.
        public var mapSize: Int = 1 << 30
        /// The most named databases the environment holds.
        public var maxDatabases: UInt32 = 32
        /// The most read transactions open at once, over every process (a slot each, 64 bytes of `lock.mdb`).
        ///
        /// LMDB's default, 126, was reached by a fleet of automation workers and their readers (audit 54);
        /// a process that finds the lock file in use takes the number its size gives.
        public var maxReaders: UInt32 = 1_024
        /// Skip the fsync at commit (`MDB_NOSYNC`): faster, but a crash may lose recent commits.
        public var skipSync = false
        /// Write pages straight into the map (`MDB_WRITEMAP`), so large write transactions keep no dirty copies on the heap.
        public var writeMap = false
        /// Open read-only (`MDB_RDONLY`): no write transaction can begin.
        ///
        /// Nothing is created beside the data file but LMDB's lock file, when it is missing on a
        /// writable file system. On a read-only file system LMDB reads without its lock file.
        public var readOnly = false
        /// File mode of the data and lock files.
        public var fileMode: mode_t = 0o600

        /// The default configuration: a 1 GiB sparse map, synced commits.
        public init() {}
    }

    /// The directory holding `data.mdb` and `lock.mdb`.
    public let path: String
    let handle: OpaquePointer
    private let lock = NSLock()
    private var databases: [String: Database] = [:]
    /// Held by every write transaction, so other processes can tell one is open (`isWriting`).
    let writer: WriterAnnouncement
    /// Whether the environment was opened read-only (`Configuration.readOnly`): every write is refused.
    public let isReadOnly: Bool
    /// How many transactions of this process are open on this environment, read or write.
    private var openTransactions = 0
    private let openTransactionsLock = NSLock()
    /// Where the map was last found (`mapMappings`), at which map size: it moves only when it grows.
    private var foundMap: (mapSize: Int, ranges: [Range<UInt>])?
    private let foundMapLock = NSLock()

    /// Opens (creating when missing) the environment in the directory `path`, which must exist.
    public init(path: String, configuration: Configuration = .init()) throws(LMDBError) {
        var env: OpaquePointer?
        try LMDBError.check(mdb_env_create(&env), "creating an environment")
        guard let env else { throw LMDBError(code: ENOMEM, context: "creating an environment") }
        AssertionHook.install(on: env)
        do {
            try LMDBError.check(mdb_env_set_maxdbs(env, MDB_dbi(configuration.maxDatabases)), "setting maxdbs")
            try LMDBError.check(mdb_env_set_maxreaders(env, configuration.maxReaders), "setting maxreaders")
            try LMDBError.check(mdb_env_set_mapsize(env, configuration.mapSize), "setting the map size")
            var flags = UInt32(MDB_NOTLS)
            if configuration.skipSync { flags |= UInt32(MDB_NOSYNC) }
            if configuration.writeMap { flags |= UInt32(MDB_WRITEMAP) }
            if configuration.readOnly { flags |= UInt32(MDB_RDONLY) }
            if !configuration.readOnly { try Self.refuseNewEnvironmentOnAFullDisk(in: path) }
            Self.allocateLockFile(in: path)
            try LMDBError.check(mdb_env_open(env, path, flags, configuration.fileMode), "opening \(path)")
        } catch {
            mdb_env_close(env)
            throw error
        }
        // A data file missing pages its trees use would be mapped past its end, and the first
        // read there kills the process with SIGBUS: refuse it with a message instead.
        do {
            try Self.checkFileLength(env, path: path)
        } catch {
            mdb_env_close(env)
            throw error
        }
        self.handle = env
        self.path = path
        isReadOnly = configuration.readOnly
        writer = WriterAnnouncement(directory: path, mode: configuration.fileMode, readOnly: configuration.readOnly)
        // A process killed while reading leaves its slot behind; clear such slots now.
        staleReadersClearedOnOpen = clearStaleReaders()
    }

    /// How many reader slots of dead processes were cleared when this environment was opened.
    public private(set) var staleReadersClearedOnOpen = 0

    deinit {
        mdb_env_close(handle)
    }

    /// Opens (creating when missing) a named database; later calls with the same name return the same handle.
    ///
    /// An existing database is opened in a read transaction, so opening never waits for a
    /// writer of another process (a long write holds LMDB's writer lock until it commits);
    /// only a missing one is created in a write transaction.
    public func openDatabase(_ name: String) throws(LMDBError) -> Database {
        if let known = cachedDatabase(name) { return known }
        if let existing = try read({ txn throws(LMDBError) in try txn.openExisting(name) }) {
            return remember(existing)
        }
        let database = try write { txn throws(LMDBError) in
            try txn.open(name)
        }
        return remember(database)
    }

    /// Opens a named database only if it exists; nil when it does not (read-only environments).
    public func openExistingDatabase(_ name: String) throws(LMDBError) -> Database? {
        if let known = cachedDatabase(name) { return known }
        return try read { txn throws(LMDBError) in try txn.openExisting(name) }.map(remember)
    }

    private func cachedDatabase(_ name: String) -> Database? {
        lock.lock()
        defer { lock.unlock() }
        return databases[name]
    }

    private func remember(_ database: Database) -> Database {
        lock.lock()
        defer { lock.unlock() }
        databases[database.name] = database
        return database
    }

    /// Runs `body` in a read-only transaction, a consistent snapshot of the last commit.
    ///
    /// Values read are valid only inside `body`: decode or copy them there.
    public func read<R>(_ body: (Transaction) throws -> R) throws -> R {
        try runTransaction(readOnly: true, body)
    }

    /// Runs `body` in a read-only transaction, typed-throws form.
    public func read<R>(_ body: (Transaction) throws(LMDBError) -> R) throws(LMDBError) -> R {
        do {
            return try runTransaction(readOnly: true, body)
        } catch let error as LMDBError {
            throw error
        } catch {
            // Unreachable: `body` throws only LMDBError, and so does the transaction around it;
            // `runTransaction` is untyped because the untyped `read` shares it.
            throw LMDBError(code: EINVAL, context: "\(error)")
        }
    }

    /// Runs `body` in a read-only transaction begun while this process may hold other transactions open.
    ///
    /// For a second thread working beside a transaction of the first: when another process
    /// has grown the map since this process last looked, adopting the new size is only safe
    /// with no transaction of this process open, so this throws when it cannot begin beside
    /// another transaction (e.g. `MDB_MAP_RESIZED`); callers fall back to their own transaction.
    public func readBeside<R>(_ body: (Transaction) throws -> R) throws -> R {
        try runTransaction(readOnly: true, adoptsGrownMap: false, body)
    }

    /// Runs `body` in a write transaction and commits it when `body` returns; aborts it when `body` throws.
    ///
    /// When the map fills up, the transaction is aborted, the map doubled and `body` run again
    /// from the start, so `body` must not have side effects outside the transaction that a
    /// second run would repeat. The closure runs on the calling thread.
    public func write<R>(_ body: (Transaction) throws -> R) throws -> R {
        try refuseWriteWhenReadOnly()
        return try writer.holding { try runTransaction(readOnly: false, body) }
    }

    /// Refuses a write when the environment is read-only, before anything is touched.
    ///
    /// The error is one whose `isReadOnlyRefusal` holds; not even the writer's lock file is touched first.
    func refuseWriteWhenReadOnly() throws(LMDBError) {
        guard isReadOnly else { return }
        throw LMDBError(code: EROFS, context: "writing to \(path)", detail: "it is open read-only (asked for, on a read-only file system, or a data.mdb this user may not write), and this needs a write")
    }

    /// Runs `body` so that each of its writes fails at once with `LMDBError.isWriterBusy` where it would wait for another writer.
    ///
    /// For work with a cheaper way out than a wait of unknown length: a query catching its
    /// projections up answers from a fold of the log instead of waiting behind an import that
    /// began meanwhile. Only writers of builds that announce themselves are seen (`isWriting`).
    public static func withoutWaitingForOtherWriters<R>(_ body: () throws -> R) rethrows -> R {
        try WriterAnnouncement.$givesUp.withValue(true, operation: body)
    }

    /// Whether a write transaction is open on this environment, in this process or another, now.
    ///
    /// Tested without waiting (`WriterAnnouncement`), unlike LMDB's writer lock: a reader that
    /// would have to write first can answer another way while a long write runs.
    /// Only writers of builds that announce themselves are seen.
    public var isWriting: Bool { writer.isHeld() }

    /// Called with an environment's directory when one of its writes must first wait for another process's write to end; set once, before any write.
    ///
    /// The wait itself has no limit (LMDB's writer lock); this lets a program tell the person waiting.
    public static var onWaitingForAnotherWriter: (@Sendable (String) -> Void)? {
        get { WriterAnnouncement.onWait }
        set { WriterAnnouncement.onWait = newValue }
    }

    /// Runs `body` in a write transaction, typed-throws form.
    public func write<R>(_ body: (Transaction) throws(LMDBError) -> R) throws(LMDBError) -> R {
        try refuseWriteWhenReadOnly()
        do {
            return try writer.holding { try runTransaction(readOnly: false, body) }
        } catch let error as LMDBError {
            throw error
        } catch {
            // Unreachable: `writer.holding` throws only its own `LMDBError`s and the body's.
            throw LMDBError(code: EINVAL, context: "\(error)")
        }
    }

    private func runTransaction<R>(readOnly: Bool, adoptsGrownMap: Bool = true,
                                   _ body: (Transaction) throws -> R) throws -> R {
        while true {
            let txn = try begin(readOnly: readOnly, adoptsGrownMap: adoptsGrownMap)
            let txnHandle = txn.handle
            let result: R
            do {
                result = try body(txn)
            } catch let error as LMDBError where !readOnly && error.isMapFull {
                abort(txnHandle)
                try grow()
                continue
            } catch {
                abort(txnHandle)
                throw error
            }
            if readOnly {
                // Committing a read transaction only ends it, but keeps the database handles opened
                // in it for the environment (an abort would close them).
                let code = mdb_txn_commit(txnHandle)
                countTransaction(ended: true)
                try LMDBError.check(code, "ending a read transaction in \(path)")
                return result
            }
            do {
                try commitWrite(txnHandle)
            } catch {
                guard error.isMapFull else { throw error }
                try grow()
                continue
            }
            return result
        }
    }

    /// Begins a write transaction (the caller holds `writer`); `MDB_MAP_RESIZED` adopts the grown map first.
    func beginWrite() throws(LMDBError) -> Transaction {
        try refuseWriteWhenReadOnly()
        return try begin(readOnly: false, adoptsGrownMap: true)
    }

    /// Begins a transaction; on `MDB_MAP_RESIZED` (another process grew the map) adopts the new size and begins again, or throws it when `adoptsGrownMap` is false.
    ///
    /// A read begins holding the lock a resize holds, so that none begins while the map moves
    /// (review 110 R5). A write does not: its begin may wait for another process's writer, and a
    /// read must not wait behind that; this process resizes only from its one writing thread,
    /// with no write open, or from a read's begin.
    private func begin(readOnly: Bool, adoptsGrownMap: Bool) throws(LMDBError) -> Transaction {
        while true {
            var txnHandle: OpaquePointer?
            if readOnly { openTransactionsLock.lock() }
            let code = mdb_txn_begin(handle, nil, readOnly ? UInt32(MDB_RDONLY) : 0, &txnHandle)
            if code == MDB_MAP_RESIZED, adoptsGrownMap {
                if readOnly { openTransactionsLock.unlock() }
                try adoptGrownMap()
                continue
            }
            if readOnly {
                if code == 0 { openTransactions += 1 }
                openTransactionsLock.unlock()
            } else if code == 0 {
                countTransaction(ended: false)
            }
            try LMDBError.check(code, "beginning a transaction in \(path)")
            guard let txnHandle else { throw LMDBError(code: EINVAL, context: "beginning a transaction") }
            return Transaction(handle: txnHandle, environment: self, isReadOnly: readOnly)
        }
    }

    /// Aborts a transaction begun by `begin`, and counts it as ended.
    func abort(_ txnHandle: OpaquePointer) {
        mdb_txn_abort(txnHandle)
        countTransaction(ended: true)
    }

    /// Counts a transaction of this process as begun or ended (`openTransactions`).
    private func countTransaction(ended: Bool) {
        openTransactionsLock.lock()
        openTransactions += ended ? -1 : 1
        openTransactionsLock.unlock()
    }

    /// Commits a write transaction; `isMapFull` when the map filled up, and a full disk said plainly.
    ///
    /// `mdb_txn_commit` frees the transaction whatever it returns: it must never be aborted after this.
    func commitWrite(_ txnHandle: OpaquePointer) throws(LMDBError) {
        let code = mdb_txn_commit(txnHandle)
        countTransaction(ended: true)
        if code == EIO || code == ENOSPC {
            // LMDB reports a short write on a full disk as EIO; say what it most likely means, and a
            // file-size limit when one is set, which cuts writes short the same way (audit 68 F7).
            let sizeLimit = Self.softLimit(RLIMIT_FSIZE).map { " (or this process's file-size limit, ulimit -f: \($0) bytes)" } ?? ""
            throw LMDBError(code: code, context: "committing to \(path)",
                            detail: "\(String(cString: strerror(code))): the disk is full or failing\(sizeLimit), and nothing of this transaction was written")
        }
        try LMDBError.check(code, "committing to \(path)")
    }

    /// Whether commits skip the fsync (`MDB_NOSYNC`).
    var skipsSync: Bool {
        var flags: UInt32 = 0
        mdb_env_get_flags(handle, &flags)
        return flags & UInt32(MDB_NOSYNC) != 0
    }

    /// Turns the fsync at commit off or on (`MDB_NOSYNC`); LMDB reads the flag when a transaction commits.
    func setSkipsSync(_ skips: Bool) {
        mdb_env_set_flags(handle, UInt32(MDB_NOSYNC), skips ? 1 : 0)
    }

    /// Flushes buffers to disk, forced even in a no-sync mode (for environments opened with `skipSync`).
    public func sync() throws(LMDBError) {
        try LMDBError.check(mdb_env_sync(handle, 1), "syncing \(path)")
    }

    /// Clears reader slots left behind by processes that died; returns how many were cleared.
    @discardableResult
    public func clearStaleReaders() -> Int {
        var dead: Int32 = 0
        mdb_reader_check(handle, &dead)
        return Int(dead)
    }

    /// The data file's length in bytes, read from the descriptor LMDB holds open.
    ///
    /// Not from the path: a folder renamed, replaced or made unsearchable since the open has the
    /// same file open all the same, where asking the path answered 0 (audit 117 F6). The length is
    /// the file's apparent size, which a copy or a backup takes. A file no name links to any more
    /// (the stand-in a query opens for a ledger not created yet unlinks its own at once) is 0: no
    /// copy could take it (audit 126 N1).
    public var bytesOnDisk: Int {
        var descriptor: Int32 = -1
        var file = Foundation.stat()
        guard mdb_env_get_fd(handle, &descriptor) == MDB_SUCCESS, fstat(descriptor, &file) == 0, file.st_nlink > 0 else { return 0 }
        return Int(file.st_size)
    }

    /// Page size, last used page and map size, from LMDB's own bookkeeping.
    public func pageUsage() -> (pageSize: Int, lastPage: Int, mapSize: Int) {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        var stat = MDB_stat()
        mdb_env_stat(handle, &stat)
        return (Int(stat.ms_psize), Int(info.me_last_pgno), info.me_mapsize)
    }
}

/// The map's size: growing it, adopting another process's, and where the map is found at each size.
///
/// In this file, not one of its own: it keeps the transaction count and the found map `private` to `Environment` (review 148).
extension Environment {
    /// The current map size in bytes.
    public var mapSize: Int { pageUsage().mapSize }

    /// `mapMappings()`, looked up again only when the last look may no longer hold.
    ///
    /// That is, when the map's size changed since the last look, or when the last look does not
    /// hold `address` (a value LMDB just handed out: the map moved).
    ///
    /// So a short read (a follower's poll, one `log --limit 10`) can let go of the few pages it
    /// read, cut to the map, for the cost of asking LMDB the map's size, not of reading `/proc`.
    public func knownMapMappings(holding address: UInt) -> [Range<UInt>] {
        let size = mapSize
        foundMapLock.lock()
        defer { foundMapLock.unlock() }
        if let foundMap, foundMap.mapSize == size, foundMap.ranges.contains(where: { $0.contains(address) }) { return foundMap.ranges }
        let ranges = mapMappings()
        foundMap = (size, ranges)
        return ranges
    }

    /// Doubles the map size; called with no transaction of this process open.
    func grow() throws(LMDBError) {
        let next = max(mapSize * 2, 1 << 20)
        try resizeMap(to: next, "growing the map of \(path) to \(next) bytes")
    }

    /// Adopts a map size another process set.
    func adoptGrownMap() throws(LMDBError) {
        try resizeMap(to: 0, "adopting the map size of \(path)")
    }

    /// Changes the map size (0: the size another process set), refused while a transaction of this process is open (audit 102 F2).
    ///
    /// LMDB unmaps and maps the file again when the size changes, so another thread's open read
    /// transaction would go on reading through pointers into the old map: a crash, or worse, wrong
    /// bytes. Every caller changes the size with its own transaction ended; this turns a caller
    /// that one day does not into an error instead of undefined behaviour.
    private func resizeMap(to size: Int, _ doing: String) throws(LMDBError) {
        openTransactionsLock.lock()
        defer { openTransactionsLock.unlock() }
        let open = openTransactions
        guard open == 0 else {
            throw LMDBError(code: EBUSY, context: doing,
                            detail: "\(open) other transaction\(open == 1 ? " is" : "s are") open in this process, and the map may only be resized "
                                + "with none open: end the others first (another run of the command begins with none)")
        }
        try LMDBError.check(mdb_env_set_mapsize(handle, size), doing)
    }
}
