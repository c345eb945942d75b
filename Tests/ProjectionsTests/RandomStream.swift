import Foundation
import Ledger
import TestSupport

/// Produces valid event streams: a few accounts and recipients, re-invites after closes, reminders, all four ends.
enum RandomStream {
    static let start = Timestamp(milliseconds: 1_767_225_600_000) // 2026-01-01T00:00:00Z

    static func events(count: Int, seed: UInt64) -> [ProposedEvent] {
        var random = SeededGenerator(seed: seed)
        var events: [ProposedEvent] = []
        var now = start
        var pending: [String: (account: String, recipient: String)] = [:]
        var busy: Set<String> = []   // pairs pending or connected
        var invitationCount = 0
        var attempts = 0
        while events.count < count, attempts < 100 * count {
            attempts += 1
            now = now + TimeSpan(milliseconds: Int64.random(in: 60_000...(2 * 86_400_000), using: &random))
            if pending.isEmpty || Int.random(in: 0..<10, using: &random) < 4 {
                let account = "acct-\(Int.random(in: 0..<3, using: &random))"
                let recipient = "person-\(Int.random(in: 0..<40, using: &random))"
                let pair = account + "|" + recipient
                guard !busy.contains(pair) else { continue }
                invitationCount += 1
                let id = "i\(invitationCount)"
                let template = [nil, "v1", "v2"][Int.random(in: 0..<3, using: &random)]
                let note = Bool.random(using: &random) ? "Hello \(recipient)" : nil
                events.append(ProposedEvent(kind: .sent, at: now, invitation: id, account: account, recipient: recipient,
                                            source: "src-\(Int.random(in: 0..<3, using: &random))", note: note,
                                            template: template))
                pending[id] = (account, recipient)
                busy.insert(pair)
            } else {
                let ids = pending.keys.sorted()
                let id = ids[Int.random(in: 0..<ids.count, using: &random)]
                guard let target = pending[id] else { continue }
                let kind: EventKind = [.reminded, .reminded, .withdrawn, .accepted, .accepted, .expired][Int.random(in: 0..<6, using: &random)]
                events.append(ProposedEvent(kind: kind, at: now, invitation: id, account: target.account,
                                            recipient: target.recipient))
                if kind != .reminded {
                    pending[id] = nil
                    if kind != .accepted { busy.remove(target.account + "|" + target.recipient) }
                }
            }
        }
        return events
    }
}
