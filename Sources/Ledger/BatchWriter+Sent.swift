import LMDB
import Merkle

/// A `sent`: SPEC §2's rules for a new invitation, then its record, index entries and canonical JSON.
extension BatchWriter {
    /// Records a `sent` unless its invitation id is taken or its pair is pending, connected or has a later event; called only from `record`, after the duplicate check.
    mutating func recordSent(_ proposed: ProposedEvent) throws {
        guard let account = proposed.account, let recipient = proposed.recipient else {
            throw Rejection(.invalidEvent, "\(proposed.subject): a sent needs account and recipient")
        }
        if let invitation = proposed.invitation, let positions = try view.positionList(ofInvitation: invitation) {
            let sent = positions.first ?? 0
            // A client's `inv-<number>` may be an id the ledger gave a send recorded without one: say so, or it reads as the client's own.
            let assigned = try view.record(at: sent).map { $0.explicitInvitation == nil } ?? false
            throw Rejection(.duplicateInvitation, "invitation \(invitation) was already sent "
                + (isInThisBatch(sent) ? "earlier in this batch, for position \(sent)" : "at position \(sent)")
                + (assigned ? " (an id the ledger gave a send recorded without one; ids of the form inv-<number> can meet those: give yours another form, such as crm-1)" : ""))
        }
        var pair = try invitedPair(account: account, recipient: recipient)
        if let pair {
            // The messages are built only when refusing: a re-invite that passes reads no record and makes no string.
            let pairName = { "pair \(account) → \(recipient)" }
            switch pair.status {
            case .pending:
                throw Rejection(.alreadyPending, "\(pairName()) already has invitation \(try invitationName(sentPosition: pair.latestSent)) pending")
            case .accepted:
                throw Rejection(.alreadyConnected, "\(pairName()) is connected (invitation \(try invitationName(sentPosition: pair.latestSent)) was accepted)")
            default: break
            }
            if pair.latestAt > proposed.at {
                throw Rejection(.outOfOrder, "\(pairName()): \(proposed.at) is earlier than its latest event at \(pair.latestAt)")
            }
        }
        let position = head.position + 1
        let accountID = try nameMemo.intern(.account, account, in: ledger.names, txn: txn)
        let source = proposed.source ?? "unknown"
        var record = EventRecord(
            kind: .sent, position: position, at: proposed.at, recordedAt: recordedAt,
            explicitID: try explicitID(proposed.id, position: position), sentPosition: position,
            explicitInvitation: try explicitInvitation(proposed.invitation, position: position),
            accountID: accountID, recipient: recipient,
            sourceID: try nameMemo.intern(.source, source, in: ledger.names, txn: txn), note: proposed.note,
            templateID: try proposed.template.map { try nameMemo.intern(.template, $0, in: ledger.names, txn: txn) },
            reason: nil, by: nil)
        let invitation = record.sentInvitation
        let pairEntry = overlay.recordSend(at: position, time: proposed.at, recipient: recipient, accountID: accountID, known: &pair)
        try overlay.withWriteKey(invitation) { overlay.setSentInvitation(sentPosition: position, pairEntry: pairEntry, invitationKey: $0) }
        canonical.removeAll(keepingCapacity: true)
        CanonicalJSON.append(
            kind: .sent, id: record.explicitID.map(CanonicalString.text) ?? .numbered(EventRecord.assignedIDPrefix, position), at: proposed.at,
            invitation: record.explicitInvitation.map(CanonicalString.text) ?? .numbered(EventRecord.assignedInvitationPrefix, position),
            account: .quoted(quotedName(.account, accountID, account)), recipient: .text(recipient),
            source: .quoted(quotedName(.source, record.sourceID, source)), note: proposed.note,
            template: proposed.template.map(CanonicalString.text), reason: nil, by: nil,
            position: position, recordedAt: .quoted(recordedAtQuoted), into: &canonical)
        try write(&record)
        outcome.invitationsCreated += 1
        if listsInvitations || outcome.invitations.isEmpty { outcome.invitations.append(invitation) }
    }
}
