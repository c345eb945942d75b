import Ledger

/// What the read side knows of one invitation: who sent it to whom, how, when, and where it stands.
public struct InvitationFact: Equatable, Sendable, FollowUpFolding {
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

    /// Counts a reminder sent at `at`.
    mutating func noteReminder(at: Timestamp) {
        if reminders < .max { reminders += 1 }  // held at the top: a damaged stored count must not trap
        lastRemindedAt = at
    }

    /// Closes the invitation with `status` at `at`.
    mutating func close(as status: InvitationStatus, at: Timestamp) {
        self.status = status
        closedAt = at
    }

    /// The stored form.
    var encoded: [UInt8] {
        var out = StateWriter(capacity: 40 + recipient.utf8.count)
        encode(into: &out)
        return out.bytes
    }

    /// Appends the stored form to `out` (`StoredInvitation.encodeFact`).
    func encode(into out: inout StateWriter) {
        var recipient = recipient
        recipient.withUTF8 { recipient in
            explicitInvitation.withOptionalUTF8 { explicit in
                StoredInvitation.encodeFact(
                    status: status, sentPosition: sentPosition, accountID: accountID, sourceID: sourceID,
                    templateID: templateID, hasNote: hasNote, sentAt: sentAt, closedAt: closedAt, reminders: reminders,
                    lastRemindedAt: lastRemindedAt, recipient: recipient, explicitInvitation: explicit, into: &out)
            }
        }
    }

    /// Reads the stored form.
    init(stored: UnsafeRawBufferPointer) throws(ProjectionError) {
        var input = StateReader(stored)
        let flags = StoredInvitation.Flags(rawValue: try input.byte())
        guard let status = flags.status else { throw ProjectionError("unknown invitation status") }
        self.status = status
        hasNote = flags.contains(.hasNote)
        sentPosition = try input.varint()
        accountID = UInt32(truncatingIfNeeded: try input.varint())
        sourceID = UInt32(truncatingIfNeeded: try input.varint())
        templateID = flags.contains(.hasTemplate) ? UInt32(truncatingIfNeeded: try input.varint()) : nil
        sentAt = try input.signedTime()
        closedAt = flags.contains(.isClosed) ? try input.signedTime() : nil
        reminders = UInt32(truncatingIfNeeded: try input.varint())
        lastRemindedAt = reminders > 0 ? try input.signedTime() : nil
        recipient = try input.string()
        explicitInvitation = flags.contains(.hasExplicitInvitation) ? try input.string() : nil
    }
}
