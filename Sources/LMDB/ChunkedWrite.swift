import CLMDB

/// A write that commits chunk by chunk, each in a transaction of its own: for a database no other process opens until it is done.
///
/// One LMDB write transaction keeps every page it dirties on the heap until it commits, so a
/// transaction that writes a million entries holds the whole new database in memory. A
/// `ChunkedWrite` commits what it has written when told (`commitAndContinue`) and begins the
/// next transaction, whose pages reuse the memory of the last. A committed chunk is visible to
/// any reader, so the caller must be the only one who can open the database (a folder of its
/// own, renamed into place when the write is done) and must throw the database away when the
/// write fails or is given up.
///
/// Between two chunks, with no transaction of this process open, the map grows until the room
/// left is at least `leastRoom`, four times the most a chunk has grown the file, and what the
/// file holds already: a later chunk seldom fills it, nor does a last one that adds state
/// derived from all that was written (a third of the database's size, say). A map
/// that fills up anyway before the first chunk commits is grown and the whole body run again,
/// as `Environment.write` does; after one, nothing can be undone and the error is thrown
/// (`LMDBError.isMapFull`).
///
/// A chunk reads what earlier ones committed through the map, and every page read stays
/// mapped, counted in the process's resident set, until the environment closes. So the map
/// lets go of them between chunks, and whenever the writer says (`releaseMappedPages`, every
/// thousand or so writes): the mapped part of the resident set stays that of the reads since
/// the last release, however far back in the file they go. Each read still maps up to 64 KiB around the page it reads (the kernel's
/// fault-around, which `MADV_RANDOM` does not turn off on Linux 6), so a stretch of writes
/// that all read far back in the file maps up to 64 KiB per read.
public final class ChunkedWrite {
    /// The transaction the next writes go to.
    public private(set) var transaction: Transaction
    /// How many chunks were committed before the current one.
    public private(set) var commits = 0
    private let environment: Environment
    private let leastRoom: Int
    /// The most pages one chunk added to the file.
    private var largestGrowth = 0
    /// The last used page when the current chunk began.
    private var lastPageAtStart: Int
    /// Whether `transaction` is still to be committed or aborted (a commit frees it, even a failed one).
    private var isOpen = true
    /// Where this process maps the file, and the map's size when it was found: the map moves when its size changes.
    private var mappings: [Range<UInt>]
    private var mappedSize: Int
    private let pageSize: Int

    init(environment: Environment, transaction: Transaction, leastRoom: Int) {
        self.environment = environment
        self.transaction = transaction
        self.leastRoom = leastRoom
        (pageSize, lastPageAtStart, mappedSize) = environment.pageUsage()
        mappings = environment.mapMappings()
    }

    /// Lets go of the map's pages this process has read: those committed before the chunk began (the chunk's own pages are on the heap).
    public func releaseMappedPages() {
        let size = environment.mapSize
        if size != mappedSize {  // the map moved: releasing the old range would zero whatever lies there now
            mappings = environment.mapMappings()
            mappedSize = size
        }
        Environment.releasePages(of: mappings, bytes: (lastPageAtStart + 1) * pageSize)
    }

    /// Commits the current chunk and begins the next transaction; the transaction handed out before is invalid afterwards, and so are its cursors.
    @discardableResult
    public func commitAndContinue() throws -> Transaction {
        try commit()
        commits += 1
        let lastPage = environment.pageUsage().lastPage
        largestGrowth = max(largestGrowth, lastPage - lastPageAtStart)
        lastPageAtStart = lastPage
        let used = (lastPage + 1) * pageSize
        releaseMappedPages()
        while environment.mapSize - used < max(leastRoom, 4 * largestGrowth * pageSize, used) {
            try environment.grow()
        }
        transaction = try environment.beginWrite()
        isOpen = true
        return transaction
    }

    /// Commits the current transaction.
    func commit() throws(LMDBError) {
        isOpen = false
        try environment.commitWrite(transaction.handle)
    }

    /// Aborts the current transaction, unless a commit already ended it (the chunks committed before stay).
    func abort() {
        if isOpen { environment.abort(transaction.handle) }
        isOpen = false
    }
}

extension Environment {
    /// Runs `body` in a write committed chunk by chunk (`ChunkedWrite`), and commits the last chunk when `body` returns.
    ///
    /// When `body` throws, the current chunk is aborted and the chunks committed before stay:
    /// only for a database no other process opens until the write is done, which the caller
    /// throws away when this throws or its own batch fails. `leastRoom` is the room kept free
    /// in the map between chunks: more than a chunk can take.
    public func writeInChunks<R>(leastRoom: Int = 64 << 20, _ body: (ChunkedWrite) throws -> R) throws -> R {
        try refuseWriteWhenReadOnly()
        return try writer.holding {
            // Chunks need not reach the disk before the last one (a write given up is thrown
            // away): the last commit's sync writes out their pages with its own.
            let syncs = !skipsSync
            if syncs { setSkipsSync(true) }
            defer { if syncs { setSkipsSync(false) } }
            while true {
                let chunks = ChunkedWrite(environment: self, transaction: try beginWrite(), leastRoom: leastRoom)
                let result: R
                do {
                    result = try body(chunks)
                } catch let error as LMDBError where error.isMapFull && chunks.commits == 0 {
                    chunks.abort()
                    try grow()
                    continue
                } catch {
                    chunks.abort()
                    throw error
                }
                if syncs { setSkipsSync(false) }
                do {
                    try chunks.commit()
                } catch let error as LMDBError {
                    guard error.isMapFull, chunks.commits == 0 else { throw error }
                    try grow()
                    if syncs { setSkipsSync(true) }
                    continue
                }
                return result
            }
        }
    }
}
