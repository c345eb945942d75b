import Ledger

/// The read side's state folded in memory from a prefix of the log: one record per invitation.
///
/// Rebuilds fold the whole log here and then write each projection's state in large
/// transactions; `--as-of` and `--position` fold a prefix and answer from memory. The
/// invitations are plain values (`FoldedInvitation`) whose recipients and explicit ids sit
/// in one byte arena, so the fold costs ≈ 72 bytes plus the text per invitation and no
/// reference counting; `facts` and `pairs` make the public values on demand.
///
/// ```swift
/// let fold = try ledger.read { view in try InvitationFold.build(view: view, asOf: then) }
/// ```
public struct InvitationFold: Sendable {
    /// Every invitation, in the order of their `sent`.
    private(set) var invitations: [FoldedInvitation] = []
    /// The recipients' and explicit ids' bytes, each invitation's at its `textOffset`.
    private(set) var text: [UInt8] = []
    /// The last position folded.
    public private(set) var position: UInt64 = 0
    /// The invitation index at each position − `firstPosition`, or −1 for a follow-up (positions have no gaps, so an array serves).
    private var indexByPosition: [Int32] = []
    /// The first position the fold may hold: 1 for the whole log, past a checkpoint for a tail (`TailOverlayModel`).
    private var firstPosition: UInt64 = 1

    /// An empty fold: no invitation, nothing folded yet (position 0).
    public init() {}

    /// An empty fold of the log from `firstPosition` on; follow-ups of invitations sent before it are ignored by `apply`.
    init(from firstPosition: UInt64) {
        self.firstPosition = max(firstPosition, 1)
        position = self.firstPosition - 1
    }

    /// Every invitation's fact, in the order of their `sent`.
    public var facts: [InvitationFact] { facts(where: { _ in true }) }

    /// The facts of the invitations `include` keeps, in the order of their `sent`.
    func facts(where include: (FoldedInvitation) -> Bool) -> [InvitationFact] {
        text.withUnsafeBufferPointer { text in
            invitations.compactMap { include($0) ? InvitationFact($0, text: text) : nil }
        }
    }

    /// Calls `body` with the fact of each invitation `include` keeps, in the order of their `sent`.
    func forEachFact(where include: (FoldedInvitation) -> Bool, _ body: (InvitationFact) throws -> Void) rethrows {
        try text.withUnsafeBufferPointer { text in
            for invitation in invitations where include(invitation) { try body(InvitationFact(invitation, text: text)) }
        }
    }

    /// The latest invitation of every pair (a later `sent` of a pair replaces the earlier), in key order.
    public var pairs: [PairRecord] {
        text.withUnsafeBufferPointer { text in
            latestOfEachPair().map { PairRecord(InvitationFact(invitations[Int($0)], text: text)) }
        }
    }

    /// The latest invitation of one pair, or nil when never invited.
    public func pair(accountID: UInt32, recipient: String) -> PairRecord? {
        var wanted = recipient
        return wanted.withUTF8 { wanted in
            text.withUnsafeBufferPointer { text in
                invitations.last { invitation in
                    invitation.accountID == accountID && wanted.elementsEqual(text[invitation.recipientRange])
                }.map { PairRecord(InvitationFact($0, text: text)) }
            }
        }
    }

    /// Folds one entry of `LedgerView.scanFolding`; follow-ups of invitations outside the fold are ignored.
    @inline(__always)
    mutating func apply(_ entry: borrowing FoldEntry) {
        let slot = reserveSlot(entry.position)
        if entry.kind == .sent {
            indexByPosition[slot] = Int32(invitations.count)
            let offset = text.count
            // Typed buffers: `append(contentsOf:)` copies those in one go, raw ones byte by byte.
            text.append(contentsOf: entry.recipient.assumingMemoryBound(to: UInt8.self))
            if let explicit = entry.explicitInvitation { text.append(contentsOf: explicit.assumingMemoryBound(to: UInt8.self)) }
            invitations.append(FoldedInvitation(sentPosition: entry.position, sentAt: entry.at, textOffset: offset,
                                                recipientLength: entry.recipient.count,
                                                explicitLength: entry.explicitInvitation?.count,
                                                accountID: entry.accountID, sourceID: entry.sourceID,
                                                templateID: entry.hasTemplate ? entry.templateID : nil,
                                                hasNote: entry.hasNote))
        } else if let index = invitationIndex(sentPosition: entry.sentPosition) {
            invitations[index].apply(followUp: entry.kind, at: entry.at)
        }
    }

