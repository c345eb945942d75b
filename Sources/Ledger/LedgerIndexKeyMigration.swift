import LMDB

/// How the ids and invitations indexes lay out their keys; recorded in `meta` under `index-key-format`.
enum IndexKeyFormat: UInt8, Sendable {
    /// The id's UTF-8 text (ledgers written before the format was recorded).
    case text = 1
    /// `IndexKey`: a numbered id as its interned prefix and number, any other as a marker and its text.
    case compact = 2

    /// The format this build writes.
    static let current = IndexKeyFormat.compact
    static let metaKey: [UInt8] = Array("index-key-format".utf8)
}

extension Ledger {
    /// Brings the ids and invitations indexes to `IndexKeyFormat.current`, in one write transaction; returns the number of keys rewritten.
    ///
    /// `Ledger.open` calls it every time, like `migratePairKeys`: a ledger written by an earlier
    /// build (no format in `meta`) has both indexes re-keyed: every entry is read, keyed anew
    /// (interning id prefixes as a batch would), the index emptied and refilled in key order,
    /// then the format is recorded; a crash leaves either the old indexes or the migrated ones.
    /// Once recorded, a read transaction finds it and nothing is written (a write transaction
    /// would wait for any writer of another process).
    @discardableResult
    func migrateIndexKeys() throws -> Int {
        guard try environment.read({ txn in try storedIndexKeyFormat(txn) }) != .current else { return 0 }
        do {
            let rewritten = try environment.write { txn -> Int in
                names.discardPending()
                if try storedIndexKeyFormat(txn) == .current { return 0 }
                var memo = IDPrefixMemo()
                let prefixID = { (prefix: UnsafeRawBufferPointer) in
                    try BatchWriter.prefixID(prefix, ledger: self, txn: txn, memo: &memo)
                }
                let rewritten = try rekey(ids, in: txn, prefixID: prefixID) + rekey(invitations, in: txn, prefixID: prefixID)
                try txn.put([IndexKeyFormat.current.rawValue], forKey: IndexKeyFormat.metaKey, in: meta)
                return rewritten
            }
            names.commitPending()
            return rewritten
        } catch {
            names.discardPending()
            throw error
        }
    }

    /// Re-keys every entry of `database` from its id's text to its `IndexKey`, keeping the values; returns the count.
    private func rekey(_ database: Database, in txn: Transaction,
                       prefixID: (UnsafeRawBufferPointer) throws -> UInt32?) throws -> Int {
        var entries = IndexEntryTable<[UInt8]>()
        try txn.withCursor(database) { cursor in
            var entry = try cursor.first()
            while let current = entry {
                guard UTF8Validation.isValid(current.key) else {
                    throw StorageError("a key of the \(database.name) index is not UTF-8 text")
                }
                let id = String(decoding: current.key, as: UTF8.self)
                let collided = try IndexKey.withKey(id, prefixID: prefixID) { entries.update($0, Array(current.value)) }
                if collided != nil { throw StorageError("two ids of the \(database.name) index have one key (\(id))") }
                entry = try cursor.next()
            }
        }
        try txn.clear(database)
        try entries.write(to: database, in: txn, options: .noOverwrite) { value, out in out.bytes.append(contentsOf: value) }
        return entries.count
    }

    /// The recorded key format of the ids and invitations indexes; nil when none is recorded (an earlier build's ledger, or a new one).
    private func storedIndexKeyFormat(_ txn: Transaction) throws -> IndexKeyFormat? {
        guard let stored = try txn.get(IndexKeyFormat.metaKey, in: meta) else { return nil }
        guard stored.count == 1, let format = IndexKeyFormat(rawValue: stored[0]) else {
            throw LedgerError("the ids and invitations indexes have a key format this build does not know (\(Array(stored)))")
        }
        return format
    }
}
