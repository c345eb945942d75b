import Foundation
import LMDB

/// A hash table from index keys (bytes, compared as LMDB compares them) to values, packed for batches of millions of events.
///
/// Keys are stored back to back in one byte buffer and the table holds entry numbers, so an
/// entry costs its key's bytes plus about 16 bytes and its value, and no heap block of its own.
/// Entries are never removed. Keys are bytes, not `String`s: `String`'s `==` is canonical
/// equivalence, under which two spellings of one text would be one key here but two in LMDB.
struct IndexEntryTable<Value> {
    /// Every key's bytes, in insertion order.
    private var keyBytes: [UInt8] = []
    /// Where each key ends in `keyBytes` (it starts where the one before ends).
    private var keyEnds: [Int] = []
    /// Each entry's value, by entry number.
    private var values: [Value] = []
    /// The hash table: open addressing with linear probing, at most half full.
    ///
    /// 0 for an empty slot, else the key's 32-bit hash in the high half and entry number + 1 in
    /// the low half. The hash settles most probes, and growing the table, without reading keys
    /// (which would miss the cache).
    private var slots: [UInt64] = Array(repeating: 0, count: 16)

    /// How many entries the table holds.
    var count: Int { values.count }

    /// Whether the table holds no entry.
    var isEmpty: Bool { values.isEmpty }

    /// The entry number of `key`, or nil.
    func find(_ key: UnsafeRawBufferPointer) -> Int? {
        switch probe(key, hash: Self.hash(key)) {
        case .found(let entry): entry
        case .empty: nil
        }
    }

    /// Adds an entry for `key`, which must not be in the table; returns its entry number.
    @discardableResult
    mutating func insert(_ key: UnsafeRawBufferPointer, _ value: Value) -> Int {
        let hash = Self.hash(key)
        if (values.count + 1) * 2 > slots.count { grow() }
        let entry = values.count
        add(key, value)
        place(entry, hash: hash)
        return entry
    }

    /// Sets the value of `key`, adding an entry when it has none; returns the value it replaced.
    @discardableResult
    mutating func update(_ key: UnsafeRawBufferPointer, _ value: Value) -> Value? {
        store(key, value).replaced
    }

    /// Sets the value of `key` like `update`, and returns the entry's number (stable until the table is emptied).
    @discardableResult
    mutating func set(_ key: UnsafeRawBufferPointer, _ value: Value) -> Int {
        store(key, value).entry
    }

    /// Stores `value` under `key`, in its entry or a new one: the entry's number, and the value it replaced.
    private mutating func store(_ key: UnsafeRawBufferPointer, _ value: Value) -> (entry: Int, replaced: Value?) {
        let hash = Self.hash(key)
        if (values.count + 1) * 2 > slots.count { grow() }
        switch probe(key, hash: hash) {
        case .found(let entry):
            let replaced = values[entry]
            values[entry] = value
            return (entry, replaced)
        case .empty(let slot):
            let entry = values.count
            slots[slot] = Self.slot(entry: entry, hash: hash)
            add(key, value)
            return (entry, nil)
        }
    }

    /// The value of an entry, changed in place.
    subscript(entry: Int) -> Value {
        get { values[entry] }
        _modify { yield &values[entry] }
    }

