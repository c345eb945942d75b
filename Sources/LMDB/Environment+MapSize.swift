import CLMDB
import Foundation

/// The map's size: growing it, adopting another process's, and where the map is found at each size.
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
