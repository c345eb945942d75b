import LMDB

/// The lowest level of the Merkle nodes `merkle-nodes` stores; recorded in `meta` under `merkle-lowest-level`.
enum MerkleStoredLevels: UInt8, Sendable, RecordedFormat {
    /// Nodes from level 4 up (ledgers written before the level was recorded).
    case fromLevel4 = 4
    /// Nodes from level 5 up (`Ledger.lowestStoredMerkleLevel`).
    case fromLevel5 = 5

    /// The levels this build stores.
    static let current = MerkleStoredLevels.fromLevel5
    /// The `meta` key recording the lowest Merkle level the ledger stores (one byte).
    static let metaKey: [UInt8] = Array("merkle-lowest-level".utf8)
    static let subject = "the lowest stored Merkle level"
}

extension Ledger {
    /// Brings `merkle-nodes` to `lowestStoredMerkleLevel`, in one write transaction; returns the number of nodes dropped.
    ///
    /// `Ledger.open` calls it every time, after `migrateLegacyMerkleNodes`, like
    /// `migratePairKeys` (`migrateUnlessRecorded`): a ledger that records no level (earlier
    /// builds stored from level 4 up) has its lower nodes dropped — they are recomputed from
    /// events on demand — then the level is recorded; a new ledger only records it. A crash
    /// leaves either the old tree or the migrated one. A level this build does not know (a
    /// newer build's) makes `open` fail: the nodes this build reads may be gone.
    ///
    /// The kept nodes are read out, the database emptied and they are appended again in
    /// completion order, so its pages end up full instead of half emptied (the kept nodes are
    /// held in memory meanwhile: 40 bytes per 32 events).
    @discardableResult
    func migrateLowestStoredMerkleLevel() throws -> Int {
        let lowest = Self.lowestStoredMerkleLevel
        return try migrateUnlessRecorded(MerkleStoredLevels.self) { txn in
            var kept: [(key: [UInt8], node: [UInt8])] = []
            var dropped = 0
            try txn.withCursor(merkle) { cursor in
                var entry = try cursor.first()
                while let current = entry {
                    if LedgerMerkleNodes.level(key: current.key) >= lowest {
                        kept.append((Array(current.key), Array(current.value)))
                    } else {
                        dropped += 1
                    }
                    entry = try cursor.next()
                }
            }
            if dropped > 0 {
                try txn.clear(merkle)
                for node in kept { try txn.put(node.node, forKey: node.key, in: merkle, options: .append) }
            }
            return dropped
        }
    }
}
