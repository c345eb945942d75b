import LMDB
import Ledger

/// The stored projections at their checkpoint, with the log's events after it folded over them in memory.
///
/// What a query answers from when it cannot catch the projections up (another process is
/// writing, the ledger is open read-only, the disk is full): the answers a caught-up query
/// gives, for the cost of folding the events past the checkpoint instead of the whole log.
/// Audit 60 found twenty queries arriving during an import each folding all of a 3.3M-event
/// log: ≈ 1 s and 200 MB apiece.
///
/// The tail's own invitations are folded as a rebuild folds the log (`InvitationFold`). Its
/// follow-ups of invitations sent at or before the checkpoint are kept by sent position and
/// applied to the stored rows as they are read, as the projections' catch-up would apply
/// them: to a pending row, to a pair whose latest invitation is still pending, and to every
/// metrics fact.
struct TailOverlayModel: ReadModel {
    /// A follow-up in the tail of an invitation sent at or before the checkpoint.
    struct FollowUp {
        var kind: EventKind
        var at: Timestamp
    }

    /// The stored projections, as of `checkpoint`.
    let stored: StoredReadModel
    /// The position every stored projection has applied.
    let checkpoint: UInt64
    /// The invitations sent after the checkpoint, with their follow-ups.
    private(set) var fold: InvitationFold
    /// The tail's follow-ups of invitations sent at or before the checkpoint, by sent position, in log order.
    private(set) var earlier: [UInt64: [FollowUp]] = [:]
    /// Whether a follow-up in `earlier` closes its invitation (else they are all reminders).
    private var closesEarlier = false
    /// The tail's own invitations, read as a fold of the whole log is (`FoldedReadModel`).
    private var tail: FoldedReadModel { FoldedReadModel(fold: fold) }

    /// The stored projections at `checkpoint` with the events of `view` after it, up to its head, folded over them.
    init(stored: StoredReadModel, checkpoint: UInt64, view: LedgerView) throws {
        self.stored = stored
        self.checkpoint = checkpoint
        fold = InvitationFold(from: checkpoint + 1)
        let head = try view.head().position
        guard checkpoint < head else { return }
        try InvitationFold.forEachEntry(in: view, from: checkpoint + 1, through: head) { entry in
            if entry.kind != .sent, entry.sentPosition <= checkpoint {
                earlier[entry.sentPosition, default: []].append(FollowUp(kind: entry.kind, at: entry.at))
                closesEarlier = closesEarlier || entry.kind.closingStatus != nil
            } else {
                fold.apply(entry)
            }
        }
    }

    /// `value`, an invitation sent at `sentPosition`, with the tail's follow-ups of it applied.
    private func caughtUp<Value: FollowUpFolding>(_ value: Value, sentPosition: UInt64) -> Value {
        guard let followUps = earlier[sentPosition] else { return value }
        var value = value
        for followUp in followUps { value.apply(followUp: followUp.kind, at: followUp.at) }
        return value
    }

    /// A stored pair with the tail's closing of its latest invitation, as the cooldown table applies it (only while pending).
    private func caughtUp(_ pair: PairRecord) -> PairRecord {
        guard let followUps = earlier[pair.latestSent] else { return pair }
        var pair = pair
        for followUp in followUps where pair.status == .pending {
            guard let closing = followUp.kind.closingStatus else { continue }
            pair.status = closing
            pair.closedAt = followUp.at
        }
        return pair
    }

    /// Pending invitations of one account, or of all: the stored rows still pending, then the tail's.
    func pending(accountID: UInt32?) throws -> [InvitationFact] {
        var out: [InvitationFact] = []
        try forEachPending(accountID: accountID) { out.append($0) }
        return out
    }

    /// Calls `body` with each pending invitation: the stored rows still pending after the tail, then the tail's, in sent order.
    func forEachPending(accountID: UInt32?, _ body: (InvitationFact) throws -> Void) throws {
        try stored.forEachPending(accountID: accountID) { fact in
            let current = caughtUp(fact, sentPosition: fact.sentPosition)
            if current.status == .pending { try body(current) }
        }
        try tail.forEachPending(accountID: accountID, body)
    }

