import LMDB
import Merkle

/// A follow-up (`reminded`, `withdrawn`, `expired`, `accepted`): its invitation found by id or by pair, SPEC §2's rules, then its record.
extension BatchWriter {
    /// Records a follow-up of the invitation it names (by id, or by pair: the pair's pending one) unless a rule refuses it; called only from `record`.
    mutating func recordFollowUp(_ proposed: ProposedEvent) throws {
        let sentPosition: UInt64
        let sent: LedgerView.SentIdentity
        let account: String
        let recipient: String
        var pair: PairState
        var storedPositions: PositionList?
        // An invitation this batch sent is found with its pair in the batch's tables (`InvitationEntry`).
        var invitationEntry: Int?
        var pairEntry: Int?
        if let invitation = proposed.invitation {
            let known = try view.withLookupKey(invitation) { overlay.sentInvitation(key: $0) }
            if let known, let first = known.positions.first {
                let found = try overlay.pair(atEntry: known.pairEntry)
                storedPositions = known.positions
                sentPosition = first
                sent = LedgerView.SentIdentity(accountID: found.accountID, recipient: found.recipient, explicitInvitation: invitation)
                pair = found.state
                invitationEntry = known.entry
                pairEntry = known.pairEntry
            } else {
                guard let positions = try view.positionList(ofInvitation: invitation), let first = positions.first,
                      let found = try sentIdentity(at: first) else {
                    if let (account, recipient) = proposed.pair, let named = try invitedPair(account: account, recipient: recipient) {
                        throw Rejection(.invalidEvent, "invitation \(invitation) was never sent, and pair \(account) → \(recipient) "
                                        + "names its \(try pairInvitationPhrase(named))")
                    }
                    throw Rejection.neverSent(invitation: invitation)
                }
                storedPositions = positions
                sentPosition = first
                sent = found
                guard let state = try view.pairState(recipient: found.recipient ?? "", accountID: found.accountID) else {
                    throw StorageError("invitation \(invitation) has no pair entry")
                }
                pair = state
            }
            let positions = storedPositions ?? []
            account = try nameMemo.name(.account, sent.accountID, in: ledger.names, txn: txn)
            recipient = sent.recipient ?? ""
            let otherAccount = proposed.account.flatMap { $0.hasSameBytes(as: account) ? nil : $0 }
            let otherRecipient = proposed.recipient.flatMap { $0.hasSameBytes(as: recipient) ? nil : $0 }
            if otherAccount != nil || otherRecipient != nil {
                // Every field that disagrees is named (audit 100 F9: one named alone left the user guessing at the other).
                let differences = [otherAccount.map { "belongs to account \(account), not \($0)" },
                                   otherRecipient.map { "was sent to \(recipient), not \($0)" }].compactMap { $0 }
                throw Rejection(.invalidEvent, "invitation \(invitation) " + differences.joined(separator: ", and "))
            }
            if proposed.pair != nil, pair.latestSent != sentPosition {
                // The pair names its latest invitation (SPEC §2: its pending one, else the closed one).
                throw Rejection(.invalidEvent, "invitation \(invitation) disagrees with pair \(account) → \(recipient), "
                                + "which names its \(try pairInvitationPhrase(pair))")
            }
            if pair.latestSent != sentPosition || pair.status != .pending {
                let status = pair.latestSent == sentPosition ? pair.status.name : try closingStatus(of: positions)
                throw Rejection(.alreadyClosed, "invitation \(invitation) is already \(status)")
            }
        } else {
            guard let givenAccount = proposed.account, let givenRecipient = proposed.recipient else {
                throw Rejection(.invalidEvent, "\(proposed.subject): name the invitation, or account and recipient")
            }
            account = givenAccount
            recipient = givenRecipient
            guard let state = try invitedPair(account: account, recipient: recipient) else {
                throw Rejection.neverInvited(account: account, recipient: recipient)
            }
            pair = state
            sentPosition = pair.latestSent
            guard let found = try sentIdentity(at: sentPosition) else {
                throw StorageError("pair \(account) → \(recipient) names missing position \(sentPosition)")
            }
            sent = found
            if pair.status != .pending {
                throw Rejection(.alreadyClosed, "pair \(account) → \(recipient): its latest invitation \(try invitationName(sentPosition: sentPosition)) is already \(pair.status.name)")
            }
        }
        let invitation = sent.explicitInvitation ?? EventRecord.assignedInvitation(sentAt: sentPosition)
        if pair.latestAt > proposed.at {
            throw Rejection(.outOfOrder, "invitation \(invitation) (pair \(account) → \(recipient)): \(proposed.at) is earlier than its latest event at \(pair.latestAt)")
        }
        if proposed.kind == .reminded, proposed.id == nil, pair.latestAt == proposed.at, let last = storedPositions?.last,
           let earlier = try view.record(at: last), earlier.kind == .reminded, earlier.at == proposed.at {
            repeatedReminder = last
        }
        let position = head.position + 1
        var record = EventRecord(
            kind: proposed.kind, position: position, at: proposed.at, recordedAt: recordedAt,
            explicitID: try explicitID(proposed.id, position: position), sentPosition: sentPosition,
            explicitInvitation: nil, accountID: sent.accountID, recipient: nil, sourceID: 0, note: nil,
            templateID: nil, reason: proposed.reason, by: proposed.by)
        if let invitationEntry {
            storedPositions = nil  // a copy of the entry's list: kept, it would make the append below copy the list
            overlay.appendPosition(position, toInvitationEntry: invitationEntry)
        } else {
            try appendPosition(position, toInvitation: invitation, storedPositions: &storedPositions, sentPosition: sentPosition)
        }
        if let closing = proposed.kind.closingStatus { pair.status = closing }
        pair.latestAt = proposed.at
        if let pairEntry {
            overlay.setPair(pair, atEntry: pairEntry)
        } else {
            overlay.setPair(pair, recipient: recipient, accountID: sent.accountID)
        }
        canonical.removeAll(keepingCapacity: true)
        CanonicalJSON.append(
            kind: proposed.kind, id: record.explicitID.map(CanonicalString.text) ?? .numbered(EventRecord.assignedIDPrefix, position),
            at: proposed.at, invitation: .text(invitation), account: .quoted(quotedName(.account, sent.accountID, account)),
            recipient: .text(recipient), source: nil, note: nil, template: nil, reason: proposed.reason, by: proposed.by,
            position: position, recordedAt: .quoted(recordedAtQuoted), into: &canonical)
        try write(&record)
    }

