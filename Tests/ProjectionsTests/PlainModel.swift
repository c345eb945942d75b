import Foundation
@testable import Projections
import Ledger

/// The read side computed the plainest way, straight from the events, to check the projections against.
struct PlainModel {
    struct Invitation {
        var id: String, account: String, recipient: String, source: String, template: String?, hasNote: Bool
        var sentAt: Timestamp, status = "pending", closedAt: Timestamp? = nil, reminders = 0, lastRemindedAt: Timestamp? = nil
    }

    var invitations: [Invitation] = []

    init(_ events: [ProposedEvent]) {
        for event in events {
            if event.kind == .sent {
                invitations.append(Invitation(id: event.invitation ?? "", account: event.account ?? "",
                                              recipient: event.recipient ?? "", source: event.source ?? "unknown",
                                              template: event.template, hasNote: event.note != nil, sentAt: event.at))
                continue
            }
            guard let index = invitations.firstIndex(where: { $0.id == event.invitation }) else { continue }
            if event.kind == .reminded {
                invitations[index].reminders += 1
                invitations[index].lastRemindedAt = event.at
            } else {
                invitations[index].status = event.kind.name
                invitations[index].closedAt = event.at
            }
        }
    }

    func pending(now: Timestamp, policy: Policy = Policy()) -> [PendingRow] {
        invitations.filter { $0.status == "pending" }
            .sorted { $0.sentAt != $1.sentAt ? $0.sentAt < $1.sentAt : Array($0.id.utf8).lexicographicallyPrecedes(Array($1.id.utf8)) }
            .map { invitation in
                let expires = Timestamp(milliseconds: invitation.sentAt.milliseconds + policy.expireAfter.milliseconds)
                return PendingRow(invitation: invitation.id, account: invitation.account, recipient: invitation.recipient,
                                  source: invitation.source, template: invitation.template, hasNote: invitation.hasNote,
                                  sentAt: invitation.sentAt,
                                  ageDays: Double(now.milliseconds - invitation.sentAt.milliseconds) / 86_400_000,
                                  reminders: invitation.reminders, lastRemindedAt: invitation.lastRemindedAt,
                                  expiresAt: expires, overdue: now.milliseconds >= expires.milliseconds)
            }
    }

    /// Each pair's latest invitation.
    var latestOfPairs: [String: Invitation] {
        var latest: [String: Invitation] = [:]
        for invitation in invitations { latest[invitation.account + "\u{0}" + invitation.recipient] = invitation }
        return latest
    }

    func cooldown(now: Timestamp, policy: Policy = Policy()) -> [CooldownRow] {
        var rows: [CooldownRow] = []
        for invitation in latestOfPairs.values {
            guard let closedAt = invitation.closedAt else { continue }
            if invitation.status == "accepted" {
                rows.append(CooldownRow(account: invitation.account, recipient: invitation.recipient, state: "connected",
                                        reason: "accepted", since: closedAt, until: nil))
                continue
            }
            let wait = invitation.status == "withdrawn" ? policy.cooldownAfterWithdraw : policy.cooldownAfterExpire
            let until = Timestamp(milliseconds: closedAt.milliseconds + wait.milliseconds)
            if now < until {
                rows.append(CooldownRow(account: invitation.account, recipient: invitation.recipient, state: "cooldown",
                                        reason: invitation.status, since: closedAt, until: until))
            }
        }
        return rows.sorted { ($0.account, $0.recipient) < ($1.account, $1.recipient) }
    }

    func metricsBySource(now: Timestamp) -> [MetricsRow] {
        let day = 86_400_000.0
        return Dictionary(grouping: invitations, by: \.source).sorted { $0.key < $1.key }.map { source, group in
            var row = MetricsRow(group: source)
            row.sent = group.count
            row.pending = group.filter { $0.status == "pending" }.count
            row.accepted = group.filter { $0.status == "accepted" }.count
            row.withdrawn = group.filter { $0.status == "withdrawn" }.count
            row.expired = group.filter { $0.status == "expired" }.count
            row.reminded = group.filter { $0.reminders > 0 }.count
            row.acceptanceRate = Double(row.accepted) / Double(row.sent)
            let resolved = row.accepted + row.withdrawn + row.expired
            row.resolvedAcceptanceRate = resolved == 0 ? nil : Double(row.accepted) / Double(resolved)
            func cohortRate(_ days: Double) -> Double? {
                let cohort = group.filter { Double(now.milliseconds - $0.sentAt.milliseconds) >= days * day }
                guard !cohort.isEmpty else { return nil }
                let quick = cohort.filter { $0.status == "accepted" && Double(($0.closedAt?.milliseconds ?? 0) - $0.sentAt.milliseconds) <= days * day }
                return Double(quick.count) / Double(cohort.count)
            }
            row.accepted7dRate = cohortRate(7)
            row.accepted30dRate = cohortRate(30)
            let waits = group.filter { $0.status == "accepted" }
                .map { Double(($0.closedAt?.milliseconds ?? 0) - $0.sentAt.milliseconds) / day }.sorted()
            if !waits.isEmpty {
                row.medianDaysToAccept = waits.count % 2 == 1 ? waits[waits.count / 2]
                    : (waits[waits.count / 2 - 1] + waits[waits.count / 2]) / 2
                row.p90DaysToAccept = waits[Int((0.9 * Double(waits.count)).rounded(.up)) - 1]
            }
            return row
        }
    }
}
