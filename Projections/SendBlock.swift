import LMDB
import Ledger

/// One account's consecutive sends, in (time, position) order, stored as one entry of the cooldown table's sends database.
///
/// The key is the first send's per-account, time-ordered key (`accountTimeKey`); the value
/// holds the others, each as varints: the time after the previous send's, and the sent
/// position's difference from the previous one's (zig-zag). A rebuild writes `capacity`
/// sends per block; catch-up inserts into the block a send sorts in and splits a block
/// that grows past twice that. So a rebuild appends 1/64 of the entries a key per send takes.
struct SendBlock {
    static let capacity = 64

    var accountID: UInt32
    /// (time, sent position), ascending.
    var sends: [(at: Timestamp, position: UInt64)]

    /// Appends the value of the sends after the first (the first is the key).
    static func encodeValue(_ sends: some Sequence<(at: Timestamp, position: UInt64)>, into out: inout StateWriter) {
        var previous: (at: Timestamp, position: UInt64)?
        for send in sends {
            if let previous {
                out.varint(UInt64(bitPattern: send.at.milliseconds &- previous.at.milliseconds))
                out.signed(Int64(bitPattern: send.position &- previous.position))
            }
            previous = send
        }
    }

    /// Decodes a stored block.
    init(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws(ProjectionError) {
        var keyInput = StateReader(key)
        accountID = try keyInput.uint32()
        var at = try keyInput.time()
        var position = try keyInput.uint64()
        sends = [(at, position)]
        var input = StateReader(value)
        while !input.isAtEnd {
            at = try StateReader.checked(at.milliseconds &+ Int64(bitPattern: try input.varint()))
            position = position &+ UInt64(bitPattern: try input.signed())
            sends.append((at, position))
        }
    }

    init(accountID: UInt32, sends: [(at: Timestamp, position: UInt64)]) {
        self.accountID = accountID
        self.sends = sends
    }

    /// Stores the block (it must not be empty) under its first send's key.
    func store(in database: Database, txn: Transaction) throws {
        guard let first = sends.first else { return }
        var value = StateWriter(capacity: 16 * sends.count)
        Self.encodeValue(sends, into: &value)
        try txn.put(value.bytes, forKey: accountTimeKey(accountID, first.at, first.position), in: database)
    }

    /// Adds one send to the account's sends in `database`: into the block it sorts in, or a new one before the account's first.
    static func insert(accountID: UInt32, at: Timestamp, position: UInt64, in database: Database, txn: Transaction) throws {
        let key = accountTimeKey(accountID, at, position)
        let found = try txn.withCursor(database) { cursor -> SendBlock? in
            // The block with the greatest key not after the new send's.
            let atLeast = try cursor.seek(atLeast: key)
            let entry = atLeast == nil ? try cursor.last() : try cursor.previous()
            guard let entry else { return nil }
            return try SendBlock(key: entry.key, value: entry.value)
        }
        guard var block = found, block.accountID == accountID else {
            try SendBlock(accountID: accountID, sends: [(at, position)]).store(in: database, txn: txn)
            return
        }
        let slot = block.sends.firstIndex { ($0.at, $0.position) > (at, position) } ?? block.sends.count
        block.sends.insert((at, position), at: slot)
        if block.sends.count <= 2 * capacity {
            try block.store(in: database, txn: txn)
            return
        }
        // Split: the first half keeps the key, the second half starts a block of its own.
        let half = block.sends.count / 2
        try SendBlock(accountID: accountID, sends: Array(block.sends[..<half])).store(in: database, txn: txn)
        try SendBlock(accountID: accountID, sends: Array(block.sends[half...])).store(in: database, txn: txn)
    }

    /// The account's send times in (after, upTo], oldest first.
    static func times(accountID: UInt32, after: Timestamp, upTo: Timestamp, in database: Database,
                      txn: Transaction) throws -> [Timestamp] {
        var out: [Timestamp] = []
        let start = accountTimeKey(accountID, Timestamp(milliseconds: after.milliseconds &+ 1), 0)
        try txn.withCursor(database) { cursor in
            // Start at the block holding the window's start: the last one keyed before it, when it is this account's.
            var entry = try cursor.seek(atLeast: start)
            let before = entry == nil ? try cursor.last() : try cursor.previous()
            var beforeKey = before.map { StateReader($0.key) }
            if let before, try beforeKey?.accountID() == accountID {
                entry = before
            } else {
                entry = try cursor.seek(atLeast: start)
            }
            while let current = entry {
                let block = try SendBlock(key: current.key, value: current.value)
                guard block.accountID == accountID else { return }
                for send in block.sends where send.at > after {
                    guard send.at <= upTo else { return }
                    out.append(send.at)
                }
                entry = try cursor.next()
            }
        }
        return out
    }
}

extension StateReader {
    /// The account id a per-account key starts with.
    mutating func accountID() throws(ProjectionError) -> UInt32 { try uint32() }
}
