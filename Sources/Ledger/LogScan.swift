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
        try forEachStoredRecord(from: position, through: last) { at, stored in
            do {
                if var decoded = try FoldEntry.decode(stored, position: at, skipping: skipping, spelling: spelling) {
                    guard try body(&decoded) else { return false }
                }
            } catch let error as StorageError {
                throw StorageError("position \(at): \(error)")
            }
            return true
        }
    }

    /// Calls `body` with the position and stored bytes of each log record from `position` through `last`, until it returns false.
    ///
    /// The cursor loop `scan` and `scanFolding` share; always inlined, so that each keeps the
    /// loop it had with its decoder written in the middle (both are the read side's hot path).
    @inline(__always)
    func forEachStoredRecord(from position: UInt64, through last: UInt64 = .max,
                             _ body: (UInt64, UnsafeRawBufferPointer) throws -> Bool) throws {
        try txn.withCursor(ledger.log) { cursor in
            guard let start = ledger.logKey(max(position, 1)) else { return }
            var entry = try start.withBytes { try cursor.seek(atLeast: $0) }
            while let current = entry {
                let at = LogKey.position(of: current.key)
                guard at <= last else { return }
                guard try body(at, current.value) else { return }
                guard at < last else { return }
                entry = try cursor.next()
            }
        }
    }
}
