/// An event as a client proposes it, after parsing and normalisation, before the ledger completes it.
public struct ProposedEvent: Equatable, Sendable {
    /// Which of the five event types this is.
    public var kind: EventKind
    /// The client's event id, the idempotency key; nil to have the ledger assign `ev-<position>`.
    public var id: String?
    /// When it happened, as the client gave it (UTC, milliseconds).
    public var at: Timestamp
    /// The invitation's id; nil on `sent` to have one assigned, or on a follow-up that names its pair.
    public var invitation: String?
    /// The sending account, trimmed; required on `sent`.
    public var account: String?
    /// The invited person, normalised (profile URLs to `linkedin.com/in/<slug>`); required on `sent`.
    public var recipient: String?
    /// On `sent`: the prospect source or campaign (`"unknown"` once normalised, when absent).
    public var source: String?
    /// On `sent`: the personal note sent with it.
    public var note: String?
    /// On `sent`: the label of the note template or A/B variant.
    public var template: String?
    /// On `withdrawn`: why it was withdrawn.
    public var reason: String?
    /// On `expired`: `"policy"` when the ledger inferred the expiry.
    public var by: String?

    /// Creates a proposed event; identities are normalised by `EventValidation.normalise`.
    public init(kind: EventKind, id: String? = nil, at: Timestamp, invitation: String? = nil, account: String? = nil,
                recipient: String? = nil, source: String? = nil, note: String? = nil, template: String? = nil,
                reason: String? = nil, by: String? = nil) {
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
    }

    /// The pair the event names, when it gives both `account` and `recipient`.
    var pair: (account: String, recipient: String)? {
        guard let account, let recipient else { return nil }
        return (account, recipient)
    }

    /// How messages name the event's subject: its invitation, else its pair.
    public var subject: String {
        // An empty or blank value names nothing (it is refused as empty): the next field names the event.
        func named(_ text: String?) -> String? { text.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 } }
        if let invitation = named(invitation) { return "invitation \(invitation)" }
        if let account = named(account), let recipient = named(recipient) { return "pair \(account) → \(recipient)" }
        if let recipient = named(recipient) { return "recipient \(recipient)" }
        if let account = named(account) { return "account \(account)" }
        return named(id).map { "event \($0)" } ?? "event"
    }
}
