import Foundation
import LMDB

/// The interned strings of the log (accounts, sources, templates, id prefixes), each a small integer.
///
/// Entries never change once written, so the in-memory cache can only miss, never be stale:
/// a miss reads the database. New names made in a write transaction stay pending until it
/// commits, so an aborted batch leaves no phantom names in memory. The caches are guarded by
/// a lock, so threads reading the ledger side by side (a parallel `verify`) can share them.
/// Names are told apart by their bytes, as their keys in the database are (`ExactText`):
/// an NFC and an NFD spelling of one name are two names.
final class NameTable: @unchecked Sendable {
    /// What a name names; the category is the key's first byte.
    ///
    /// `idPrefix` names the text before the number of a compacted id or invitation id
    /// (record version 2, `NumberedText`), such as `e-` or `inv-`.
    enum Category: UInt8, Sendable, CaseIterable {
        case account = 1, source = 2, template = 3, idPrefix = 4

        /// The category in words, for messages.
        var label: String {
            switch self {
            case .account: "account"
            case .source: "source"
            case .template: "template"
            case .idPrefix: "id prefix"
            }
        }
    }

    private let byName: Database
    private let byID: Database
    private var cache: [Category: [ExactText: UInt32]] = [:]
    private var reverse: [Category: [UInt32: String]] = [:]
    /// Names interned by the open write transaction, by name and by id, until it commits.
    ///
    /// Maps, not a list: a batch may intern thousands (id prefixes), and every look-up that
    /// misses the cache asks here first.
    private var pendingIDs: [Category: [ExactText: UInt32]] = [:]
    private var pendingNames: [Category: [UInt32: String]] = [:]
    private let lock = NSLock()

    init(byName: Database, byID: Database) {
        self.byName = byName
        self.byID = byID
    }

    private func nameKey(_ category: Category, _ name: String) -> [UInt8] {
        [category.rawValue] + Array(name.utf8)
    }

    private func idKey(_ category: Category, _ id: UInt32) -> [UInt8] {
        [category.rawValue, UInt8(id >> 24), UInt8(id >> 16 & 0xFF), UInt8(id >> 8 & 0xFF), UInt8(id & 0xFF)]
    }

    /// The id of `name`, or nil when it was never interned.
    func lookup(_ category: Category, _ name: String, in txn: Transaction) throws -> UInt32? {
        try lock.withLock { try lockedLookup(category, name, in: txn) }
    }

    private func lockedLookup(_ category: Category, _ name: String, in txn: Transaction) throws -> UInt32? {
        if let id = cache[category]?[ExactText(name)] { return id }
        if let id = pendingIDs[category]?[ExactText(name)] { return id }
        guard let stored = try txn.get(nameKey(category, name), in: byName) else { return nil }
        var reader = ByteReader(stored)
        let id = try reader.nameID()
        cache[category, default: [:]][ExactText(name)] = id
        reverse[category, default: [:]][id] = name
        return id
    }

    /// The id of `name`, interning it in this write transaction when new.
    func intern(_ category: Category, _ name: String, in txn: Transaction) throws -> UInt32 {
        try lock.withLock {
            guard let id = try lockedIntern(category, name, in: txn) else { throw StorageError("no room for another \(category.label) name") }
            return id
        }
    }

    /// The id of `name`, interning it when new unless the category already holds `limit` names (then nil).
    func intern(_ category: Category, _ name: String, limit: UInt32, in txn: Transaction) throws -> UInt32? {
        try lock.withLock { try lockedIntern(category, name, limit: limit, in: txn) }
    }

    private func lockedIntern(_ category: Category, _ name: String, limit: UInt32 = .max, in txn: Transaction) throws -> UInt32? {
        if let id = try lockedLookup(category, name, in: txn) { return id }
        let stored = try storedCounter(category, in: txn)
        let counter = stored ?? 0
        guard counter < UInt64(UInt32.max) else { throw damagedCounter(category, stored) }
        let next = UInt32(counter) + 1
        guard next <= limit else { return nil }
        var value = ByteWriter(capacity: 5)
        value.varint(UInt64(next))
        // An id already taken means the counter was set back outside `invites`: overwriting its
        // name would rename every event that carries it.
        let key = idKey(category, next)
        guard try txn.get(key, in: byID) == nil else { throw damagedCounter(category, stored) }
        try txn.put(Array(name.utf8), forKey: key, in: byID)
        try txn.put(value.bytes, forKey: nameKey(category, name), in: byName)
        try txn.put(value.bytes, forKey: [category.rawValue], in: byID)
        pendingIDs[category, default: [:]][ExactText(name)] = next
        pendingNames[category, default: [:]][next] = name
        return next
    }

    /// The name with `id`; throws when the id is not stored (a damaged ledger).
    func name(_ category: Category, _ id: UInt32, in txn: Transaction) throws -> String {
        try lock.withLock { try lockedName(category, id, in: txn) }
    }

