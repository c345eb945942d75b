import LMDB

extension Ledger {
    /// The `meta` key recording the lowest Merkle level the ledger stores (one byte).
    ///
    /// Ledgers written before it was recorded stored nodes from level 4 up.
    static let lowestStoredMerkleLevelMetaKey: [UInt8] = Array("merkle-lowest-level".utf8)

    /// Brings `merkle-nodes` to `lowestStoredMerkleLevel`, in one write transaction; returns the number of nodes dropped.
    ///
    /// `Ledger.open` calls it every time, after `migrateLegacyMerkleNodes`, like
    /// `migratePairKeys`: a ledger whose recorded level (none: 4, as earlier builds stored) is
    /// below this build's has its lower nodes dropped — they are recomputed from events on
    /// demand — then the level is recorded; a new ledger only records it. A crash leaves either
    /// the old tree or the migrated one. Once recorded, a read transaction finds it and nothing
    /// is written (a write transaction would wait for any writer of another process).
    ///
    /// The kept nodes are read out, the database emptied and they are appended again in
    /// completion order, so its pages end up full instead of half emptied (the kept nodes are
    /// held in memory meanwhile: 40 bytes per 32 events). A ledger recording a higher level
    /// than this build's is refused: the nodes this build reads are gone from it.
    @discardableResult
    func migrateLowestStoredMerkleLevel() throws -> Int {
        let lowest = Self.lowestStoredMerkleLevel
        guard try environment.read({ txn in try recordedLowestMerkleLevel(txn) }) != lowest else { return 0 }
        return try environment.write { txn in
            let recorded = try recordedLowestMerkleLevel(txn)
            if recorded == lowest { return 0 }
            if let recorded, recorded > lowest {
                throw LedgerError("the ledger stores Merkle nodes from level \(recorded) up; this build needs them from \(lowest) (run the newer build)")
            }
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
            try txn.put([UInt8(lowest)], forKey: Self.lowestStoredMerkleLevelMetaKey, in: meta)
            return dropped
        }
    }

    /// The lowest stored Merkle level recorded in `meta`; nil when none is (an earlier build's ledger, or a new one).
    private func recordedLowestMerkleLevel(_ txn: Transaction) throws -> Int? {
        guard let stored = try txn.get(Self.lowestStoredMerkleLevelMetaKey, in: meta) else { return nil }
        guard stored.count == 1, stored[0] < 64 else {
            throw LedgerError("the ledger records a lowest Merkle level this build does not know (\(Array(stored)))")
        }
        return Int(stored[0])
    }
}
