import Foundation
import Ledger

/// One row of the acceptance metrics (SPEC §3 `metrics`).
public struct MetricsRow: Equatable, Sendable {
    /// The group's name; nil for "no template".
    public var group: String?
    /// How many invitations of the group were sent in the window.
    public var sent = 0
    /// How many of them are still pending.
    public var pending = 0
    /// How many of them were accepted.
    public var accepted = 0
    /// How many of them the sender withdrew.
    public var withdrawn = 0
    /// How many of them expired.
    public var expired = 0
    /// How many of them had at least one reminder.
    public var reminded = 0
    /// accepted / sent; nil when nothing was sent.
    public var acceptanceRate: Double?
    /// accepted / (accepted + withdrawn + expired); nil when none has ended.
    public var resolvedAcceptanceRate: Double?
    /// Of those sent at least 7 days before now, the share accepted within 7 days; nil when there are none.
    public var accepted7dRate: Double?
    /// Of those sent at least 30 days before now, the share accepted within 30 days; nil when there are none.
    public var accepted30dRate: Double?
    /// The median of the days from sent to accepted; nil when none was accepted.
    public var medianDaysToAccept: Double?
    /// The nearest-rank 90th percentile of the days from sent to accepted; nil when none was accepted.
    public var p90DaysToAccept: Double?

    /// An empty row (counts zero, rates nil).
    public init(group: String? = nil) { self.group = group }
}

/// How `metrics` groups invitations.
public enum MetricsGrouping: String, CaseIterable, Sendable {
    /// By prospect source.
    case source
    /// By sending account.
    case account
    /// By note template; invitations sent without one are a group of their own (nil).
    case template
    /// With a note or without one (`with-note`, `without-note`).
    case note
    /// By the weekday of `sent_at` in the query's time zone (`mon` … `sun`).
    case weekday
    /// By the hour of `sent_at` in the query's time zone (`00` … `23`).
    case hour
}

/// The metrics query: group the invitations sent in a window and count and rate them at `now`.
public struct MetricsQuery: Sendable {
    /// How the invitations are grouped (`--by`).
    public var by: MetricsGrouping
    /// The zone whose weekdays and hours the `weekday` and `hour` groups use (`--tz`).
    public var timeZone: TimeZone
    /// Only this sending account's invitations (`--account`); nil for every account's.
    public var account: String?
    /// Only invitations sent at or after this (`--sent-since`); nil for no lower bound.
    public var sentSince: Timestamp?
    /// Only invitations sent at or before this (`--sent-until`); nil for no upper bound.
    public var sentUntil: Timestamp?

    static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// A query: by default grouped by source, in UTC, over every invitation.
    public init(by: MetricsGrouping = .source, timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current,
                account: String? = nil, sentSince: Timestamp? = nil, sentUntil: Timestamp? = nil) {
        self.by = by
        self.timeZone = timeZone
        self.account = account
        self.sentSince = sentSince
        self.sentUntil = sentUntil
    }

    /// The rows, sorted by group (no template first; weekdays mon … sun).
    public func rows(model: any ReadModel, view: LedgerView, now: Timestamp) throws -> [MetricsRow] {
        var total: Accumulator?
        return try rows(model: model, view: view, now: now, total: &total)
    }

    /// The rows, and a row (group nil) of every invitation they count together, for the table's total.
    public func report(model: any ReadModel, view: LedgerView, now: Timestamp) throws -> (rows: [MetricsRow], total: MetricsRow) {
        var total: Accumulator? = Accumulator()
        let rows = try rows(model: model, view: view, now: now, total: &total)
        return (rows, (total ?? Accumulator()).row(group: nil))
    }

    /// The rows, counting each invitation into `total` too when it is given (its median sorts every acceptance time).
    private func rows(model: any ReadModel, view: LedgerView, now: Timestamp, total: inout Accumulator?) throws -> [MetricsRow] {
        var accountID: UInt32?
        if let account {
            guard let id = try view.accountID(account) else { return [] }
            accountID = id
        }
        let facts = try model.metricsFacts()
        return try rows(facts: facts, accountID: accountID, now: now, total: &total) { try self.groupName($0, NameCache(view: view)) }
    }

