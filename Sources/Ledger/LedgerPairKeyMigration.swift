import LMDB

/// How the pairs index lays out its keys; recorded in `meta` under `pairs-key-format`.
enum PairKeyFormat: UInt8, Sendable, RecordedFormat {
    /// The recipient in full, a NUL, the account id (ledgers written before the format was recorded).
    case fullRecipient = 1
    /// As `fullRecipient`, but with a LinkedIn profile recipient shortened.
    ///
    /// Such a recipient is `PairState.profileKeyMarker` then the text after `linkedin.com/in/`.
    case profileMarked = 2
    /// The keys of `profileMarked`, recorded as 3 to fence older builds off the ledger.
    ///
    /// Builds from the one that introduced this record (2026-11-29) up to record version 3 and
    /// index key format 2 refuse a pairs format they do not know, but not those later formats:
    /// they opened a newer ledger and wrote ids in the text key format this build no longer
    /// reads, which broke duplicate and uniqueness checks for good. Recording 3 makes
    /// them refuse the ledger instead ("the pairs index is recorded as [3], which this build
    /// does not know"). Builds older than that check nothing.
    case profileMarkedFenced = 3

    /// The format this build writes.
    static let current = PairKeyFormat.profileMarkedFenced
    static let metaKey: [UInt8] = Array("pairs-key-format".utf8)
    static let subject = "the pairs index"
}

extension Ledger {
    /// Brings the pairs index to `PairKeyFormat.current`, in one write transaction; returns the number of keys rewritten.
    ///
    /// `Ledger.open` calls it every time, like `migrateLegacyMerkleNodes`: a ledger written by an
    /// earlier build (no format in `meta`) has each profile recipient's entry moved to its shorter
    /// key, then the format is recorded (`migrateUnlessRecorded`).
    @discardableResult
    func migratePairKeys() throws -> Int {
        try migrateUnlessRecorded(PairKeyFormat.self) { txn in
            // Format 2 has the keys of 3: only the record changes.
            if try recordedFormat(PairKeyFormat.self, in: txn) == .profileMarked { return 0 }
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
            return moves.count
        }
    }
}
