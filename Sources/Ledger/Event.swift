/// The five kinds of event, named as past facts.
public enum EventKind: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    /// An account invited a recipient: the invitation is pending from then on.
    case sent = 0
    /// The recipient was reminded of a pending invitation.
    case reminded = 1
    /// The sender withdrew a pending invitation; the pair's cooldown starts.
    case withdrawn = 2
    /// The invitation expired unanswered (LinkedIn's six months, or `expire --due`); a cooldown starts.
    case expired = 3
    /// The recipient accepted: the pair is connected, never to be invited again.
    case accepted = 4

    /// The kind's name in the exchange format.
    public var name: String {
        switch self {
        case .sent: "sent"
        case .reminded: "reminded"
        case .withdrawn: "withdrawn"
        case .expired: "expired"
        case .accepted: "accepted"
        }
    }

    /// The kind named `name`, or nil.
    public init?(name: String) {
        switch name {
        case "sent": self = .sent
        case "reminded": self = .reminded
        case "withdrawn": self = .withdrawn
        case "expired": self = .expired
        case "accepted": self = .accepted
        default: return nil
        }
    }

    /// The kind's name in the exchange format (`name`).
    public var description: String { name }

    /// The status an event of this kind closes its invitation with; nil for `sent` and `reminded`, which close nothing.
    public var closingStatus: InvitationStatus? {
        switch self {
        case .sent, .reminded: nil
        case .accepted: .accepted
        case .withdrawn: .withdrawn
        case .expired: .expired
        }
    }

    /// True for the kinds that close an invitation: accepted, withdrawn, expired.
    public var closes: Bool { closingStatus != nil }
}

/// A recorded event, complete: every field the ledger filled in is present.
public struct Event: Equatable, Sendable {
    /// Which of the five event types this is.
    public var kind: EventKind
    /// The event's id, the idempotency key.
    public var id: String
    /// When it happened.
    public var at: Timestamp
    /// The invitation's id, given or assigned (`inv-<position of its sent>`).
    public var invitation: String
    /// The sending account, trimmed.
    public var account: String
    /// The invited person, normalised (`linkedin.com/in/jane-doe` for any form of a profile URL).
    public var recipient: String
    /// The prospect source; always present on `sent` (`"unknown"` when the client gave none).
    public var source: String?
    /// On `sent`: the personal note sent with it, when there was one.
    public var note: String?
    /// On `sent`: the label of the note template or A/B variant, when given.
    public var template: String?
    /// On `withdrawn`: why it was withdrawn, when given.
    public var reason: String?
    /// On `expired`: `"policy"` when the ledger inferred the expiry (`expire --due`).
    public var by: String?
    /// The 1-based position in the log.
    public var position: UInt64
    /// The clock when the event was appended.
    public var recordedAt: Timestamp

    /// Creates a recorded event.
    public init(kind: EventKind, id: String, at: Timestamp, invitation: String, account: String, recipient: String,
                source: String? = nil, note: String? = nil, template: String? = nil, reason: String? = nil,
                by: String? = nil, position: UInt64, recordedAt: Timestamp) {
        self.kind = kind
        self.id = id
        self.at = at
        self.invitation = invitation
        self.account = account
        self.recipient = recipient
        self.source = source
        self.note = note
        self.template = template
        self.reason = reason
        self.by = by
        self.position = position
        self.recordedAt = recordedAt
    }

    /// The event's JCS form (RFC 8785) without `hash`: the bytes the chain and the Merkle leaves hash.
    public func canonicalJSON(into out: inout [UInt8]) {
        appendJSON(hash: nil, into: &out)
    }

    /// The event as exported: its canonical JSON with `hash` in its sorted place.
    public func exportedJSON(hash: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        appendJSON(hash: hash, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the object with keys in JCS order (`CanonicalJSON`); `hash` goes between `by` and `id` when given.
    public func appendJSON(hash: String?, into out: inout [UInt8]) {
        CanonicalJSON.append(
            kind: kind, id: .text(id), at: at, invitation: .text(invitation), account: .text(account),
            recipient: .text(recipient), source: source.map(CanonicalString.text), note: note,
            template: template.map(CanonicalString.text), reason: reason, by: by, hash: hash,
            position: position, recordedAt: .time(recordedAt), into: &out)
    }
}
