import LMDB
import Merkle

/// The ids, invitations and pairs indexes as the log says they must be, derived by one scan of it.
///
/// The lifecycle rules (SPEC §2) are enforced by reading these indexes: an entry lost or changed
/// by damage outside `invites` would let a retry be recorded twice, or a second invitation
/// pending for one pair, and the chain would not show it. `verify --indexes` compares
/// them with the stored ones, and `rebuild indexes` writes them anew.
///
/// Each value is what `BatchWriter` stores: an event's position; an invitation's positions,
/// its `sent` first; a pair's status, latest `at` and its sends' positions.
struct DerivedIndexes {
    var ids = IndexEntryTable<UInt64>()
    var invitations = IndexEntryTable<PositionList>()
    var pairs = IndexEntryTable<PairState>()

    /// Derives them from the whole log in `view`; throws `IndexMismatch` when the log itself holds an id twice.
    init(view: LedgerView) throws {
        var prefixes: [String: UInt32?] = [:]
        // A follow-up names its `sent` by position: the entries of its invitation and pair, by
        // position − 1 (−1 for a follow-up), 8 bytes per event rather than a dictionary's ≈ 50.
        var sends: [(invitation: Int32, pair: Int32)] = []
        sends.reserveCapacity(Int(clamping: try view.head().position))
        func prefixID(_ prefix: UnsafeRawBufferPointer) throws -> UInt32? {
            let name = String(decoding: prefix, as: UTF8.self)
            if let known = prefixes[name] { return known }
            let id = try view.ledger.names.lookup(.idPrefix, name, in: view.txn)
            prefixes[name] = id
            return id
        }
        try view.scan { record in
            let position = record.position
            guard position == UInt64(sends.count) + 1 else {
                throw IndexMismatch(position: UInt64(sends.count) + 1, detail: "position \(sends.count + 1) is missing from the log", inTheLog: true)
            }
            try IndexKey.withKey(record.id, prefixID: prefixID) { key in
                if let earlier = ids.update(key, position) {
                    throw IndexMismatch(position: position, detail: "event id \(record.id) is also the id of position \(earlier)", inTheLog: true)
                }
            }
            if record.kind == .sent {
                let invitation = try IndexKey.withKey(record.sentInvitation, prefixID: prefixID) { key in
                    if let entry = invitations.find(key) {
                        throw IndexMismatch(position: position, detail: "invitation \(record.sentInvitation) was also sent at position \(invitations[entry].first ?? 0)", inTheLog: true)
                    }
                    return invitations.insert(key, [position])
                }
                let pair = PairState.withKey(recipient: record.recipient ?? "", accountID: record.accountID) { key in
                    let entry = pairs.find(key) ?? pairs.insert(key, PairState(status: .pending, latestAt: record.at, sentPositions: []))
                    pairs[entry].status = .pending
                    pairs[entry].latestAt = record.at
                    pairs[entry].sentPositions.append(position)
                    return entry
                }
                sends.append((Int32(truncatingIfNeeded: invitation), Int32(truncatingIfNeeded: pair)))
            } else {
                let index = Int(clamping: record.sentPosition) - 1
                guard index >= 0, index < sends.count, sends[index].invitation >= 0 else {
                    throw IndexMismatch(position: position, detail: "its sent at position \(record.sentPosition) is not a sent before it", inTheLog: true)
                }
                let sent = sends[index]
                invitations[Int(sent.invitation)].append(position)
                if let closing = record.kind.closingStatus { pairs[Int(sent.pair)].status = closing }
                pairs[Int(sent.pair)].latestAt = record.at
                sends.append((-1, -1))
            }
            return true
        }
    }

    /// The first difference between these and the stored indexes, or nil when they are the same entry for entry.
    func firstDifference(view: LedgerView) throws -> IndexMismatch? {
        let ledger = view.ledger
        if let mismatch = try Self.compare(ids, with: ledger.ids, name: "ids", view: view, encode: { $1.varint($0) },
                                           describe: { "event at position \($0)" }, position: { $0 }) {
            return mismatch
        }
        if let mismatch = try Self.compare(invitations, with: ledger.invitations, name: "invitations", view: view,
                                           encode: { $0.encode(into: &$1) },
                                           describe: { "invitation sent at position \($0.first ?? 0)" },
                                           position: { $0.first ?? 0 }) {
            return mismatch
        }
        return try Self.compare(pairs, with: ledger.pairs, name: "pairs", view: view, encode: { $0.encode(into: &$1) },
                                describe: { "pair whose latest invitation was sent at position \($0.latestSent)" },
                                position: { $0.latestSent })
    }

    /// Writes them over the stored indexes, in key order, in `txn`; returns how many entries were written.
    func write(in txn: Transaction, ledger: Ledger) throws -> Int {
        try txn.clear(ledger.ids)
        try txn.clear(ledger.invitations)
        try txn.clear(ledger.pairs)
        try ids.write(to: ledger.ids, in: txn) { position, out in out.varint(position) }
        try invitations.write(to: ledger.invitations, in: txn) { positions, out in positions.encode(into: &out) }
        try pairs.write(to: ledger.pairs, in: txn) { state, out in state.encode(into: &out) }
        return ids.count + invitations.count + pairs.count
    }

