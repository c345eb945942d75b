import LMDB

extension LedgerView {
    /// Calls `body` with the fold's fields of each record from `position` on, in order, until it returns false.
    ///
    /// The same records as `scan(from:_:)`, minus the fields the read side never folds; a
    /// record `skipping` rejects by its `at` (checked first, before anything else is decoded)
    /// is passed over without a call. Buffers in the entry are valid only during the call.
    /// A position missing before `last` (a record removed outside invites) throws `ChainMismatch`.
    public func scanFolding(from position: UInt64 = 1, through last: UInt64 = .max,
                            skipping: ((Timestamp) -> Bool)? = nil,
                            _ body: (inout FoldEntry) throws -> Bool) throws {
        let view = self
        let spelling = FoldSpelling { try view.idPrefix($0) }
        try txn.withCursor(ledger.log) { cursor in
            guard let start = ledger.logKey(max(position, 1)) else { return }
            var entry = try start.withBytes { try cursor.seek(atLeast: $0) }
            var expected = max(position, 1)
            while let current = entry {
                let at = LogKey.position(of: current.key)
                // A record gone from the log (removed outside invites) would leave a projection short, answering with no word of it
                // (audit 127); so would one at `last` itself, the next found past it (review 130).
                guard at == expected || (at > last && expected > last) else {
                    throw ChainMismatch.missingEvent(at: expected)
                }
                guard at <= last else { return }
                expected += 1
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
            if last != .max, expected <= last {
                throw ChainMismatch.missingEvent(at: expected)
            }
        }
    }
}
