import Ledger

/// One invitation as the fold keeps it: plain values only, its text kept in the fold's byte arena.
///
/// A rebuild folds every invitation of the log, so this is the unit of the fold's memory:
/// 72 bytes plus the recipient's and explicit id's bytes in `InvitationFold.text`. Having
/// no `String` inside, copying or sorting these costs no reference counting.
struct FoldedInvitation: FollowUpFolding {
    var sentPosition: UInt64
    var sentAt: Timestamp
    /// Valid when `isClosed`.
    var closedAt: Timestamp
    /// Valid when `reminders > 0`.
    var lastRemindedAt: Timestamp
    /// Where the recipient's bytes start in the arena; the explicit id's bytes follow them.
    var textOffset: Int
    var accountID: UInt32
    var sourceID: UInt32
    /// Valid when `hasTemplate`.
    var templateID: UInt32
    var reminders: UInt32
    var recipientLength: UInt32
    /// Length of the explicit id; valid when `hasExplicitInvitation`.
    var explicitLength: UInt32
    var status: InvitationStatus
    var flags: UInt8

    static let note: UInt8 = 1, template: UInt8 = 2, explicitInvitation: UInt8 = 4, closed: UInt8 = 8

    var hasNote: Bool { flags & Self.note != 0 }
    var hasTemplate: Bool { flags & Self.template != 0 }
    var hasExplicitInvitation: Bool { flags & Self.explicitInvitation != 0 }
    var isClosed: Bool { flags & Self.closed != 0 }

    /// The invitation a `sent` starts; its text is already at `textOffset` in the arena (the explicit id, when given, after the recipient).
    @inline(__always)
    init(sentPosition: UInt64, sentAt: Timestamp, textOffset: Int, recipientLength: Int, explicitLength: Int?,
         accountID: UInt32, sourceID: UInt32, templateID: UInt32?, hasNote: Bool) {
        self.sentPosition = sentPosition
        self.sentAt = sentAt
        closedAt = sentAt
        lastRemindedAt = sentAt
        self.textOffset = textOffset
        self.accountID = accountID
        self.sourceID = sourceID
        self.templateID = templateID ?? 0
        reminders = 0
        self.recipientLength = UInt32(truncatingIfNeeded: recipientLength)
        self.explicitLength = UInt32(truncatingIfNeeded: explicitLength ?? 0)
        status = .pending
        flags = (hasNote ? Self.note : 0) | (templateID != nil ? Self.template : 0)
            | (explicitLength != nil ? Self.explicitInvitation : 0)
    }

    /// Counts a reminder sent at `at`.
    @inline(__always)
    mutating func noteReminder(at: Timestamp) {
        if reminders < .max { reminders += 1 }  // held at the top: a damaged stored count must not trap
        lastRemindedAt = at
    }

    /// Closes the invitation with `status` at `at`.
    @inline(__always)
    mutating func close(as status: InvitationStatus, at: Timestamp) {
        self.status = status
        closedAt = at
        flags |= Self.closed
    }

    /// The range of the recipient's bytes in the arena.
    var recipientRange: Range<Int> { textOffset..<(textOffset + Int(recipientLength)) }

    /// The range of the explicit id's bytes in the arena (empty when assigned).
    var explicitRange: Range<Int> {
        let start = textOffset + Int(recipientLength)
        return start..<(start + (hasExplicitInvitation ? Int(explicitLength) : 0))
    }
}

extension InvitationFact {
    /// The fact of a folded invitation whose text is in `text`.
    init(_ folded: FoldedInvitation, text: UnsafeBufferPointer<UInt8>) {
        self.init(sentPosition: folded.sentPosition,
                  explicitInvitation: folded.hasExplicitInvitation
                      ? String(decoding: UnsafeBufferPointer(rebasing: text[folded.explicitRange]), as: UTF8.self) : nil,
                  accountID: folded.accountID,
                  recipient: String(decoding: UnsafeBufferPointer(rebasing: text[folded.recipientRange]), as: UTF8.self),
                  sourceID: folded.sourceID, templateID: folded.hasTemplate ? folded.templateID : nil,
                  hasNote: folded.hasNote, sentAt: folded.sentAt, status: folded.status,
                  closedAt: folded.isClosed ? folded.closedAt : nil, reminders: folded.reminders,
                  lastRemindedAt: folded.reminders > 0 ? folded.lastRemindedAt : nil)
    }
}

extension FoldedInvitation {
    /// Appends the stored form of its fact (`StoredInvitation.encodeFact`, as `InvitationFact.encode(into:)`).
    func encodeFact(into out: inout StateWriter, text: UnsafeBufferPointer<UInt8>) {
        StoredInvitation.encodeFact(
            status: status, sentPosition: sentPosition, accountID: accountID, sourceID: sourceID,
            templateID: hasTemplate ? templateID : nil, hasNote: hasNote, sentAt: sentAt, closedAt: isClosed ? closedAt : nil,
            reminders: reminders, lastRemindedAt: reminders > 0 ? lastRemindedAt : nil,
            recipient: UnsafeBufferPointer(rebasing: text[recipientRange]),
            explicitInvitation: hasExplicitInvitation ? UnsafeBufferPointer(rebasing: text[explicitRange]) : nil, into: &out)
    }

    /// Appends the cooldown table's key of its pair (`StoredInvitation.encodePairKey`, as `PairRecord.key`).
    func encodePairKey(into out: inout StateWriter, text: UnsafeBufferPointer<UInt8>) {
        StoredInvitation.encodePairKey(accountID: accountID, recipient: UnsafeBufferPointer(rebasing: text[recipientRange]), into: &out)
    }

    /// Appends its pair's stored value (`StoredInvitation.encodePairValue`, as `PairRecord.encodeValue(into:)`).
    func encodePairValue(into out: inout StateWriter, text: UnsafeBufferPointer<UInt8>) {
        StoredInvitation.encodePairValue(
            status: status, latestSent: sentPosition, sentAt: sentAt, closedAt: isClosed ? closedAt : nil,
            explicitInvitation: hasExplicitInvitation ? UnsafeBufferPointer(rebasing: text[explicitRange]) : nil, into: &out)
    }
}