    /// Every pair's latest invitation, of one account or of all, in key order.
    func pairs(accountID: UInt32?) throws -> [PairRecord] {
        var out: [PairRecord] = []
        try forEachPair(accountID: accountID) { out.append($0) }
        return out
    }

    /// Calls `body` with each pair's latest invitation in key order: the stored pairs merged with the tail's, the tail's later.
    ///
    /// Both lists are in the pairs database's key order (account, then the recipient's bytes),
    /// so one pass merges them.
    func forEachPair(accountID: UInt32?, _ body: (PairRecord) throws -> Void) throws {
        let sentInTail = try tail.pairs(accountID: accountID)
        var next = 0
        try stored.forEachPair(accountID: accountID) { pair in
            while next < sentInTail.count, Self.keyOrder(sentInTail[next], pair) < 0 {
                try body(sentInTail[next])
                next += 1
            }
            if next < sentInTail.count, Self.keyOrder(sentInTail[next], pair) == 0 {
                try body(sentInTail[next])  // sent after the checkpoint, so the pair's latest
                next += 1
            } else {
                try body(caughtUp(pair))
            }
        }
        for pair in sentInTail[next...] { try body(pair) }
    }

    /// How two pairs compare in the pairs database's key order: account, then the recipient's bytes (−1, 0 or 1).
    static func keyOrder(_ lhs: PairRecord, _ rhs: PairRecord) -> Int {
        if lhs.accountID != rhs.accountID { return lhs.accountID < rhs.accountID ? -1 : 1 }
        if lhs.recipient.utf8.elementsEqual(rhs.recipient.utf8) { return 0 }
        return lhs.recipient.utf8.lexicographicallyPrecedes(rhs.recipient.utf8) ? -1 : 1
    }

    /// One pair's latest invitation: the tail's latest `sent` of it, else the stored one caught up; nil when never invited.
    func pair(accountID: UInt32, recipient: String) throws -> PairRecord? {
        if let sentInTail = try tail.pair(accountID: accountID, recipient: recipient) { return sentInTail }
        return try stored.pair(accountID: accountID, recipient: recipient).map(caughtUp)
    }

    /// How many invitations the account holds pending: the stored count, less those the tail closed, plus the tail's.
    ///
    /// The closed ones are found by the pending list's keys, which end in the sent position:
    /// nothing is decoded (`check` and `send` ask this once per call).
    func pendingCount(accountID: UInt32) throws -> Int {
        var count = try stored.pendingCount(accountID: accountID)
        if closesEarlier {
            try stored.forEachPendingPosition(accountID: accountID) { sentPosition in
                if earlier[sentPosition]?.contains(where: { $0.kind.closingStatus != nil }) == true { count -= 1 }
            }
        }
        return max(0, count + (try tail.pendingCount(accountID: accountID)))
    }

    /// The account's send times in (after, upTo], oldest first: the stored ones, then the tail's.
    func sends(accountID: UInt32, after: Timestamp, upTo: Timestamp) throws -> [Timestamp] {
        let storedSends = try stored.sends(accountID: accountID, after: after, upTo: upTo)
        let tailSends = try tail.sends(accountID: accountID, after: after, upTo: upTo)
        return tailSends.isEmpty ? storedSends : (storedSends + tailSends).sorted()
    }

    /// Every invitation's metrics fact, in sent order: the stored ones with the tail's follow-ups applied, then the tail's.
    func metricsFacts() throws -> [MetricsFact] {
        var facts = try stored.metricsFacts()
        if !earlier.isEmpty {
            for index in facts.indices { facts[index] = caughtUp(facts[index], sentPosition: facts[index].sentPosition) }
        }
        return facts + (try tail.metricsFacts())
    }
}
