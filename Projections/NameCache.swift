import Ledger

/// Interned names resolved once per query (a report of many rows repeats few accounts and sources).
final class NameCache {
    /// The kinds of interned name a report shows, numbered as keys of `names`.
    private enum Category: UInt64 {
        case account = 1, source, template
    }

    private let view: LedgerView
    /// Names already resolved, by `category << 32 | id`.
    private var names: [UInt64: String] = [:]

    init(view: LedgerView) { self.view = view }

    /// The name of the account with interned id `id`.
    func account(_ id: UInt32) throws -> String {
        try name(.account, id, view.accountName)
    }

    /// The name of the source with interned id `id`.
    func source(_ id: UInt32) throws -> String {
        try name(.source, id, view.sourceName)
    }

    /// The name of the template with interned id `id`, or nil for an invitation sent without one.
    func template(_ id: UInt32?) throws -> String? {
        guard let id else { return nil }
        return try name(.template, id, view.templateName)
    }

    /// The remembered name of `id` in `category`, else `fetch`ed from the ledger and remembered.
    private func name(_ category: Category, _ id: UInt32, _ fetch: (UInt32) throws -> String) throws -> String {
        let key = category.rawValue << 32 | UInt64(id)
        if let known = names[key] { return known }
        let name = try fetch(id)
        names[key] = name
        return name
    }
}
