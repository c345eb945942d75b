import ArgumentParser
import Foundation
import Ledger
import Projections

extension MetricsGrouping: ExpressibleByArgument {
    /// A grouping named in any case (`--by Source`), as `--format` is.
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}

/// `invites metrics`: acceptance by source, account, template, note, weekday or hour.
struct MetricsCommand: LedgerCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics", abstract: "Show acceptance metrics, grouped.",
        discussion: """
        Counts are of invitations sent in the window (--sent-since/--sent-until, inclusive), by their \
        state now; reminded counts those reminded at least once. The table's rates: accept is \
        accepted / sent; resolved is accepted / (accepted + withdrawn + expired); 7d (accepted_7d_rate) \
        is, of those sent at least 7 days ago, the share accepted within 7 days (likewise 30d); median \
        and p90 are the days from sending to acceptance. With two groups or more, a total row counts them all. \
        Weekday and hour are of sent_at in --tz (an IANA zone or a fixed offset such as +02:00, default UTC).

        Examples:
          invites metrics --by source
          invites metrics --by hour --tz Europe/Berlin
          invites metrics --by template \\
            --sent-since 2026-01-01T00:00:00Z --format csv
        """)

    @Option(help: "Group by source, account, template, note, weekday or hour.")
    var by: MetricsGrouping = .source
    // Unconditional, so that a negative offset (`--tz -05:30`) is taken as the value, not as an option.
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Time zone of weekday and hour (IANA name, e.g. Europe/Berlin, or an offset, e.g. +02:00).", valueName: "zone"))
    var tz: String = "UTC"
    @Option(help: "Only this account's invitations.")
    var account: String?
    @Option(name: .customLong("sent-since"), help: ArgumentHelp("Only invitations sent at or after this time (RFC 3339, e.g. 2026-01-01T00:00:00Z).", valueName: "time"))
    var sentSince: String?
    @Option(name: .customLong("sent-until"), help: ArgumentHelp("Only invitations sent at or before this time (RFC 3339).", valueName: "time"))
    var sentUntil: String?
    @OptionGroup var time: QueryTimeOptions
    @OptionGroup var options: LedgerOptions

    /// The zone `--tz` names (`TimeZone.named`).
    private var zone: TimeZone? { TimeZone.named(tz) }

    func validate() throws {
        try requireNotEmpty(account, "--account")
        _ = try parseZone(tz)
        if let sentSince { _ = try parseTime(sentSince, option: "--sent-since", zone: zone) }
        if let sentUntil { _ = try parseTime(sentUntil, option: "--sent-until", zone: zone) }
        try time.validateTimes(zone: zone)
    }

    func run() throws {
        try reportingFailures(options) {
            let (now, travel) = try time.resolve()
            let window = (try sentSince.map { try parseTime($0, option: "--sent-since") }, try sentUntil.map { try parseTime($0, option: "--sent-until") })
            if let since = window.0, let until = window.1, since > until {
                Console.note("invites: note: --sent-since \(since.rfc3339) is after --sent-until \(until.rfc3339): no invitation falls in that window")
            }
            let query = MetricsQuery(by: by, timeZone: zone ?? TimeZone(secondsFromGMT: 0) ?? .current,
                                     account: account.map(Identity.trim),
                                     sentSince: window.0, sentUntil: window.1)
            // Only the table prints a total row; JSON and CSV skip its work (a sort of every acceptance time).
            let (rows, total) = try runQuery(options, travel: travel, givenNow: try time.givenNow(), account: account.map(Identity.trim)) { model, view, _ -> ([MetricsRow], MetricsRow?) in
                if options.format == .table {
                    let report = try query.report(model: model, view: view, now: now)
                    return (report.rows, report.total)
                }
                return (try query.rows(model: model, view: view, now: now), nil)
            }
            printReport(rows, total: total)
        }
    }

    /// Prints the groups; a table adds the total row when there is more than one group.
    private func printReport(_ rows: [MetricsRow], total: MetricsRow?) {
        switch options.format {
        case .json:
            Console.jsonArray(rows) { row in
                .object([
                    ("group", .optional(row.group)), ("sent", .integer(Int64(row.sent))),
                    ("pending", .integer(Int64(row.pending))), ("accepted", .integer(Int64(row.accepted))),
                    ("withdrawn", .integer(Int64(row.withdrawn))), ("expired", .integer(Int64(row.expired))),
                    ("reminded", .integer(Int64(row.reminded))), ("acceptance_rate", .number(row.acceptanceRate)),
                    ("resolved_acceptance_rate", .number(row.resolvedAcceptanceRate)),
                    ("accepted_7d_rate", .number(row.accepted7dRate)), ("accepted_30d_rate", .number(row.accepted30dRate)),
                    ("median_days_to_accept", .number(row.medianDaysToAccept)),
                    ("p90_days_to_accept", .number(row.p90DaysToAccept)),
                ])
            }
        case .csv:
            var table = Table(["group", "sent", "pending", "accepted", "withdrawn", "expired", "reminded", "acceptance_rate",
                               "resolved_acceptance_rate", "accepted_7d_rate", "accepted_30d_rate",
                               "median_days_to_accept", "p90_days_to_accept"])
            func number(_ value: Double?) -> String? { value.map(DecimalText.plain) }
            for row in rows {
                table.add([row.group, String(row.sent), String(row.pending), String(row.accepted), String(row.withdrawn),
                           String(row.expired), String(row.reminded), number(row.acceptanceRate),
                           number(row.resolvedAcceptanceRate), number(row.accepted7dRate), number(row.accepted30dRate),
                           number(row.medianDaysToAccept), number(row.p90DaysToAccept)])
            }
            table.print(as: .csv)
        case .table:
            // Weekdays and hours are of a zone: the header names it, as the other tables' time columns do.
            let groupHeader = by == .weekday || by == .hour ? (DisplayZone(named: tz) ?? .utc).header(by.rawValue) : by.rawValue
            var table = Table([groupHeader, "sent", "pending", "accepted", "withdrawn", "expired", "reminded",
                               "accept", "resolved", "7d", "30d", "median", "p90"], numeric: Set(1...12))
            func add(_ row: MetricsRow, name: String?) {
                table.add([name, String(row.sent), String(row.pending), String(row.accepted), String(row.withdrawn),
                           String(row.expired), String(row.reminded), Short.percent(row.acceptanceRate),
                           Short.percent(row.resolvedAcceptanceRate), Short.percent(row.accepted7dRate),
                           Short.percent(row.accepted30dRate), Short.days(row.medianDaysToAccept),
                           Short.days(row.p90DaysToAccept)])
            }
            for row in rows { add(row, name: row.group ?? (by == .template ? "(no template)" : nil)) }
            if rows.count > 1, let total { add(total, name: "total") }
            table.print(as: .table)
        }
    }
}
