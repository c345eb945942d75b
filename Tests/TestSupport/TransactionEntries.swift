import LMDB

extension Transaction {
    /// Every entry of `database`, in key order, copied out of the transaction.
    public func entries(of database: Database) throws -> [(key: [UInt8], value: [UInt8])] {
        try withCursor(database) { cursor in
            var entries: [(key: [UInt8], value: [UInt8])] = []
            var entry = try cursor.first()
            while let current = entry {
                entries.append((Array(current.key), Array(current.value)))
                entry = try cursor.next()
            }
            return entries
        }
    }
}
