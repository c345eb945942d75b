import Ledger

/// What the read side knows of one invitation: who sent it to whom, how, when, and where it stands.
public struct InvitationFact: Equatable, Sendable {
    /// The position of its `sent`: the invitation's identity in the log.
    public var sentPosition: UInt64
    /// The client's invitation id; nil when the ledger assigned `inv-<sentPosition>`.
    public var explicitInvitation: String?
    /// The interned sending account (`NameTable`).
    public var accountID: UInt32
    /// The invited person, normalised.
    public var recipient: String
    /// The interned prospect source.
    public var sourceID: UInt32
    /// The interned note template; nil when sent without one.
    public var templateID: UInt32?
    /// Whether a personal note was sent with it.
    public var hasNote: Bool
    /// When it was sent: its `sent`'s `at`.
    public var sentAt: Timestamp
    /// Where it stands: pending, accepted, withdrawn or expired.
    public var status: InvitationStatus
    /// When it was accepted, withdrawn or expired.
    public var closedAt: Timestamp?
    /// How many times the recipient was reminded of it.
    public var reminders: UInt32
    /// When the recipient was last reminded; nil when never.
    public var lastRemindedAt: Timestamp?

    /// The invitation's id, given or assigned.
    public var invitation: String { explicitInvitation ?? EventRecord.assignedInvitation(sentAt: sentPosition) }

    /// The acceptance time, when accepted.
    public var acceptedAt: Timestamp? { status == .accepted ? closedAt : nil }

    /// A fact from its fields.
    init(sentPosition: UInt64, explicitInvitation: String?, accountID: UInt32, recipient: String, sourceID: UInt32,
         templateID: UInt32?, hasNote: Bool, sentAt: Timestamp, status: InvitationStatus, closedAt: Timestamp?,
         reminders: UInt32, lastRemindedAt: Timestamp?) {
        self.sentPosition = sentPosition
        self.explicitInvitation = explicitInvitation
        self.accountID = accountID
        self.recipient = recipient
        self.sourceID = sourceID
        self.templateID = templateID
        self.hasNote = hasNote
        self.sentAt = sentAt
        self.status = status
        self.closedAt = closedAt
        self.reminders = reminders
        self.lastRemindedAt = lastRemindedAt
    }

    /// The fact a `sent` record starts.
    public init(sent record: EventRecord) {
        sentPosition = record.position
        explicitInvitation = record.explicitInvitation
        accountID = record.accountID
        recipient = record.recipient ?? ""
        sourceID = record.sourceID
        templateID = record.templateID
        hasNote = record.note != nil
        sentAt = record.at
        status = .pending
        closedAt = nil
        reminders = 0
        lastRemindedAt = nil
    }

    /// Folds a follow-up of this invitation into the fact.
    public mutating func apply(followUp record: EventRecord) { apply(followUp: record.kind, at: record.at) }

    /// Folds a follow-up of `kind` at `at` into the fact.
    mutating func apply(followUp kind: EventKind, at: Timestamp) {
        if kind == .reminded {
            reminders += 1
            lastRemindedAt = at
        } else if let closing = kind.closingStatus {
            status = closing
            closedAt = at
        }
    }

    /// The stored form.
    var encoded: [UInt8] {
        var out = StateWriter(capacity: 40 + recipient.utf8.count)
        encode(into: &out)
        return out.bytes
    }

    /// Appends the stored form to `out`.
    func encode(into out: inout StateWriter) {
        var flags: UInt8 = status.rawValue
        if hasNote { flags |= 0x10 }
        if templateID != nil { flags |= 0x20 }
        if explicitInvitation != nil { flags |= 0x40 }
        if closedAt != nil { flags |= 0x80 }
        out.byte(flags)
        out.varint(sentPosition)
        out.varint(UInt64(accountID))
        out.varint(UInt64(sourceID))
        if let templateID { out.varint(UInt64(templateID)) }
        out.signed(sentAt.milliseconds)
        if let closedAt { out.signed(closedAt.milliseconds) }
        out.varint(UInt64(reminders))
        if let lastRemindedAt { out.signed(lastRemindedAt.milliseconds) }
        out.string(recipient)
        if let explicitInvitation { out.string(explicitInvitation) }
    }