    /// Groups and counts `facts`, and counts each into `total` too when it is given.
    private func rows(facts: [MetricsFact], accountID: UInt32?, now: Timestamp, total: inout Accumulator?,
                      name: (GroupKey) throws -> String?) throws -> [MetricsRow] {
        var offsets = ZoneOffsets(timeZone: timeZone)
        var groups: [GroupKey: Accumulator] = [:]
        for fact in facts {
            if let accountID, fact.accountID != accountID { continue }
            if let sentSince, fact.sentAt < sentSince { continue }
            if let sentUntil, fact.sentAt > sentUntil { continue }
            total?.add(fact, now: now)
            let key: GroupKey
            switch by {
            case .source: key = GroupKey(kind: 0, id: fact.sourceID)
            case .account: key = GroupKey(kind: 0, id: fact.accountID)
            case .template: key = fact.templateID.map { GroupKey(kind: 1, id: $0) } ?? GroupKey(kind: 0, id: 0)
            case .note: key = GroupKey(kind: 0, id: fact.hasNote ? 0 : 1)
            case .weekday, .hour:
                let local = fact.sentAt.milliseconds + offsets.offset(at: fact.sentAt) * 1000
                let (days, msOfDay) = local.floorDivided(by: 86_400_000)
                key = by == .hour ? GroupKey(kind: 0, id: UInt32(msOfDay / 3_600_000))
                                  : GroupKey(kind: 0, id: UInt32((days + 3).floorDivided(by: 7).remainder))
            }
            groups[key, default: Accumulator()].add(fact, now: now)
        }
        var keys: [GroupKey] = [], names: [String?] = [], rows: [MetricsRow] = []
        keys.reserveCapacity(groups.count); names.reserveCapacity(groups.count); rows.reserveCapacity(groups.count)
        for (key, accumulator) in groups {
            let group = try name(key)
            keys.append(key)
            names.append(group)
            rows.append(accumulator.row(group: group))
        }
        // The rows' numbers are sorted, not the rows: moving a row retains and releases its strings,
        // which took a third of `metrics` with 200,000 sources (audit 48).
        let order = rows.indices.sorted { lhs, rhs in
            switch by {
            case .weekday, .hour: return keys[lhs].id < keys[rhs].id
            default:
                guard let left = names[lhs] else { return names[rhs] != nil }
                guard let right = names[rhs] else { return false }
                return left.bytesPrecede(right)
            }
        }
        return order.map { rows[$0] }
    }

    private func groupName(_ key: GroupKey, _ names: NameCache) throws -> String? {
        switch by {
        case .source: try names.source(key.id)
        case .account: try names.account(key.id)
        case .template: key.kind == 0 ? nil : try names.template(key.id)
        case .note: key.id == 0 ? "with-note" : "without-note"
        case .weekday: MetricsQuery.weekdays[Int(key.id)]
        case .hour: key.id < 10 ? "0\(key.id)" : "\(key.id)"
        }
    }
}

/// A group: an interned id, or a small number (weekday, hour, note); `kind` 0 with a template grouping means no template.
struct GroupKey: Hashable {
    var kind: UInt8
    var id: UInt32
}

/// The counts of one group, turned into a row at the end.
struct Accumulator {
    var row = MetricsRow()
    var daysToAccept: [Double] = []
    var cohort7 = 0, accepted7 = 0, cohort30 = 0, accepted30 = 0

    mutating func add(_ fact: MetricsFact, now: Timestamp) {
        row.sent += 1
        switch fact.status {
        case .pending: row.pending += 1
        case .accepted: row.accepted += 1
        case .withdrawn: row.withdrawn += 1
        case .expired: row.expired += 1
        }
        if fact.reminders > 0 { row.reminded += 1 }
        let acceptedAfter = fact.acceptedAt.map { $0.milliseconds - fact.sentAt.milliseconds }
        if let acceptedAfter { daysToAccept.append(Double(acceptedAfter) / 86_400_000) }
        let age = now.milliseconds - fact.sentAt.milliseconds
        if age >= 7 * 86_400_000 {
            cohort7 += 1
            if let acceptedAfter, acceptedAfter <= 7 * 86_400_000 { accepted7 += 1 }
        }
        if age >= 30 * 86_400_000 {
            cohort30 += 1
            if let acceptedAfter, acceptedAfter <= 30 * 86_400_000 { accepted30 += 1 }
        }
    }

    func row(group: String?) -> MetricsRow {
        var out = row
        out.group = group
        out.acceptanceRate = Statistics.rate(row.accepted, row.sent)
        out.resolvedAcceptanceRate = Statistics.rate(row.accepted, row.accepted + row.withdrawn + row.expired)
        out.accepted7dRate = Statistics.rate(accepted7, cohort7)
        out.accepted30dRate = Statistics.rate(accepted30, cohort30)
        out.medianDaysToAccept = Statistics.median(daysToAccept)
        out.p90DaysToAccept = Statistics.nearestRank(daysToAccept, 0.9)
        return out
    }
}
