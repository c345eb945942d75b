extension LedgerView {
    /// Every pending invitation as (sent position, account id, recipient, latest event of its pair), in `sent` order.
    ///
    /// Read from the pairs index (only a pair's latest invitation can be pending), so it needs
    /// no projection and is exact for the ledger as committed.
    public func pendingInvitations() throws -> [(sentPosition: UInt64, accountID: UInt32, recipient: String, latestAt: Timestamp)] {
        try flushOverlay()
        var out: [(UInt64, UInt32, String, Timestamp)] = []
        try txn.withCursor(ledger.pairs) { cursor in
            var entry = try cursor.first()
            while let current = entry {
                let state = try PairState.decodeEntry(current.value, key: current.key)
                if state.status == .pending, let pair = try PairState.parseKey(current.key) {
                    out.append((state.latestSent, pair.accountID, pair.recipient, state.latestAt))
                }
                entry = try cursor.next()
            }
        }
        return out.sorted { $0.0 < $1.0 }
    }
}

extension Ledger {
    /// Records `expired` (`by: policy`, id `expire:<invitation>`) for every invitation pending at least `expire_after` at `now`.
    ///
    /// `at` is the later of sent_at + expire_after and the pair's latest event, so the log stays
    /// in order for the pair; invitations are expired in the order of their `sent` positions.
    /// An invitation whose id `expire:<invitation>` another event took already (a client's) is
    /// left pending, with its `id_conflict` in the outcome's rejections, and the others are
    /// expired: one clash must not hold back every later run. `beforeCommit` is `append`'s.
    /// Returns the outcome, and the invitation proposed at each of its lines (line N at N − 1)
    /// with the `at` its expiry was given, so that a rejection can be said with the invitation it
    /// left pending and the time to record its expiry at.
    public func expireDue(now: Timestamp, beforeCommit: ((LedgerView) throws -> Void)? = nil) throws
        -> (outcome: AppendOutcome, invitations: [(id: String, at: Timestamp)]) {
        var invitations: [(id: String, at: Timestamp)] = []
        let outcome = try append(skipInvalid: true, beforeCommit: beforeCommit) { writer in
            invitations = []  // a retried transaction starts again
            let policy = writer.policy
            var line = 0
            for pending in try writer.view.pendingInvitations() {
                // Damage the pairs index shows is said, not skipped as if the invitation were not due (audit 101 F10).
                guard let sent = try writer.view.record(at: pending.sentPosition), sent.kind == .sent else {
                    throw StorageError("the pairs index names position \(pending.sentPosition) as a pending invitation's sent, which "
                        + "it is not \(LedgerView.indexRemedy)")
                }
                guard policy.isOverdue(sentAt: sent.at, at: now) else { continue }
                let due = policy.expiresAt(sentAt: sent.at)
                let invitation = sent.sentInvitation
                let at = max(due, pending.latestAt)
                invitations.append((invitation, at))
                line += 1
                try writer.add(line: line, .success(ProposedEvent(
                    kind: .expired, id: "expire:\(invitation)", at: at, invitation: invitation, by: "policy")))
            }
        }
        return (outcome, invitations)
    }
}
