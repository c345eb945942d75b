import Ledger

extension ProposedEvent {
    /// A proposal equal to a recorded event, which the writer counts as its duplicate.
    init(_ event: Event) {
        self.init(kind: event.kind, id: event.id, at: event.at, invitation: event.invitation,
                  account: event.account, recipient: event.recipient, source: event.source,
                  note: event.note, template: event.template, reason: event.reason, by: event.by)
    }
}
