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
        position = max(position, record.position)
        let slot = Int(record.position) - 1
        if slot >= factIndexByPosition.count {
            factIndexByPosition.append(contentsOf: repeatElement(-1, count: slot + 1 - factIndexByPosition.count))
        }
        if record.kind == .sent {
            factIndexByPosition[slot] = Int32(facts.count)
            facts.append(InvitationFact(sent: record))
        } else {
            let sentSlot = Int(record.sentPosition) - 1
            guard sentSlot >= 0, sentSlot < factIndexByPosition.count else { return }
            let index = Int(factIndexByPosition[sentSlot])
            if index >= 0 { facts[index].apply(followUp: record) }
        }
    }

    /// Marks the fold as having seen the log up to `position` (events skipped by `--as-of` still advance it).
    mutating func advance(to position: UInt64) { self.position = max(self.position, position) }

    /// The latest invitation of every pair (a later `sent` of a pair replaces the earlier).
    public var pairs: [PairRecord] {
        var latest: [PairKey: Int] = [:]
        latest.reserveCapacity(facts.count)
        for (index, fact) in facts.enumerated() { latest[PairKey(accountID: fact.accountID, recipient: fact.recipient)] = index }
        return latest.values.map { PairRecord(facts[$0]) }
    }

    /// The latest invitation of one pair, or nil when never invited.
    public func pair(accountID: UInt32, recipient: String) -> PairRecord? {
        facts.last { $0.accountID == accountID && $0.recipient == recipient }.map(PairRecord.init)
    }

    /// Folds the log from position 1: up to `through` (inclusive, default the head), counting only events with `at` ≤ `asOf`.
    ///
    /// `progress` is called now and then with the last position read.
    public static func build(view: LedgerView, through limit: UInt64? = nil, asOf: Timestamp? = nil,
                             progress: ((UInt64) -> Void)? = nil) throws -> InvitationFold {
        var fold = InvitationFold()
        let head = try view.head().position
        let last = min(limit ?? head, head)
        fold.facts.reserveCapacity(Int(min(last, 1 << 24) / 2))
        fold.factIndexByPosition.reserveCapacity(Int(min(last, 1 << 26)))
        guard last > 0 else { return fold }
        try view.scan(from: 1) { record in
            guard record.position <= last else { return false }
            if let asOf, record.at > asOf {
                fold.advance(to: record.position)
            } else {
                fold.apply(record)
            }
            if record.position & 0xFFFF == 0 { progress?(record.position) }
            return record.position < last
        }
        return fold
    }
}