    /// Calls `body` with an entry's key bytes.
    func withKey<R>(_ entry: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let start = entry == 0 ? 0 : keyEnds[entry - 1]
        return try keyBytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<keyEnds[entry]])) }
    }

    /// Calls `body` with a function that gives an entry's key bytes, valid inside `body`.
    func withKeys<R>(_ body: ((Int) -> UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try keyBytes.withUnsafeBytes { bytes in
            try body { entry in UnsafeRawBufferPointer(rebasing: bytes[(entry == 0 ? 0 : keyEnds[entry - 1])..<keyEnds[entry]]) }
        }
    }

    /// Removes every entry but those `isKept` keeps, numbering them anew in the same order, in place.
    ///
    /// The table keeps its room (the entries that come next fill it again) and allocates nothing
    /// while it holds its entries: made anew beside them, the kept ones would add to the batch's peak.
    mutating func removeAll(keeping isKept: (Int) -> Bool) {
        var kept = 0
        var keptBytes = 0
        var previousEnd = 0  // where the entry before `entry` ended, before any was moved
        keyBytes.withUnsafeMutableBytes { bytes in
            for entry in 0..<values.count {
                let (start, end) = (previousEnd, keyEnds[entry])
                previousEnd = end
                guard isKept(entry) else { continue }
                if keptBytes != start, let base = bytes.baseAddress {
                    memmove(base + keptBytes, base + start, end - start)
                }
                keptBytes += end - start
                keyEnds[kept] = keptBytes
                if kept != entry { values[kept] = values[entry] }
                kept += 1
            }
        }
        keyBytes.removeLast(keyBytes.count - keptBytes)
        keyEnds.removeLast(keyEnds.count - kept)
        values.removeLast(values.count - kept)
        slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        for entry in 0..<kept {
            place(entry, hash: withKey(entry) { Self.hash($0) })
        }
    }

    /// Entry numbers (all, or those given) in ascending key order (LMDB's order).
    func entriesInKeyOrder(_ entries: [Int]? = nil) -> [Int] {
        let entries = entries ?? Array(0..<values.count)
        return withKeys { key in
            // The first eight bytes as a big-endian word settle most comparisons without reading the keys.
            let prefixes = entries.map { entry in
                var prefix: UInt64 = 0
                let bytes = key(entry)
                for index in 0..<8 { prefix = prefix << 8 | UInt64(index < bytes.count ? bytes[index] : 0) }
                return prefix
            }
            return entries.indices.sorted { left, right in
                if prefixes[left] != prefixes[right] { return prefixes[left] < prefixes[right] }
                return Self.compare(key(entries[left]), key(entries[right])) < 0
            }.map { entries[$0] }
        }
    }

    /// LMDB's default key order: bytes compared unsigned, a prefix first (negative when `left` sorts first).
    static func compare(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Int {
        let common = min(left.count, right.count)
        if common > 0, let a = left.baseAddress, let b = right.baseAddress {
            let order = memcmp(a, b, common)
            if order != 0 { return Int(order) }
        }
        return left.count - right.count
    }

    private func key(_ entry: Int, equals other: UnsafeRawBufferPointer) -> Bool {
        withKey(entry) { $0.count == other.count && Self.compare($0, other) == 0 }
    }

    private enum Probe {
        case found(Int)
        case empty(slot: Int)
    }

    /// Where `key` is: its entry, or the empty slot where it would go.
    private func probe(_ key: UnsafeRawBufferPointer, hash: Int) -> Probe {
        let mask = slots.count - 1
        var slot = hash & mask
        let tag = UInt64(truncatingIfNeeded: UInt32(truncatingIfNeeded: hash)) << 32
        while true {
            let stored = slots[slot]
            if stored == 0 { return .empty(slot: slot) }
            if stored & 0xFFFF_FFFF_0000_0000 == tag {
                let entry = Int(truncatingIfNeeded: stored & 0xFFFF_FFFF) - 1
                if self.key(entry, equals: key) { return .found(entry) }
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func add(_ key: UnsafeRawBufferPointer, _ value: Value) {
        keyBytes.append(contentsOf: key)
        keyEnds.append(keyBytes.count)
        values.append(value)
    }

    private mutating func place(_ entry: Int, hash: Int) {
        Self.place(Self.slot(entry: entry, hash: hash), in: &slots)
    }

    private static func place(_ stored: UInt64, in slots: inout [UInt64]) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: stored >> 32) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = stored
    }

    private mutating func grow() {
        var grown = [UInt64](repeating: 0, count: slots.count * 2)
        for stored in slots where stored != 0 { Self.place(stored, in: &grown) }
        slots = grown
    }

    private static func slot(entry: Int, hash: Int) -> UInt64 {
        UInt64(UInt32(truncatingIfNeeded: hash)) << 32 | UInt64(entry + 1)
    }

    /// The key's hash, of which the table uses the low 32 bits (so it holds at most 2³¹ entries).
    private static func hash(_ key: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: key)
        return Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: hasher.finalize()))
    }
}

extension IndexEntryTable {
    /// Puts every entry into `database` in ascending key order, through one cursor; `encode` gives a value's stored bytes.
    ///
    /// See `putInKeyOrder`.
    @discardableResult
    func write(to database: Database, in txn: Transaction, options: PutOptions = [], chunks: BatchChunks? = nil,
               encode: (Value, inout ByteWriter) -> Void) throws -> Transaction {
        let order = entriesInKeyOrder()
        return try Self.putInKeyOrder(into: database, in: txn, options: options, chunks: chunks) { put in
            try forEachEncoded(order, encode: encode, put)
        }
    }

    /// Calls `body` with the key and the stored bytes (`encode`d) of each entry of `order`, in that order.
    func forEachEncoded(_ order: [Int], encode: (Value, inout ByteWriter) -> Void,
                        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws {
        var value = ByteWriter(capacity: 64)
        for entry in order {
            value.bytes.removeAll(keepingCapacity: true)
            encode(self[entry], &value)
            try withKey(entry) { key in try value.bytes.withUnsafeBytes { try body(key, $0) } }
        }
    }

    /// Puts the entries `produce` hands over, in ascending key order, into `database` through one cursor.
    ///
    /// Keys up to the database's last key are put normally (with `options`); from the first
    /// key past it on, every put is an `MDB_APPEND`, which fills the new pages completely
    /// instead of splitting them in half. With `chunks` (a batch written `inChunks`), it commits
    /// after every `chunks.events` entries and returns the transaction it ended in; else `txn`.
    static func putInKeyOrder(into database: Database, in txn: Transaction, options: PutOptions, chunks: BatchChunks?,
                              _ produce: ((UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws -> Transaction {
        var txn = txn
        let lastKey = try txn.withCursor(database) { cursor in try cursor.last().map { Array($0.key) } }
        var appending = lastKey == nil
        var cursor: Cursor?
        var written = 0
        try produce { key, value in
            if let chunks, written > 0 {
                chunks.noteWritten(entries: written)
                if written % chunks.events == 0 {
                    txn = try chunks.commit()
                    cursor = nil  // LMDB closed it with its transaction
                }
            }
            if !appending, let lastKey {
                appending = lastKey.withUnsafeBytes { compare(key, $0) > 0 }
            }
            var current = try cursor ?? txn.transactionCursor(database)
            try current.put(value, forKey: key, options: appending ? options.union(.append) : options)
            cursor = current
            written += 1
        }
        return txn
    }
}

extension IndexEntryTable: Equatable where Value: Equatable {}
