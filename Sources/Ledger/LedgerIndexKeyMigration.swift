import LMDB

/// How the ids and invitations indexes lay out their keys; recorded in `meta` under `index-key-format`.
enum IndexKeyFormat: UInt8, Sendable, RecordedFormat {
    /// The id's UTF-8 text (ledgers written before the format was recorded).
    case text = 1
    /// `IndexKey`: a numbered id as its interned prefix and number, any other as a marker and its text.
    case compact = 2

    /// The format this build writes.
    static let current = IndexKeyFormat.compact
    static let metaKey: [UInt8] = Array("index-key-format".utf8)
    static let subject = "the ids and invitations indexes"
}

extension Ledger {
    /// Brings the ids and invitations indexes to `IndexKeyFormat.current`, in one write transaction; returns the number of keys rewritten.
    ///
    /// `Ledger.open` calls it every time, like `migratePairKeys`: a ledger written by an earlier
    /// build (no format in `meta`) has both indexes re-keyed: every entry is read, keyed anew
    /// (interning id prefixes as a batch would), the index emptied and refilled in key order,
    /// then the format is recorded (`migrateUnlessRecorded`).
    @discardableResult
    func migrateIndexKeys() throws -> Int {
        do {
            let rewritten = try migrateUnlessRecorded(IndexKeyFormat.self) { txn in
                names.discardPending()
                var memo = IDPrefixMemo()
                let prefixID = { (prefix: UnsafeRawBufferPointer) in
                    try BatchWriter.prefixID(prefix, names: self.names, txn: txn, memo: &memo)
                }
                return try rekey(ids, in: txn, prefixID: prefixID) + rekey(invitations, in: txn, prefixID: prefixID)
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
}
