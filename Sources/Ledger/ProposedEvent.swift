/// An event as a client proposes it, after parsing and normalisation, before the ledger completes it.
public struct ProposedEvent: Equatable, Sendable {
    public var kind: EventKind
    public var id: String?
    public var at: Timestamp
    public var invitation: String?
    public var account: String?
    public var recipient: String?
    public var source: String?
    public var note: String?
    public var template: String?
    public var reason: String?
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

    /// How messages name the event's subject: its invitation, else its pair.
    public var subject: String {
        // An empty value names nothing (it is refused as empty): the next field names the event.
        func named(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }
        if let invitation = named(invitation) { return "invitation \(invitation)" }
        if let account = named(account), let recipient = named(recipient) { return "pair \(account) → \(recipient)" }
        if let recipient = named(recipient) { return "recipient \(recipient)" }
        if let account = named(account) { return "account \(account)" }
        return named(id).map { "event \($0)" } ?? "event"
    }
}
