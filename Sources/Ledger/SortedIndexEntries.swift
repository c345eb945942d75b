import Foundation
import LMDB

/// Index entries gathered in memory and written to one database in key order, through one cursor.
///
/// Keys and values are packed into two byte buffers and the entries sorted as plain offsets
/// (with each key's first eight bytes as a big-endian word, which settles most comparisons),
/// so sorting a million entries moves no reference-counted values.
struct SortedIndexEntries {
    private struct Entry {
        var prefix: UInt64
        var keyStart: Int
        var keyCount: Int
        var valueStart: Int
        var valueCount: Int
    }

    private var keys = ByteWriter(capacity: 0)
    private var values = ByteWriter(capacity: 0)
    private var entries: [Entry] = []

    init(capacity: Int) {
        entries.reserveCapacity(capacity)
        keys.bytes.reserveCapacity(capacity * 16)
        values.bytes.reserveCapacity(capacity * 4)
    }

    /// Adds one entry: `fill` appends its key to the first buffer and its value to the second.
    mutating func add(_ fill: (inout ByteWriter, inout ByteWriter) -> Void) {
        let keyStart = keys.bytes.count
        let valueStart = values.bytes.count
        fill(&keys, &values)
        var prefix: UInt64 = 0
        for byte in keys.bytes[keyStart..<min(keyStart + 8, keys.bytes.count)] { prefix = prefix << 8 | UInt64(byte) }
        let keyCount = keys.bytes.count - keyStart
        if keyCount < 8 { prefix <<= UInt64(8 * (8 - keyCount)) }
        entries.append(Entry(prefix: prefix, keyStart: keyStart, keyCount: keyCount,
                             valueStart: valueStart, valueCount: values.bytes.count - valueStart))
    }

    /// Puts every entry into `database` in ascending key order.
    ///
    /// Keys up to the database's last key are put normally (with `options`); from the first
    /// key past it on, every put is an `MDB_APPEND`, which fills the new pages completely
    /// instead of splitting them in half.
    mutating func write(to database: Database, in txn: Transaction, options: PutOptions = []) throws {
        guard !entries.isEmpty else { return }
        try keys.bytes.withUnsafeBytes { keyBytes in
            entries.sort { left, right in
                if left.prefix != right.prefix { return left.prefix < right.prefix }
                return IndexKey.compare(UnsafeRawBufferPointer(rebasing: keyBytes[left.keyStart..<left.keyStart + left.keyCount]),
                                        UnsafeRawBufferPointer(rebasing: keyBytes[right.keyStart..<right.keyStart + right.keyCount])) < 0
            }
            try values.bytes.withUnsafeBytes { valueBytes in
                try txn.withCursor(database) { cursor in
                    let lastKey = try cursor.last().map { Array($0.key) }
                    var appending = lastKey == nil
                    for entry in entries {
                        let key = UnsafeRawBufferPointer(rebasing: keyBytes[entry.keyStart..<entry.keyStart + entry.keyCount])
                        if !appending, let lastKey {
                            appending = lastKey.withUnsafeBytes { IndexKey.compare(key, $0) > 0 }
                        }
                        let value = UnsafeRawBufferPointer(rebasing: valueBytes[entry.valueStart..<entry.valueStart + entry.valueCount])
                        try cursor.put(value, forKey: key, options: appending ? options.union(.append) : options)
                    }
                }
            }
        }
    }
}
