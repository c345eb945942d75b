#if canImport(Glibc)
import Glibc
#endif
import Ledger

/// The read side's state folded in memory from a prefix of the log: one fact per invitation and each pair's latest.
///
/// Rebuilds fold the whole log here and then write each projection's state in large
/// transactions; `--as-of` and `--position` fold a prefix and answer from memory.
///
/// ```swift
/// let fold = try ledger.read { view in try InvitationFold.build(view: view, asOf: then) }
/// ```
public struct InvitationFold: Sendable {
    /// Every invitation, in the order of their `sent`.
    public private(set) var facts: [InvitationFact] = []
    /// The last position folded.
    public private(set) var position: UInt64 = 0
    /// The fact index at each position − 1, or −1 for a follow-up (positions have no gaps, so an array serves).
    private var factIndexByPosition: [Int32] = []

    /// An account and recipient.
    struct PairKey: Hashable {
        var accountID: UInt32
        var recipient: String
    }

    public init() {}

    /// Folds one event; follow-ups of invitations outside the fold are ignored.
    public mutating func apply(_ record: EventRecord) {
        let slot = reserveSlot(record.position)
        if record.kind == .sent {
            factIndexByPosition[slot] = Int32(facts.count)
            facts.append(InvitationFact(sent: record))
        } else if let index = factIndex(sentPosition: record.sentPosition) {
            facts[index].apply(followUp: record)
        }
    }

    /// Advances the fold to `position` and makes room for it in the index by position; returns its slot.
    @inline(__always)
    private mutating func reserveSlot(_ position: UInt64) -> Int {
        self.position = max(self.position, position)
        let slot = Int(position) - 1
        if slot >= factIndexByPosition.count {
            factIndexByPosition.append(contentsOf: repeatElement(-1, count: slot + 1 - factIndexByPosition.count))
        }
        return slot
    }

    /// The fact of the invitation sent at `sentPosition`, or nil when that `sent` is outside the fold.
    @inline(__always)
    private func factIndex(sentPosition: UInt64) -> Int? {
        let sentSlot = Int(sentPosition) - 1
        guard sentSlot >= 0, sentSlot < factIndexByPosition.count else { return nil }
        let index = Int(factIndexByPosition[sentSlot])
        return index >= 0 ? index : nil
    }

    /// Marks the fold as having seen the log up to `position` (events skipped by `--as-of` still advance it).
    mutating func advance(to position: UInt64) { self.position = max(self.position, position) }

    /// The latest invitation of every pair (a later `sent` of a pair replaces the earlier), in key order.
    public var pairs: [PairRecord] { latestOfEachPair().map { PairRecord(facts[$0]) } }

    /// The fact index of each pair's latest invitation, in the pairs database's key order
    /// (account, then recipient bytes): a sort of indices, no hashing of recipients.
    func latestOfEachPair() -> [Int] {
        let order = facts.withUnsafeBufferPointer { facts in
            Array(facts.indices).sorted { left, right in
                let a = facts[left], b = facts[right]
                if a.accountID != b.accountID { return a.accountID < b.accountID }
                let order = compareUTF8(a.recipient, b.recipient)
                return order != 0 ? order < 0 : left < right
            }
        }
        var latest: [Int] = []
        latest.reserveCapacity(order.count)
        for (rank, index) in order.enumerated() {
            if rank + 1 < order.count {
                let next = facts[order[rank + 1]]
                if next.accountID == facts[index].accountID && next.recipient == facts[index].recipient { continue }
            }
            latest.append(index)
        }
        return latest
    }

    /// The latest invitation of one pair, or nil when never invited.
    public func pair(accountID: UInt32, recipient: String) -> PairRecord? {
        facts.last { $0.accountID == accountID && $0.recipient == recipient }.map(PairRecord.init)
    }

    /// Folds one entry of `LedgerView.scanFolding` (the same as `apply(_:)` of its record).
    mutating func apply(_ entry: borrowing FoldEntry) {
        let slot = reserveSlot(entry.position)
        if entry.kind == .sent {
            factIndexByPosition[slot] = Int32(facts.count)
            facts.append(InvitationFact(sent: entry))
        } else if let index = factIndex(sentPosition: entry.sentPosition) {
            facts[index].apply(followUp: entry.kind, at: entry.at)
        }
    }

    /// Folds the log from position 1: up to `through` (inclusive, default the head), counting only events with `at` ≤ `asOf`.
    ///
    /// `progress` is called now and then with the last position read. The scan decodes only
    /// what the fold reads (`scanFolding`), and an event after `asOf` no further than its time.
    public static func build(view: LedgerView, through limit: UInt64? = nil, asOf: Timestamp? = nil,
                             progress: ((UInt64) -> Void)? = nil) throws -> InvitationFold {
        var fold = InvitationFold()
        let head = try view.head().position
        let last = min(limit ?? head, head)
        fold.facts.reserveCapacity(Int(min(last, 1 << 24) / 2))
        fold.factIndexByPosition.reserveCapacity(Int(min(last, 1 << 26)))
        guard last > 0 else { return fold }
        let skipping: ((Timestamp) -> Bool)? = asOf.map { asOf in { $0 > asOf } }
        try view.scanFolding(from: 1, through: last, skipping: skipping) { entry in
            fold.apply(entry)
            if entry.position & 0xFFFF == 0 { progress?(entry.position) }
            return true
        }
        // Events skipped by `--as-of` still count as read.
        fold.advance(to: last)
        return fold
    }
}

/// The byte order of two strings' UTF-8 (LMDB's key order): negative, zero or positive.
func compareUTF8(_ lhs: String, _ rhs: String) -> Int32 {
    let result = lhs.utf8.withContiguousStorageIfAvailable { left in
        rhs.utf8.withContiguousStorageIfAvailable { right -> Int32 in
            let common = min(left.count, right.count)
            if common > 0, let l = left.baseAddress, let r = right.baseAddress {
                let order = memcmp(l, r, common)
                if order != 0 { return order }
            }
            return left.count == right.count ? 0 : left.count < right.count ? -1 : 1
        }
    }
    if let found = result ?? nil { return found }
    if lhs.utf8.elementsEqual(rhs.utf8) { return 0 }
    return lhs.utf8.lexicographicallyPrecedes(rhs.utf8) ? -1 : 1
}
