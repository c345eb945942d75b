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
        let start = max(position, 1)
        let head = try head()
        // Nothing recorded there yet (a follower waiting past the head): no events, no error.
        guard start <= head.position else { return }
        var hash = try chainHash(at: start - 1)
        var resolver = SentResolver(view: self)
        var canonical: [UInt8] = []
        canonical.reserveCapacity(512)
        var held: [(Event, Digest)] = []
        held.reserveCapacity(Int(Ledger.chainCheckpointInterval))
        var expected = start
        var stopped = false
        try scan(from: start) { record in
            guard record.position == expected else {
                throw ChainMismatch(position: expected, detail: "the event at position \(expected) is missing from the log")
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
            for (event, hash) in held where try !body(event, hash) {
                stopped = true
                return false
            }
            held.removeAll(keepingCapacity: true)
            return true
        }
        if !stopped, expected <= head.position {
            throw ChainMismatch(position: expected, detail: "the event at position \(expected) is missing from the log")
        }
    }
}

/// Completes records into events during a sequential scan, remembering the invitations it has seen.
///
/// A follow-up stores only its invitation's `sent` position; the cache saves re-reading that
/// record for every reminder and acceptance. It is bounded, so a scan's memory stays flat.
struct SentResolver {
    let view: LedgerView
    private var cache: [UInt64: (invitation: String, account: String, recipient: String)] = [:]
    private static let capacity = 1 << 18

    init(view: LedgerView) { self.view = view }

    mutating func event(from record: EventRecord) throws -> Event {
        let identity: (invitation: String, account: String, recipient: String)
        if let known = cache[record.sentPosition] {
            identity = known
        } else {
            let sent = try view.sentRecord(of: record)
            identity = (sent.sentInvitation, try view.accountName(sent.accountID), sent.recipient ?? "")
            if cache.count >= Self.capacity { cache.removeAll(keepingCapacity: true) }
            cache[record.sentPosition] = identity
        }
        return Event(
            kind: record.kind, id: record.id, at: record.at, invitation: identity.invitation,
            account: identity.account, recipient: identity.recipient,
            source: record.kind == .sent ? try view.sourceName(record.sourceID) : nil,
            note: record.note, template: try record.templateID.map { try view.templateName($0) },
            reason: record.reason, by: record.by, position: record.position, recordedAt: record.recordedAt)
    }
}
