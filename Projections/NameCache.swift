import Ledger

/// Interned names resolved once per query (a report of many rows repeats few accounts and sources).
final class NameCache {
    private let view: LedgerView
    private var accounts: [UInt32: String] = [:]
    private var sources: [UInt32: String] = [:]
    private var templates: [UInt32: String] = [:]

    init(view: LedgerView) { self.view = view }

    func account(_ id: UInt32) throws -> String {
        if let known = accounts[id] { return known }
        let name = try view.accountName(id)
        accounts[id] = name
        return name
    }

    func source(_ id: UInt32) throws -> String {
        if let known = sources[id] { return known }
        let name = try view.sourceName(id)
        sources[id] = name
        return name
    }

    func template(_ id: UInt32?) throws -> String? {
        guard let id else { return nil }
        if let known = templates[id] { return known }
        let name = try view.templateName(id)
        templates[id] = name
        return name
    }
}
