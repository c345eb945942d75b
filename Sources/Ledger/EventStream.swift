import Merkle

extension LedgerView {
    /// Calls `body` with each complete event from `position` on and the chain hash after it, until `body` returns false.
    ///
    /// The chain hash is recomputed as it goes (from the checkpoint before `position`), so every
    /// exported line carries the hash an auditor can check, and compared with what was stored at
    /// append (`checkChain`): each record's tag, and every stored hash, a checkpoint or the head.
    /// An event reaches `body` only once the next stored hash has vouched for it (at most
    /// `Ledger.chainCheckpointInterval` events are held back), since a tag alone could have been
    /// recomputed by whoever altered the event; a difference, a missing position, or a record
    /// past the head throws `ChainMismatch` first. A `position` past the head yields nothing.
    public func forEachEvent(from position: UInt64 = 1, _ body: (Event, Digest) throws -> Bool) throws {
        var carry = EventStreamCarry()
        try forEachEvent(from: position, carry: &carry, body)
    }

    /// `forEachEvent(from:_:)`, handing what the next call from the position after the last event given needs in `carry`.
    ///
    /// A stream read in slices, each in a transaction of its own (`log`, `export`), would
    /// otherwise look up again, in every slice, the `sent` of each follow-up of an earlier one,
    /// and recompute the chain hash it starts from (up to a checkpoint's stretch of events).
    public func forEachEvent(from position: UInt64, carry: inout EventStreamCarry, _ body: (Event, Digest) throws -> Bool) throws {
        let start = max(position, 1)
        let head = try head()
        // Nothing recorded there yet (a follower waiting past the head): no events, no error.
        guard start <= head.position else { return }
        // The hash after the last event the previous call gave, which a stored checkpoint or the head vouched for then.
        var hash = try carry.chain.flatMap { $0.position == start - 1 ? $0.hash : nil } ?? chainHash(at: start - 1)
        var resolver = SentResolver(view: self, identities: carry.sents)
        carry.sents = SentIdentities()  // one owner of the cache, so the resolver's writes do not copy it
        var lastGiven = carry.chain
        defer {
            carry.sents = resolver.identities
            carry.chain = lastGiven
        }
        var canonical: [UInt8] = []
        canonical.reserveCapacity(512)
        var held: [(Event, Digest)] = []
        held.reserveCapacity(Int(Ledger.chainCheckpointInterval))
        var expected = start
        var stopped = false
        try scan(from: start) { record in
            guard record.position == expected else {
                throw ChainMismatch.missingEvent(at: expected)
            }
            guard record.position <= head.position else {
                throw ChainMismatch(position: record.position, detail: "the log holds an event past its head (\(head.position))")
            }
            expected += 1
            let event = try resolver.event(from: record)
            canonical.removeAll(keepingCapacity: true)
            event.canonicalJSON(into: &canonical)
            hash = HashChain.link(hash, canonical)
            try checkChain(hash, at: record.position, storedTag: record.chainTag, head: head)
            held.append((event, hash))
            guard record.position % Ledger.chainCheckpointInterval == 0 || record.position == head.position else { return true }
            for (event, hash) in held {
                guard try body(event, hash) else {
                    stopped = true
                    return false
                }
                lastGiven = (event.position, hash)
            }
            held.removeAll(keepingCapacity: true)
            return true
        }
        if !stopped, expected <= head.position {
            throw ChainMismatch.missingEvent(at: expected)
        }
    }
}

/// What one call of `forEachEvent` hands to the next, in another read transaction.
///
/// The log is append-only, so both stay true from one snapshot to the next.
public struct EventStreamCarry {
    /// The `sent`s met.
    fileprivate var sents = SentIdentities()
    /// The position of the last event given, and the chain hash after it.
    fileprivate var chain: (position: UInt64, hash: Digest)?

    /// Nothing carried: the first call.
    public init() {}
}

/// The invitation, account and recipient of the `sent`s a scan met, by sent position: bounded, so a scan's memory stays flat.
struct SentIdentities {
    fileprivate var cache: [UInt64: (invitation: String, account: String, recipient: String)] = [:]
    fileprivate static let capacity = 1 << 18
}

/// Completes records into events during a sequential scan, remembering the invitations it has seen.
///
/// A follow-up stores only its invitation's `sent` position; the cache saves re-reading that
/// record for every reminder and acceptance.
struct SentResolver {
    let view: LedgerView
    private(set) var identities: SentIdentities

    init(view: LedgerView, identities: SentIdentities = SentIdentities()) {
        self.view = view
        self.identities = identities
    }

    mutating func event(from record: EventRecord) throws -> Event {
        let identity: (invitation: String, account: String, recipient: String)
        if let known = identities.cache[record.sentPosition] {
            identity = known
        } else {
            let sent = try view.sentRecord(of: record)
            identity = (sent.sentInvitation, try view.accountName(sent.accountID), sent.recipient ?? "")
            if identities.cache.count >= SentIdentities.capacity { identities.cache.removeAll(keepingCapacity: true) }
            identities.cache[record.sentPosition] = identity
        }
        return Event(
            kind: record.kind, id: record.id, at: record.at, invitation: identity.invitation,
            account: identity.account, recipient: identity.recipient,
            source: record.kind == .sent ? try view.sourceName(record.sourceID) : nil,
            note: record.note, template: try record.templateID.map { try view.templateName($0) },
            reason: record.reason, by: record.by, position: record.position, recordedAt: record.recordedAt)
    }
}
