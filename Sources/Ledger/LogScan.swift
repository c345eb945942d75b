import LMDB

extension LedgerView {
    /// Calls `body` with the fold's fields of each record from `position` on, in order, until it returns false.
    ///
    /// The same records as `scan(from:_:)`, minus the fields the read side never folds; a
    /// record `skipping` rejects by its `at` (checked first, before anything else is decoded)
    /// is passed over without a call. Buffers in the entry are valid only during the call.
    public func scanFolding(from position: UInt64 = 1, through last: UInt64 = .max,
                            skipping: ((Timestamp) -> Bool)? = nil,
                            _ body: (inout FoldEntry) throws -> Bool) throws {
        let view = self
        let spelling = FoldSpelling { try view.idPrefix($0) }
        try txn.withCursor(ledger.log) { cursor in
            guard let start = ledger.logKey(max(position, 1)) else { return }
            var entry = try start.withBytes { try cursor.seek(atLeast: $0) }
            while let current = entry {
                let at = LogKey.position(of: current.key)
                guard at <= last else { return }
                do {
                    if var decoded = try FoldEntry.decode(current.value, position: at, skipping: skipping,
                                                                spelling: spelling) {
                        guard try body(&decoded) else { return }
                    }
                } catch let error as StorageError {
                    throw StorageError("position \(at): \(error)")
                }
                guard at < last else { return }
                entry = try cursor.next()
            }
        }
    }
}
