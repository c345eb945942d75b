import Ledger

/// One invitation as the fold keeps it: plain values only, its text kept in the fold's byte arena.
///
/// A rebuild folds every invitation of the log, so this is the unit of the fold's memory:
/// 72 bytes plus the recipient's and explicit id's bytes in `InvitationFold.text`. Having
/// no `String` inside, copying or sorting these costs no reference counting.
struct FoldedInvitation {
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

    /// Folds a follow-up of `kind` at `at` (the same rules as `InvitationFact.apply(followUp:at:)`).
    @inline(__always)
    mutating func apply(followUp kind: EventKind, at: Timestamp) {
        if kind == .reminded {
            reminders += 1
            lastRemindedAt = at
        } else if let closing = kind.closingStatus {
            status = closing
            closedAt = at
            flags |= Self.closed
        }
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
    /// Appends the stored form of its fact, byte for byte `InvitationFact.encode(into:)`.
    func encodeFact(into out: inout StateWriter, text: UnsafeBufferPointer<UInt8>) {
        var flags: UInt8 = status.rawValue
        if hasNote { flags |= 0x10 }
        if hasTemplate { flags |= 0x20 }
        if hasExplicitInvitation { flags |= 0x40 }
        if isClosed { flags |= 0x80 }
        out.byte(flags)
        out.varint(sentPosition)
        out.varint(UInt64(accountID))
        out.varint(UInt64(sourceID))
        if hasTemplate { out.varint(UInt64(templateID)) }
        out.signed(sentAt.milliseconds)
        if isClosed { out.signed(closedAt.milliseconds) }
        out.varint(UInt64(reminders))
        if reminders > 0 { out.signed(lastRemindedAt.milliseconds) }
        out.string(UnsafeBufferPointer(rebasing: text[recipientRange]))
        if hasExplicitInvitation { out.string(UnsafeBufferPointer(rebasing: text[explicitRange])) }
    }

    /// Appends the pairs database's key of its pair, byte for byte `PairRecord.key`.
    func encodePairKey(into out: inout StateWriter, text: UnsafeBufferPointer<UInt8>) {
        out.uint32(accountID)
        out.raw(UnsafeBufferPointer(rebasing: text[recipientRange]))
    }

    /// Appends its pair's stored value, byte for byte `PairRecord.encodeValue(into:)`.
    func encodePairValue(into out: inout StateWriter, text: UnsafeBufferPointer<UInt8>) {
        out.byte(status.rawValue | (isClosed ? 0x80 : 0) | (hasExplicitInvitation ? 0x40 : 0))
        out.varint(sentPosition)
        out.signed(sentAt.milliseconds)
        if isClosed { out.signed(closedAt.milliseconds) }
        if hasExplicitInvitation { out.string(UnsafeBufferPointer(rebasing: text[explicitRange])) }
    }
}