    /// Advances the fold to `position` and makes room for it in the index by position; returns its slot.
    @inline(__always)
    private mutating func reserveSlot(_ position: UInt64) -> Int {
        self.position = max(self.position, position)
        let slot = Int(position - firstPosition)
        if slot == indexByPosition.count {
            indexByPosition.append(-1)
        } else if slot > indexByPosition.count {
            indexByPosition.append(contentsOf: repeatElement(-1, count: slot + 1 - indexByPosition.count))
        }
        return slot
    }

    /// The invitation sent at `sentPosition`, or nil when that `sent` is outside the fold.
    @inline(__always)
    private func invitationIndex(sentPosition: UInt64) -> Int? {
        guard sentPosition >= firstPosition else { return nil }
        let sentSlot = Int(sentPosition - firstPosition)
        guard sentSlot < indexByPosition.count else { return nil }
        let index = Int(indexByPosition[sentSlot])
        return index >= 0 ? index : nil
    }

    /// Marks the fold as having seen the log up to `position` (events skipped by `--as-of` still advance it).
    mutating func advance(to position: UInt64) { self.position = max(self.position, position) }

    /// Frees the index by position, which only folding needs (a rebuild's writes do not).
    mutating func finishFolding() { indexByPosition = [] }

    /// Folds the log from position 1: up to `through` (inclusive, default the head), counting only events with `at` ≤ `asOf`.
    ///
    /// `progress` is called now and then with the last position read. The scan decodes only
    /// what the fold reads (`scanFolding`), and an event after `asOf` no further than its time.
    public static func build(view: LedgerView, through limit: UInt64? = nil, asOf: Timestamp? = nil,
                             progress: ((UInt64) -> Void)? = nil) throws -> InvitationFold {
        var fold = InvitationFold()
        let head = try view.head().position
        let last = min(limit ?? head, head)
        // Address space only until written: about half the events are sends, with ≈ 40 bytes of text each.
        fold.invitations.reserveCapacity(Int(min(last, 1 << 24) / 2))
        fold.text.reserveCapacity(Int(min(last, 1 << 24) / 2) * 48)
        fold.indexByPosition.reserveCapacity(Int(min(last, 1 << 26)))
        guard last > 0 else { return fold }
        let skipping: ((Timestamp) -> Bool)? = asOf.map { asOf in { $0 > asOf } }
        try forEachEntry(in: view, from: 1, through: last, skipping: skipping) { entry in
            fold.apply(entry)
            if entry.position % ScannedPages.releaseInterval == 0 { progress?(entry.position) }
        }
        // Events skipped by `--as-of` still count as read.
        fold.advance(to: last)
        return fold
    }

    /// Calls `body` with the fold's fields of each event from `first` through `last` (`LedgerView.scanFolding`), letting go of the log's pages read.
    ///
    /// The log's pages, once folded, need not stay mapped: the scan's memory stays flat however
    /// long the log (`ScannedPages`). The one scan of a fold, of the whole log or of a tail (`TailOverlayModel`).
    @inline(__always)
    static func forEachEntry(in view: LedgerView, from first: UInt64, through last: UInt64, skipping: ((Timestamp) -> Bool)? = nil,
                             _ body: (borrowing FoldEntry) throws -> Void) throws {
        var scanned = ScannedPages(txn: view.txn)
        try view.scanFolding(from: first, through: last, skipping: skipping) { entry in
            try body(entry)
            scanned.note(entry.stored, at: entry.position)
            return true
        }
        scanned.release()
    }
}
