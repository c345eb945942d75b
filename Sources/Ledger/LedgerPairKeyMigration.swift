import LMDB

/// How the pairs index lays out its keys; recorded in `meta` under `pairs-key-format`.
enum PairKeyFormat: UInt8, Sendable {
    /// The recipient in full, a NUL, the account id (ledgers written before the format was recorded).
    case fullRecipient = 1
    /// As `fullRecipient`, but a LinkedIn profile recipient is `PairState.profileKeyMarker` then
    /// the text after `linkedin.com/in/`.
    case profileMarked = 2

    /// The format this build writes.
    static let current = PairKeyFormat.profileMarked
    static let metaKey: [UInt8] = Array("pairs-key-format".utf8)
}

extension Ledger {
    /// Brings the pairs index to `PairKeyFormat.current`, in one write transaction; returns the number of keys rewritten.
    ///
    /// `Ledger.open` calls it every time, like `migrateLegacyMerkleNodes`: a ledger written by an
    /// earlier build (no format in `meta`) has each profile recipient's entry moved to its shorter
    /// key, then the format is recorded; a crash leaves either the old index or the migrated one.
    /// Once recorded, a read transaction finds it and nothing is written (a write transaction
    /// would wait for any writer of another process).
    @discardableResult
    func migratePairKeys() throws -> Int {
        guard try environment.read({ txn in try storedPairKeyFormat(txn) }) != .current else { return 0 }
        return try environment.write { txn in
            if try storedPairKeyFormat(txn) == .current { return 0 }
            var moves: [(old: [UInt8], new: [UInt8], value: [UInt8])] = []
            try txn.withCursor(pairs) { cursor in
                var entry = try cursor.first()
                while let current = entry {
                    guard let pair = try PairState.parseKey(current.key, format: .fullRecipient) else {
                        throw StorageError("a pairs index key has no separator")
                    }
                    if LinkedInProfile.isProfile(pair.recipient) {
                        let key = PairState.withKey(recipient: pair.recipient, accountID: pair.accountID) { Array($0) }
                        moves.append((Array(current.key), key, Array(current.value)))
                    }
                    entry = try cursor.next()
                }
            }
            for move in moves { _ = try txn.delete(move.old, in: pairs) }
            for move in moves { try txn.put(move.value, forKey: move.new, in: pairs) }
            try txn.put([PairKeyFormat.current.rawValue], forKey: PairKeyFormat.metaKey, in: meta)
            return moves.count
        }
    }

    /// The pairs index's recorded key format; nil when none is recorded (an earlier build's ledger, or a new one).
    private func storedPairKeyFormat(_ txn: Transaction) throws -> PairKeyFormat? {
        guard let stored = try txn.get(PairKeyFormat.metaKey, in: meta) else { return nil }
        guard stored.count == 1, let format = PairKeyFormat(rawValue: stored[0]) else {
            throw LedgerError("the pairs index has a key format this build does not know (\(Array(stored)))")
        }
        return format
    }
}
