import LMDB

extension Ledger {
    /// The database in which ledgers written before the completion-order layout kept their Merkle nodes.
    ///
    /// Its keys were the level byte then the big-endian index, so each level's nodes were inserted
    /// in the middle of the key space and its pages ended up half full.
    static let legacyMerkleDatabaseName = "merkle"

    /// The key under which the legacy `merkle` database stored node (level, index).
    static func legacyMerkleKey(level: Int, index: UInt64) -> [UInt8] {
        [UInt8(level)] + BigEndianKey(index).array
    }

    /// Moves nodes stored in the legacy layout into `merkle-nodes` and drops the legacy database, in one write transaction.
    ///
    /// `Ledger.open` calls it every time, so the first command of any kind — a query too —
    /// migrates a ledger written by the previous version, and no read path ever needs the
    /// legacy layout. A ledger without the legacy database costs one read transaction. A crash leaves either the legacy
    /// database untouched or the migration complete.
    ///
    /// Nodes are copied, not recomputed: the move changes where nodes live, never what they
    /// hold, so `verify` still reports a legacy node that did not match the log. They are copied
    /// in completion order (every leaf count that is a multiple of 2^`lowestStoredMerkleLevel`, up
    /// to the head; at each, the levels from that one up), so every put is an `MDB_APPEND`; the
    /// legacy nodes below that level are left out. Only nodes completed after the last one already
    /// in `merkle-nodes` are copied, which also takes in nodes that a previous version appended
    /// after an earlier migration. Returns the number of nodes copied.
    @discardableResult
    func migrateLegacyMerkleNodes() throws -> Int {
        // Looked for in a read transaction first: a write would wait for any writer of another process.
        let hasLegacy = try environment.read { txn in try txn.uncachedDatabase(named: Self.legacyMerkleDatabaseName) != nil }
        guard hasLegacy else { return 0 }
        return try environment.write { txn in
            // Asked of the main database, not of the handle the read above opened: LMDB keeps that
            // handle after another process drops the database, and fails only when it is used, so
            // the second of two processes upgrading at once failed with `MDB_NOTFOUND` (audit 59 M2).
            guard try txn.get(Array(Self.legacyMerkleDatabaseName.utf8), in: txn.mainDatabase()) != nil,
                  let legacy = try txn.uncachedDatabase(named: Self.legacyMerkleDatabaseName) else { return 0 }
            var copied = 0
            if try txn.count(legacy) > 0 {
                let head = try LedgerView(ledger: self, txn: txn).head()
                let lowest = Ledger.lowestStoredMerkleLevel
                let step: UInt64 = 1 << UInt64(lowest)
                // The last stored node may be of a lower level that an earlier build stored: round up.
                var leaves = (try lastStoredMerkleCompletion(in: txn) / step + 1) * step
                while leaves <= head.position {
                    var level = lowest
                    while level < UInt64.bitWidth - 1, leaves & ((1 << UInt64(level)) - 1) == 0 {
                        let index = (leaves >> UInt64(level)) - 1
                        if let stored = try txn.get(Self.legacyMerkleKey(level: level, index: index), in: legacy) {
                            let node = Array(stored)
                            try txn.put(node, forKey: LedgerMerkleNodes.key(level: level, index: index), in: merkle,
                                        options: .append)
                            copied += 1
                        }
                        level += 1
                    }
                    leaves += step
                }
            }
            try txn.drop(legacy)
            if try LedgerView(ledger: self, txn: txn).storedHead().position > 0 { noteUpgrade("the Merkle tree's layout") }
            return copied
        }
    }

    /// The leaf count at which the last node in `merkle-nodes` completed (0 when it holds none).
    private func lastStoredMerkleCompletion(in txn: Transaction) throws -> UInt64 {
        try txn.withCursor(merkle) { cursor in
            guard let last = try cursor.last() else { return 0 }
            return LedgerMerkleNodes.completedLeaves(key: last.key)
        }
    }
}
