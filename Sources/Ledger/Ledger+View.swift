import LMDB

extension Ledger {
    /// A view of the ledger through a transaction the caller already holds (e.g. a projection's write transaction).
    ///
    /// The view is valid only while `txn` is; projections use it to read the log and its
    /// names in the same transaction that writes their state and checkpoint.
    public func view(in txn: Transaction) -> LedgerView {
        LedgerView(ledger: self, txn: txn)
    }
}