    /// Walks `table` in key order beside the stored `database` and names the first entry that is missing, extra or different.
    private static func compare<Value>(_ table: IndexEntryTable<Value>, with database: Database, name: String,
                                       view: LedgerView, encode: (Value, inout ByteWriter) -> Void,
                                       describe: (Value) -> String, position: (Value) -> UInt64) throws -> IndexMismatch? {
        let order = table.entriesInKeyOrder()
        var value = ByteWriter(capacity: 64)
        return try view.txn.withCursor(database) { cursor -> IndexMismatch? in
            var stored = try cursor.first()
            for entry in order {
                let expected = table[entry]
                value.bytes.removeAll(keepingCapacity: true)
                encode(expected, &value)
                let mismatch = table.withKey(entry) { key -> IndexMismatch? in
                    // Stored keys that sort before this one are entries no event accounts for.
                    if let current = stored, IndexEntryTable<Value>.compare(current.key, key) < 0 {
                        return IndexMismatch(position: 0, detail: "the \(name) index holds an entry no event accounts for (key \(Self.hex(current.key)))")
                    }
                    guard let current = stored, IndexEntryTable<Value>.compare(current.key, key) == 0 else {
                        return IndexMismatch(position: position(expected), detail: "the \(name) index lacks the entry of the \(describe(expected))")
                    }
                    let same = value.bytes.withUnsafeBytes { IndexEntryTable<Value>.compare(current.value, $0) == 0 }
                    return same ? nil : IndexMismatch(position: position(expected), detail: "the \(name) index entry of the \(describe(expected)) differs from the log")
                }
                if let mismatch { return mismatch }
                stored = try cursor.next()
            }
            if let extra = stored {
                return IndexMismatch(position: 0, detail: "the \(name) index holds an entry no event accounts for (key \(Self.hex(extra.key)))")
            }
            return nil
        }
    }

    /// A stored key for a message: its first 32 bytes in hex.
    private static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        Hex.encode(UnsafeRawBufferPointer(rebasing: bytes.prefix(32))) + (bytes.count > 32 ? "…" : "")
    }
}

/// Where the stored indexes and the log disagree: the position of the event concerned (0 for an entry no event accounts for), and how.
public struct IndexMismatch: Error, CustomStringConvertible, Sendable {
    /// The position of the event whose entry is missing or differs; 0 for an entry no event accounts for.
    public let position: UInt64
    /// What differs.
    public let detail: String
    /// Whether the log itself breaks a rule the indexes keep, which no rebuild of the indexes mends.
    ///
    /// An id or an invitation recorded twice, a position missing, a follow-up of no send.
    public var inTheLog = false

    /// What a user can do about a mismatch `inTheLog`: the log cannot change, but its export can (audit 98 F1).
    public static let logRemedy = "; the log itself holds this, and no rebuild mends a log (builds before 2026-11-29's 1508538 "
        + "recorded ids without checking them: the README's \"Storage format\"): export the ledger, leave out the lines at fault, "
        + "and import the rest into a fresh ledger"

    /// The position (when there is one), what differs, and for a mismatch in the log what can be done.
    public var description: String { (position > 0 ? "position \(position): \(detail)" : detail) + (inTheLog ? Self.logRemedy : "") }
}

extension Ledger {
    /// Compares the ids, invitations and pairs indexes with what the log says they must be; nil when they agree.
    ///
    /// Then checks the names' counters, which hand out the next id of an account, source,
    /// template or id prefix: the chain does not cover them.
    ///
    /// One scan of the log and one pass over each index, holding the derived indexes in memory
    /// (about what a first import of the same log holds). `verify --indexes` runs it after the chain.
    public func checkIndexes() throws -> IndexMismatch? {
        try read { view in
            do {
                if let mismatch = try DerivedIndexes(view: view).firstDifference(view: view) { return mismatch }
            } catch let mismatch as IndexMismatch {
                return mismatch
            }
            return try names.counterDamage(in: view.txn).map { IndexMismatch(position: 0, detail: $0) }
        }
    }

    /// Writes the ids, invitations and pairs indexes anew from the log, in one write transaction; returns the entries written.
    ///
    /// A names' counter that is not its category's highest stored id is set to it, or removed where the category has none (and counted).
    ///
    /// Readers see the old indexes or the new ones. The log is not changed, so digests, proofs
    /// and `verify` are unaffected; a log that holds an id twice (which no append writes) is refused.
    @discardableResult
    public func rebuildIndexes() throws -> Int {
        try environment.write { txn in
            let view = LedgerView(ledger: self, txn: txn)
            return try DerivedIndexes(view: view).write(in: txn, ledger: self) + names.repairCounters(in: txn)
        }
    }
}
