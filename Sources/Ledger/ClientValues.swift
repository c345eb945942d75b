/// Values a client of the ledger keeps beside the log, in `meta` under `client/`: not events, not in the chain, not exported.
///
/// For what a client must remember between its runs to guard them, and that no event field holds
/// (the LinkedIn import keeps whose profile an account's exports came from). Losing one (a ledger
/// rebuilt from an export) loses only the guard, never an event.
enum ClientValueKey {
    /// The `meta` key of the value `name`.
    static func of(_ name: String) -> [UInt8] { Array("client/".utf8) + Array(name.utf8) }
}

extension LedgerView {
    /// The value a client stored under `name`, or nil.
    public func clientValue(named name: String) throws -> String? {
        try txn.get(ClientValueKey.of(name), in: ledger.meta).map { String(decoding: $0, as: UTF8.self) }
    }
}

extension BatchWriter {
    /// Stores `value` under `name` in the batch's transaction: it commits with the batch's events, or not at all.
    public func setClientValue(_ value: String, named name: String) throws {
        try view.txn.put(Array(value.utf8), forKey: ClientValueKey.of(name), in: view.ledger.meta)
    }
}
