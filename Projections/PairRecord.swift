import Ledger

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

    /// The key: account (4 bytes) then the recipient's bytes (`StoredInvitation.encodePairKey`).
    static func key(accountID: UInt32, recipient: String) -> [UInt8] {
        var out = StateWriter(capacity: 4 + recipient.utf8.count)
        var recipient = recipient
        recipient.withUTF8 { StoredInvitation.encodePairKey(accountID: accountID, recipient: $0, into: &out) }
        return out.bytes
    }

    var key: [UInt8] { PairRecord.key(accountID: accountID, recipient: recipient) }

    var encodedValue: [UInt8] {
        var out = StateWriter()
        encodeValue(into: &out)
        return out.bytes
    }

    /// Appends the stored value to `out` (`StoredInvitation.encodePairValue`).
    func encodeValue(into out: inout StateWriter) {
        explicitInvitation.withOptionalUTF8 { explicit in
            StoredInvitation.encodePairValue(status: status, latestSent: latestSent, sentAt: sentAt, closedAt: closedAt,
                                             explicitInvitation: explicit, into: &out)
        }
    }

    init(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws(ProjectionError) {
        var keyInput = StateReader(key)
        accountID = try keyInput.uint32()
        recipient = keyInput.rest()
        var input = StateReader(value)
        let flags = StoredInvitation.Flags(rawValue: try input.byte())
        guard let status = flags.status else { throw ProjectionError("unknown pair status") }
        self.status = status
        latestSent = try input.varint()
        sentAt = try input.signedTime()
        closedAt = flags.contains(.isClosed) ? try input.signedTime() : nil
        explicitInvitation = flags.contains(.hasExplicitInvitation) ? try input.string() : nil
    }
}
