import LMDB

/// A layout of stored data (index keys, the Merkle levels kept), recorded in `meta` as one byte so that `Ledger.open` migrates older ledgers to it.
///
/// A ledger with no recorded format was written before the format was recorded (or is new).
protocol RecordedFormat: RawRepresentable<UInt8>, Equatable {
    /// The format this build writes.
    static var current: Self { get }
    /// The `meta` key recording it.
    static var metaKey: [UInt8] { get }
    /// What it lays out, for messages ("the pairs index").
    static var subject: String { get }
}

extension Ledger {
    /// Runs `migrate` in one write transaction and records `F.current`, unless it is recorded already; returns what `migrate` returns.
    ///
    /// The recorded format is looked up in a read transaction first, so opening a migrated ledger
    /// writes nothing (a write transaction would wait for any writer of another process), then
    /// again inside the write transaction, in case another process migrated in between. A crash
    /// leaves the old layout or the migrated one, with its format recorded.
    func migrateUnlessRecorded<F: RecordedFormat>(_ format: F.Type, _ migrate: (Transaction) throws -> Int) throws -> Int {
        guard try environment.read({ txn in try recordedFormat(F.self, in: txn) }) != F.current else { return 0 }
        return try environment.write { txn in
            if try recordedFormat(F.self, in: txn) == F.current { return 0 }
            let migrated = try migrate(txn)
            try txn.put([F.current.rawValue], forKey: F.metaKey, in: meta)
            // A new ledger only records the format; one that holds events was written by an earlier build.
            if try LedgerView(ledger: self, txn: txn).storedHead().position > 0 { noteUpgrade(F.subject) }
            return migrated
        }
    }

    /// The recorded format of `F`'s keys; nil when none is recorded (an earlier build's ledger, or a new one).
    func recordedFormat<F: RecordedFormat>(_ format: F.Type, in txn: Transaction) throws -> F? {
        guard let stored = try txn.get(F.metaKey, in: meta) else { return nil }
        guard stored.count == 1, let format = F(rawValue: stored[0]) else {
            throw LedgerError("\(F.subject) is recorded as \(Array(stored)), which this build does not know (a newer build's ledger?)")
        }
        return format
    }
}
