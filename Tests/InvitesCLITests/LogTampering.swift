import Foundation
import LMDB
import Testing

/// Alters a ledger's stored log record in place, as damage or tampering would, for the tests that `verify` must catch it.
enum LogTampering {
    /// Replaces the first byte of the first occurrence of `text` in the log record at `position` of the (closed) ledger at `path`.
    ///
    /// The record is read and written back through LMDB, so the test depends only on the record
    /// holding `text` as plain bytes, not on where LMDB places the record in the file.
    static func replaceFirstByte(of text: String, with byte: UInt8, inRecordAt position: Int, ledger path: String) throws {
        let needle = Array(text.utf8)
        let environment = try Environment(path: path)
        let log = try environment.openDatabase("log")
        try environment.write { txn in
            let key = try logKey(position, in: txn, log: log)
            var record = Array(try #require(try txn.get(key, in: log), "no record at position \(position)"))
            let start = try #require(record.indices.first { record[$0...].starts(with: needle) },
                                     "\(text) is not in the record at position \(position)")
            record[start] = byte
            try txn.put(record, forKey: key, in: log)
        }
    }

    /// Replaces the `at` of the version-3 log record at `position` (the zig-zag varint after its lead byte) with `milliseconds`.
    static func replaceTime(inRecordAt position: Int, milliseconds: Int64, ledger path: String) throws {
        let environment = try Environment(path: path)
        let log = try environment.openDatabase("log")
        try environment.write { txn in
            let key = try logKey(position, in: txn, log: log)
            let record = Array(try #require(try txn.get(key, in: log), "no record at position \(position)"))
            var end = 1
            while record[end] & 0x80 != 0 { end += 1 }
            var zigZag = UInt64(bitPattern: (milliseconds << 1) ^ (milliseconds >> 63))
            var varint: [UInt8] = []
            while zigZag >= 0x80 {
                varint.append(UInt8(zigZag & 0x7F) | 0x80)
                zigZag >>= 7
            }
            varint.append(UInt8(zigZag))
            try txn.put([record[0]] + varint + record[(end + 1)...], forKey: key, in: log)
        }
    }

    /// Stores `value` under `key` in the database `name`, as damage or a hand edit would.
    static func setValue(_ value: [UInt8], ofKey key: [UInt8], in name: String, ledger path: String) throws {
        let environment = try Environment(path: path)
        let database = try environment.openDatabase(name)
        try environment.write { txn in try txn.put(value, forKey: key, in: database) }
    }

    /// The value stored under `key` in the database `name`.
    static func value(ofKey key: [UInt8], in name: String, ledger path: String) throws -> [UInt8]? {
        let environment = try Environment(path: path)
        let database = try environment.openDatabase(name)
        return try environment.read { txn in try txn.get(key, in: database).map { Array($0) } }
    }

    /// Removes the log record at `position`, or with `copyTo`, copies it to that position instead (past the head, say).
    static func removeRecord(at position: Int, copyTo target: Int? = nil, ledger path: String) throws {
        let environment = try Environment(path: path)
        let log = try environment.openDatabase("log")
        try environment.write { txn in
            let key = try logKey(position, in: txn, log: log)
            if let target {
                let record = Array(try #require(try txn.get(key, in: log), "no record at position \(position)"))
                try txn.put(record, forKey: try logKey(target, in: txn, log: log), in: log)
            } else {
                #expect(try txn.delete(key, in: log))
            }
        }
    }

    /// Removes the entry of the index `name` (`ids`, `invitations`, `pairs`) whose key holds `text`.
    static func removeIndexEntry(holding text: String, from name: String, ledger path: String) throws {
        let environment = try Environment(path: path)
        let index = try environment.openDatabase(name)
        try environment.write { txn in
            let found = try key(holding: text, in: index, named: name, txn: txn)
            #expect(try txn.delete(found, in: index))
        }
    }

    /// Replaces the value of the entry of the index `name` whose key holds `text` with what `change` makes of it.
    static func rewriteIndexEntry(holding text: String, in name: String, ledger path: String,
                                  _ change: ([UInt8]) -> [UInt8]) throws {
        let environment = try Environment(path: path)
        let index = try environment.openDatabase(name)
        try environment.write { txn in
            let key = try key(holding: text, in: index, named: name, txn: txn)
            let value = Array(try #require(try txn.get(key, in: index)))
            try txn.put(change(value), forKey: key, in: index)
        }
    }

    /// The first key of `index` (named `name`) that holds `text`.
    private static func key(holding text: String, in index: Database, named name: String, txn: Transaction) throws -> [UInt8] {
        let needle = Array(text.utf8)
        let key = try txn.withCursor(index) { cursor -> [UInt8]? in
            var entry = try cursor.first()
            while let current = entry {
                let key = Array(current.key)
                if key.indices.contains(where: { key[$0...].starts(with: needle) }) { return key }
                entry = try cursor.next()
            }
            return nil
        }
        return try #require(key, "no \(name) key holds \(text)")
    }

    /// Flips the lowest bit of the last byte of the value stored under `key` in the database `name`.
    static func flipLastBit(ofKey key: String, in name: String, ledger path: String) throws {
        let environment = try Environment(path: path)
        let database = try environment.openDatabase(name)
        try environment.write { txn in
            var value = Array(try #require(try txn.get(Array(key.utf8), in: database), "no \(key) in \(name)"))
            value[value.count - 1] ^= 1
            try txn.put(value, forKey: Array(key.utf8), in: database)
        }
    }

    /// Cuts every value of the database `name` to `value`, as damage to a whole projection would leave it.
    static func setEveryValue(to value: [UInt8], in name: String, ledger path: String) throws {
        let environment = try Environment(path: path)
        let database = try environment.openDatabase(name)
        try environment.write { txn in
            var keys: [[UInt8]] = []
            try txn.forEach(in: database, prefix: []) { key, _ in
                keys.append(Array(key))
                return true
            }
            for key in keys { try txn.put(value, forKey: key, in: database) }
        }
    }

    /// Deletes the value stored under `key` in the database `name`.
    static func removeKey(_ key: String, from name: String, ledger path: String) throws {
        let environment = try Environment(path: path)
        let database = try environment.openDatabase(name)
        let deleted = try environment.write { txn in try txn.delete(Array(key.utf8), in: database) }
        #expect(deleted, "no \(key) in \(name)")
    }

    /// Replaces the database `name` of the (closed) ledger at `target` with the entries of `source`'s:
    /// another ledger's Merkle tree, say, as a forger who kept the old tree, or damage, would leave it.
    static func copyDatabase(_ name: String, from source: String, to target: String) throws {
        let from = try Environment(path: source), to = try Environment(path: target)
        let read = try from.openDatabase(name), written = try to.openDatabase(name)
        var entries: [([UInt8], [UInt8])] = []
        try from.read { txn in
            try txn.forEach(in: read, prefix: []) { key, value in
                entries.append((Array(key), Array(value)))
                return true
            }
        }
        try to.write { txn in
            try txn.clear(written)
            for (key, value) in entries { try txn.put(value, forKey: key, in: written) }
        }
    }

    /// The key of `position` in `log`: big-endian, as wide as the log's first key (4 bytes, or 8 in older ledgers).
    private static func logKey(_ position: Int, in txn: Transaction, log: Database) throws -> [UInt8] {
        let width = try #require(try txn.withCursor(log) { cursor in try cursor.first()?.key.count }, "the log is empty")
        return Array(BigEndianKey(UInt64(position)).array.suffix(width))
    }
}