    private func lockedName(_ category: Category, _ id: UInt32, in txn: Transaction) throws -> String {
        if let name = reverse[category]?[id] { return name }
        if let name = pendingNames[category]?[id] { return name }
        guard let stored = try txn.get(idKey(category, id), in: byID) else {
            throw StorageError("no \(category) name with id \(id)")
        }
        let name = String(decoding: stored, as: UTF8.self)
        // Only this way round: readers (`verify`, `export`, a rebuild) ask ids, and hashing each
        // name for the other map took a quarter of `verify` with 200,000 sources (audit 48).
        reverse[category, default: [:]][id] = name
        return name
    }

    /// Every name of a category with its id, from the database.
    func all(_ category: Category, in txn: Transaction) throws -> [(id: UInt32, name: String)] {
        try txn.withCursor(byID) { cursor in
            var out: [(UInt32, String)] = []
            var entry = try cursor.seek(atLeast: [category.rawValue, 0, 0, 0, 0])
            while let current = entry, current.key.count == 5, current.key[0] == category.rawValue {
                let id = current.key.dropFirst().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                out.append((id, String(decoding: current.value, as: UTF8.self)))
                entry = try cursor.next()
            }
            return out
        }
    }

    /// Makes the names of a committed transaction part of the cache.
    func commitPending() {
        lock.lock()
        defer { lock.unlock() }
        for (category, names) in pendingNames {
            for (id, name) in names {
                cache[category, default: [:]][ExactText(name)] = id
                reverse[category, default: [:]][id] = name
            }
        }
        pendingIDs.removeAll()
        pendingNames.removeAll()
    }

    /// The last id handed out in `category` (its counter), or nil when none was.
    private func storedCounter(_ category: Category, in txn: Transaction) throws -> UInt64? {
        guard let stored = try txn.get([category.rawValue], in: byID) else { return nil }
        var reader = ByteReader(stored)
        return try reader.varint()
    }

    /// The refusal of an intern whose counter (nil: missing) cannot be right.
    private func damagedCounter(_ category: Category, _ counter: UInt64?) -> StorageError {
        StorageError("the counter of \(category.label) names (\(counter.map { String($0) } ?? "missing")) is damaged: it does not follow the stored ids "
            + "(`invites verify --indexes` checks it, `invites rebuild indexes` repairs it)")
    }

    /// The highest id stored in each category that holds any, in one pass over the ids.
    private func highestIDs(in txn: Transaction) throws -> [Category: UInt32] {
        try txn.withCursor(byID) { cursor in
            var highest: [Category: UInt32] = [:]
            var entry = try cursor.first()
            while let current = entry {
                if current.key.count == 5, let category = Category(rawValue: current.key[0]) {
                    let id = current.key.dropFirst().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                    highest[category] = max(highest[category] ?? 0, id)
                }
                entry = try cursor.next()
            }
            return highest
        }
    }

    /// The first category whose counter is not its highest stored id, in words; nil when every counter is sound.
    ///
    /// Ids are handed out one after another and never taken back, so a counter always equals the
    /// highest id of its category. The chain covers the names, through the events that carry
    /// their ids, but not the counters: one set back would hand out a taken id (which `intern`
    /// refuses), one set ahead could run out.
    func counterDamage(in txn: Transaction) throws -> String? {
        let highest = try highestIDs(in: txn)
        for category in Category.allCases {
            let expected = highest[category].map { UInt64($0) }
            let stated: String
            switch Result(catching: { try storedCounter(category, in: txn) }) {
            case .success(let counter) where counter == expected: continue
            case .success(.none): stated = "missing"
            case .success(.some(let counter)): stated = String(counter)
            case .failure: stated = "unreadable"
            }
            return "the counter of \(category.label) names is \(stated), "
                + "not the highest stored id (\(expected.map { String($0) } ?? "none"))"
        }
        return nil
    }

    /// Sets each counter that is not its category's highest stored id to that id; returns how many were set.
    func repairCounters(in txn: Transaction) throws -> Int {
        let highest = try highestIDs(in: txn)
        var repaired = 0
        for category in Category.allCases {
            let expected = highest[category].map { UInt64($0) }
            if case .success(let counter) = Result(catching: { try storedCounter(category, in: txn) }), counter == expected { continue }
            if let expected {
                var value = ByteWriter(capacity: 5)
                value.varint(expected)
                try txn.put(value.bytes, forKey: [category.rawValue], in: byID)
            } else {
                try txn.delete([category.rawValue], in: byID)
            }
            repaired += 1
        }
        return repaired
    }

    /// Forgets the names of an aborted transaction.
    func discardPending() {
        lock.lock()
        defer { lock.unlock() }
        pendingIDs.removeAll()
        pendingNames.removeAll()
    }
}
