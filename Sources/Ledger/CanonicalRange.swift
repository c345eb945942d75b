import LMDB

extension LedgerView {
    /// Calls `body` with the canonical JSON of the events at positions `first` through `last`, in one cursor pass.
    ///
    /// The JSON is written straight from the stored records (`CanonicalScanner`, as `verify`
    /// does) instead of decoding an `Event` per position, for the short runs that digests and
    /// proofs recompute: the events under a Merkle node that is not stored, or those after a
    /// chain checkpoint. The bytes are reused from one call to the next; the record they were
    /// written from comes beside them (its slices valid during the call). Throws when a position
    /// in the run is missing.
    func forEachCanonicalJSON(from first: UInt64, through last: UInt64,
                              _ body: ([UInt8], StoredEventRecord) throws -> Void) throws {
        guard first <= last else { return }
        var scanner = CanonicalScanner(view: self, events: last - first + 1)
        var canonical: [UInt8] = []
        canonical.reserveCapacity(1024)
        try txn.withCursor(ledger.log) { cursor in
            var entry = try ledger.logKey(first)?.withBytes { try cursor.seek(atLeast: $0) }
            for position in first...last {
                guard let current = entry, LogKey.position(of: current.key) == position else {
                    throw ChainMismatch.missingEvent(at: position)
                }
                canonical.removeAll(keepingCapacity: true)
                let record: StoredEventRecord
                do {
                    record = try StoredEventRecord.decode(current.value, position: position)
                    try scanner.append(record, to: &canonical)
                } catch let error as StorageError {
                    throw StorageError("position \(position): \(error)")
                }
                try body(canonical, record)
                entry = try cursor.next()
            }
        }
    }
}
