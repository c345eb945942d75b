import Foundation
@testable import Ledger
import LMDB

/// A fresh ledger in a temporary directory; remove it with `removeLedger`.
func makeLedger() throws -> (Ledger, String) {
    let path = NSTemporaryDirectory() + "ledger-tests-" + UUID().uuidString
    return (try Ledger.open(at: path), path)
}

/// Removes a ledger made by `makeLedger`.
func removeLedger(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}

/// A fresh ledger in a temporary directory, removed after `body`.
func withLedger<R>(_ body: (Ledger, String) throws -> R) throws -> R {
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    return try body(ledger, path)
}

/// Shorthand for a timestamp in tests.
func ts(_ text: String) -> Timestamp {
    guard let value = Timestamp(rfc3339: text) else { fatalError("bad test timestamp \(text)") }
    return value
}

func sent(_ account: String, _ recipient: String, at: String, id: String? = nil, invitation: String? = nil,
          source: String? = nil, note: String? = nil, template: String? = nil) -> ProposedEvent {
    ProposedEvent(kind: .sent, id: id, at: ts(at), invitation: invitation, account: account, recipient: recipient,
                  source: source, note: note, template: template)
}

func followUp(_ kind: EventKind, invitation: String? = nil, account: String? = nil, recipient: String? = nil,
              at: String, id: String? = nil, reason: String? = nil) -> ProposedEvent {
    ProposedEvent(kind: kind, id: id, at: ts(at), invitation: invitation, account: account, recipient: recipient,
                  reason: reason)
}

extension Ledger {
    /// Appends and returns the first rejection's code, or nil when all were recorded.
    func appendCode(_ events: [ProposedEvent]) throws -> RejectionCode? {
        try append(events).rejections.first?.rejection.code
    }

    /// Every event in the log, complete.
    func allEvents() throws -> [Event] {
        try read { view in
            var events: [Event] = []
            try view.forEachEvent { event, _ in events.append(event); return true }
            return events
        }
    }
}
