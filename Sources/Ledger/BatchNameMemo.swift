import LMDB

/// The names one batch has met, by category, with their ids.
///
/// A look-up here is one hash, where the name table takes its lock and hashes the name twice
/// (its cache, then the batch's pending names).
///
/// A write of a million events asks for its account, source and template names several times
/// each; the memo lives in the batch (`BatchWriter`), so an aborted batch forgets it with the
/// names it interned.
struct BatchNameMemo {
    private struct Key: Hashable {
        let category: NameTable.Category
        let name: ExactText
    }

    private var ids: [Key: UInt32] = [:]
    private var names: [UInt64: String] = [:]

    /// The id of `name`, or nil when the ledger never interned it.
    mutating func lookup(_ category: NameTable.Category, _ name: String, in table: NameTable, txn: Transaction) throws -> UInt32? {
        let key = Key(category: category, name: ExactText(name))
        if let id = ids[key] { return id }
        guard let id = try table.lookup(category, name, in: txn) else { return nil }
        ids[key] = id
        return id
    }

    /// The id of `name`, interning it in `txn` when new.
    mutating func intern(_ category: NameTable.Category, _ name: String, in table: NameTable, txn: Transaction) throws -> UInt32 {
        let key = Key(category: category, name: ExactText(name))
        if let id = ids[key] { return id }
        let id = try table.intern(category, name, in: txn)
        ids[key] = id
        return id
    }

    /// The name with `id`.
    mutating func name(_ category: NameTable.Category, _ id: UInt32, in table: NameTable, txn: Transaction) throws -> String {
        let key = UInt64(category.rawValue) << 32 | UInt64(id)
        if let name = names[key] { return name }
        let name = try table.name(category, id, in: txn)
        names[key] = name
        return name
    }
}
