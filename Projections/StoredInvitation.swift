import Ledger

/// The byte layouts of an invitation in the projections: its fact (the pending list's value) and its pair's record (the cooldown table's).
///
/// The one definition of both. `InvitationFact` and `PairRecord` write through it, and so does
/// a rebuild from its `FoldedInvitation`s, which hold their text in an arena instead of
/// `String`s: the two paths cannot drift apart byte by byte.
enum StoredInvitation {
    /// The byte that starts both forms: the status in the low four bits, then which optional fields follow.
    struct Flags: StatusFlags {
        let rawValue: UInt8

        init(rawValue: UInt8) { self.rawValue = rawValue }

        /// A fact only: a personal note was sent with it.
        static let hasNote = Flags(rawValue: 0x10)
        /// A fact only: the template's id follows the source's.
        static let hasTemplate = Flags(rawValue: 0x20)
        /// The client's invitation id ends the value (else the ledger assigned `inv-<sent position>`).
        static let hasExplicitInvitation = Flags(rawValue: 0x40)
        /// Accepted, withdrawn or expired: its time follows.
        static let isClosed = Flags(rawValue: 0x80)
    }

    /// Appends an invitation fact's stored form.
    ///
    /// Flags, sent position, account, source, [template], sent_at, [closed_at], reminders,
    /// [last reminded at], recipient, [explicit invitation id]; the bracketed ones are there
    /// when the flags (or, for the last reminder, a count above zero) say so.
    @inline(__always)
    static func encodeFact(status: InvitationStatus, sentPosition: UInt64, accountID: UInt32, sourceID: UInt32,
                           templateID: UInt32?, hasNote: Bool, sentAt: Timestamp, closedAt: Timestamp?,
                           reminders: UInt32, lastRemindedAt: Timestamp?, recipient: UnsafeBufferPointer<UInt8>,
                           explicitInvitation: UnsafeBufferPointer<UInt8>?, into out: inout StateWriter) {
        var flags = Flags(status: status)
        if hasNote { flags.insert(.hasNote) }
        if templateID != nil { flags.insert(.hasTemplate) }
        if explicitInvitation != nil { flags.insert(.hasExplicitInvitation) }
        if closedAt != nil { flags.insert(.isClosed) }
        out.byte(flags.rawValue)
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

    /// Appends the cooldown table's key of a pair: the account (4 bytes, big-endian), then the recipient's bytes.
    @inline(__always)
    static func encodePairKey(accountID: UInt32, recipient: UnsafeBufferPointer<UInt8>, into out: inout StateWriter) {
        out.uint32(accountID)
        out.raw(recipient)
    }

    /// Appends a pair record's stored value: flags, latest sent position, its sent_at, [closed_at], [explicit invitation id].
    @inline(__always)
    static func encodePairValue(status: InvitationStatus, latestSent: UInt64, sentAt: Timestamp, closedAt: Timestamp?,
                                explicitInvitation: UnsafeBufferPointer<UInt8>?, into out: inout StateWriter) {
        var flags = Flags(status: status)
        if closedAt != nil { flags.insert(.isClosed) }
        if explicitInvitation != nil { flags.insert(.hasExplicitInvitation) }
        out.byte(flags.rawValue)
        out.varint(latestSent)
        out.signed(sentAt.milliseconds)
        if let closedAt { out.signed(closedAt.milliseconds) }
        if let explicitInvitation { out.string(explicitInvitation) }
    }
}

/// A stored flags byte whose low four bits hold an invitation's status, and whose high four say which optional fields follow.
protocol StatusFlags: OptionSet where RawValue == UInt8 {}

extension StatusFlags {
    /// The flags of an invitation in `status`, no optional field set yet.
    init(status: InvitationStatus) { self.init(rawValue: status.rawValue) }

    /// The status in the low four bits; nil when the byte is damaged.
    var status: InvitationStatus? { InvitationStatus(rawValue: rawValue & 0x0F) }
}

extension Optional where Wrapped == String {
    /// Calls `body` with the text's UTF-8 bytes, or nil when there is none.
    func withOptionalUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R {
        guard var text = self else { return try body(nil) }
        return try text.withUTF8 { try body($0) }
    }
}