    /// `LedgerView.sentIdentity(at:)`, reading id prefixes through the batch's memo.
    private mutating func sentIdentity(at position: UInt64) throws -> LedgerView.SentIdentity? {
        try view.sentIdentity(at: position, prefixes: &overlay.prefixes)
    }

    /// Adds `position` to an invitation's positions (`storedPositions` when already read, which it empties).
    ///
    /// The caller's copy is dropped before the list grows: a list shared with a copy is copied
    /// whole on append, and an invitation with k follow-ups in one batch would cost k² (audit 48).
    private func appendPosition(_ position: UInt64, toInvitation invitation: String, storedPositions: inout PositionList?,
                                sentPosition: UInt64) throws {
        try overlay.withWriteKey(invitation) { key in
            var positions = storedPositions
            storedPositions = nil
            if overlay.holdsInvitation(key: key) {
                positions = nil
                overlay.appendPosition(position, toInvitationKey: key)
                return
            }
            var grown = try positions ?? view.positionList(ofInvitation: invitation) ?? [sentPosition]
            positions = nil
            grown.append(position)
            overlay.setPositions(grown, ofInvitationKey: key)
        }
    }

    /// How a message names the invitation a pair stands for: `pending invitation inv-2`, or `latest invitation inv-3 (withdrawn)`.
    private func pairInvitationPhrase(_ pair: PairState) throws -> String {
        let name = try invitationName(sentPosition: pair.latestSent)
        return pair.status == .pending ? "pending invitation \(name)" : "latest invitation \(name) (\(pair.status.name))"
    }

    /// How an invitation that is not its pair's latest was closed, from its last closing event.
    private func closingStatus(of positions: PositionList) throws -> String {
        for position in positions.reversed() {
            if let closing = try view.record(at: position)?.kind.closingStatus { return closing.name }
        }
        return "closed"
    }
}