    /// Reads the stored form.
    init(stored: UnsafeRawBufferPointer) throws(ProjectionError) {
        var input = StateReader(stored)
        let flags = try input.byte()
        guard let status = InvitationStatus(rawValue: flags & 0x0F) else { throw ProjectionError("unknown invitation status") }
        self.status = status
        hasNote = flags & 0x10 != 0
        sentPosition = try input.varint()
        accountID = UInt32(truncatingIfNeeded: try input.varint())
        sourceID = UInt32(truncatingIfNeeded: try input.varint())
        templateID = flags & 0x20 != 0 ? UInt32(truncatingIfNeeded: try input.varint()) : nil
        sentAt = Timestamp(milliseconds: try input.signed())
        closedAt = flags & 0x80 != 0 ? Timestamp(milliseconds: try input.signed()) : nil
        reminders = UInt32(truncatingIfNeeded: try input.varint())
        lastRemindedAt = reminders > 0 ? Timestamp(milliseconds: try input.signed()) : nil
        recipient = try input.string()
        explicitInvitation = flags & 0x40 != 0 ? try input.string() : nil
    }
}

/// A pair's latest invitation, as the cooldown table and `check` need it.
public struct PairRecord: Equatable, Sendable {
    /// The interned sending account (`NameTable`).
    public var accountID: UInt32
    /// The invited person, normalised.
    public var recipient: String
    /// The position of the pair's latest `sent`.
    public var latestSent: UInt64
    /// The client's id of that invitation; nil when the ledger assigned `inv-<latestSent>`.
    public var explicitInvitation: String?
    /// Where that invitation stands: pending, accepted, withdrawn or expired.
    public var status: InvitationStatus
    /// When that invitation was sent.
    public var sentAt: Timestamp
    /// When it was accepted, withdrawn or expired; nil while pending.
    public var closedAt: Timestamp?

    /// The latest invitation's id.
    public var invitation: String { explicitInvitation ?? EventRecord.assignedInvitation(sentAt: latestSent) }

    /// The pair record of an invitation fact.
    public init(_ fact: InvitationFact) {
        accountID = fact.accountID
        recipient = fact.recipient
        latestSent = fact.sentPosition
        explicitInvitation = fact.explicitInvitation
        status = fact.status
        sentAt = fact.sentAt
        closedAt = fact.closedAt
    }

    /// The key: account (4 bytes) then the recipient's bytes.
    static func key(accountID: UInt32, recipient: String) -> [UInt8] {
        var out = StateWriter(capacity: 4 + recipient.utf8.count)
        out.uint32(accountID)
        out.raw(recipient)
        return out.bytes
    }

    var key: [UInt8] { PairRecord.key(accountID: accountID, recipient: recipient) }

    var encodedValue: [UInt8] {
        var out = StateWriter()
        encodeValue(into: &out)
        return out.bytes
    }

    /// Appends the stored value to `out`.
    func encodeValue(into out: inout StateWriter) {
        out.byte(status.rawValue | (closedAt != nil ? 0x80 : 0) | (explicitInvitation != nil ? 0x40 : 0))
        out.varint(latestSent)
        out.signed(sentAt.milliseconds)
        if let closedAt { out.signed(closedAt.milliseconds) }
        if let explicitInvitation { out.string(explicitInvitation) }
    }

    init(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws(ProjectionError) {
        var keyInput = StateReader(key)
        accountID = try keyInput.uint32()
        recipient = keyInput.rest()
        var input = StateReader(value)
        let flags = try input.byte()
        guard let status = InvitationStatus(rawValue: flags & 0x0F) else { throw ProjectionError("unknown pair status") }
        self.status = status
        latestSent = try input.varint()
        sentAt = Timestamp(milliseconds: try input.signed())
        closedAt = flags & 0x80 != 0 ? Timestamp(milliseconds: try input.signed()) : nil
        explicitInvitation = flags & 0x40 != 0 ? try input.string() : nil
    }
}

extension EventKind {
    /// The status an event of this kind closes an invitation with; nil for `sent` and `reminded`.
    var closingStatus: InvitationStatus? {
        switch self {
        case .sent, .reminded: nil
        case .accepted: .accepted
        case .withdrawn: .withdrawn
        case .expired: .expired
        }
    }
}
