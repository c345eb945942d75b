import ArgumentParser
import Ledger
import Projections

/// `invites pending`: the pending list, oldest first.
struct PendingCommand: LedgerCommand {
    static let configuration = CommandConfiguration(
        commandName: "pending", abstract: "List pending invitations, oldest first.",
        // Written out: past twelve options the parser shortens its own line to `invites pending [<options>]`.
        usage: """
        invites pending [--account <account>] [--source <source>] [--template <label>] [--older-than <duration>] \
        [--expiring-within <duration>] [--limit <limit>] [--now <time>] [--as-of <time>] [--position <position>] [--tz <zone>] \
        [--db <path>] [--format <format>] [--read-only]
        """,
        discussion: """
        age_days is (now − sent_at) in days; expires_at is sent_at + the policy's expire_after; \
        overdue means now ≥ expires_at (run `invites expire --due`).

        Examples:
          invites pending --account acct-1 --limit 20
          invites pending --older-than 12w   # pending 12 weeks or more: withdraw
          invites pending --template variant-b --older-than 2w
          invites pending --expiring-within 1w --format csv
          invites pending --as-of 2026-04-01T00:00:00Z
        """)

    @Option(help: "Only this account's invitations.")
    var account: String?
    @Option(help: "Only invitations from this source.")
    var source: String?
    @Option(help: ArgumentHelp("Only invitations sent with this note template or A/B variant.", valueName: "label"))
    var template: String?
    @Option(name: .customLong("older-than"), parsing: .unconditional, help: ArgumentHelp("Only invitations at least this old (e.g. 3w).", valueName: "duration"))
    var olderThan: String?
    @Option(name: .customLong("expiring-within"), parsing: .unconditional,
            help: ArgumentHelp("Only invitations expiring within this time from now, those overdue already included (e.g. 1w).",
                               valueName: "duration"))
    var expiringWithin: String?
    @Option(parsing: .unconditional, help: "At most this many rows.")
    var limit: Int?

    @OptionGroup var time: QueryTimeOptions
    @OptionGroup var display: TableZoneOption
    @OptionGroup var options: LedgerOptions

    func validate() throws {
        if let olderThan { _ = try parseDuration(olderThan, option: "--older-than") }
        if let expiringWithin { _ = try parseDuration(expiringWithin, option: "--expiring-within") }
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        try requireNotEmpty(account, "--account")
        try requireNotEmpty(source, "--source")
        try requireNotEmpty(template, "--template")
        try time.validateTimes(zone: display.timeZone)
    }

    func run() throws {
        try reportingFailures(options) {
            let (now, travel) = try time.resolve()
            [olderThan.flatMap { minutesNote($0, what: "--older-than \($0)") },
             expiringWithin.flatMap { minutesNote($0, what: "--expiring-within \($0)") }].compactMap { $0 }.forEach(Console.note)
            let query = PendingQuery(account: account.map(Identity.trim), source: source, template: template,
                                     olderThan: try olderThan.map { try parseDuration($0, option: "--older-than") },
                                     expiringWithin: try expiringWithin.map { try parseDuration($0, option: "--expiring-within") },
                                     limit: limit)
            var hints: [String] = []
            let report = try runQuery(options, travel: travel, givenNow: try time.givenNow(), account: account.map(Identity.trim)) { model, view, policy in
                hints = [try source.flatMap { try SourceHint.note(for: $0, in: view) },
                         try template.flatMap { try SourceHint.note(forTemplate: $0, in: view) }].compactMap { $0 }
                return try query.report(model: model, view: view, policy: policy, now: now)
            }
            hints.forEach(Console.note)
            let judgedAt = time.now != nil || time.prefix.asOf != nil ? now : nil  // not the clock: given on the command line
            PendingCommand.printReport(report, format: options.format, zone: display.zone, expireCommand: expireAdvice(judgedAt: judgedAt))
        }
    }

    static func json(_ row: PendingRow) -> JSONValue {
        .object([
            ("invitation", .string(row.invitation)), ("account", .string(row.account)),
            ("recipient", .string(row.recipient)), ("source", .string(row.source)),
            ("template", .optional(row.template)), ("has_note", .bool(row.hasNote)),
            ("sent_at", .time(row.sentAt)), ("age_days", .number(row.ageDays)),
            ("reminders", .integer(Int64(row.reminders))), ("last_reminded_at", .time(row.lastRemindedAt)),
            ("expires_at", .time(row.expiresAt)), ("overdue", .bool(row.overdue)),
        ])
    }

    /// The footer's command for the overdue, in backquotes: run as printed, it expires what the report called overdue.
    ///
    /// At the time the report judged (`judgedAt`, from `--now` or `--as-of`; audit 70 F9) once that
    /// time has come: a later one would write expiries dated ahead, closing invitations for good
    /// (review 71).
    private func expireAdvice(judgedAt: Timestamp?) -> String {
        let command = "invites expire --due\(options.dbArgument)"
        guard let judgedAt else { return "`\(command)`" }
        return judgedAt <= Timestamp.now() ? "`\(command) --now \(judgedAt.rfc3339)`" : "`\(command)` once that time has come"
    }

    /// Prints the report's rows; a table shows its times in `zone`, and counts the whole list in its footer.
    ///
    /// The footer names `expireCommand` (with its backquotes) when some are overdue.
    static func printReport(_ report: PendingReport, format: OutputFormat, zone: DisplayZone, expireCommand: String) {
        let rows = report.rows
        switch format {
        case .json:
            Console.jsonArray(rows, json)
        case .csv:
            Table.printCSV(header: ["invitation", "account", "recipient", "source", "template", "has_note", "sent_at", "age_days",
                                    "reminders", "last_reminded_at", "expires_at", "overdue"], rows) { row in
                [row.invitation, row.account, row.recipient, row.source, row.template, String(row.hasNote),
                 row.sentAt.rfc3339, DecimalText.plain(row.ageDays), String(row.reminders), row.lastRemindedAt?.rfc3339,
                 row.expiresAt.rfc3339, String(row.overdue)]
            }
        case .table:
            // The template, when any listed invitation has one: `--template` filters by it (audit 111 F9).
            let template = rows.contains { $0.template != nil } ? ["template"] : []
            var table = Table(["invitation", "account", "recipient", "source"] + template
                                  + ["note", zone.header("sent"), "age", "reminded", zone.header("expires"), "overdue"],
                              numeric: Set([6, 7].map { $0 + template.count }))
            for row in rows {
                table.add([row.invitation, row.account, row.recipient, row.source] + (template.isEmpty ? [] : [row.template ?? ""])
                          + [row.hasNote ? "yes" : "no", zone.short(row.sentAt), Short.age(row.ageDays),
                             row.reminders == 0 ? "" : "\(row.reminders)×", zone.short(row.expiresAt),
                             row.overdue ? "OVERDUE" : ""])
            }
            let count = rows.count < report.total ? "\(rows.count) of \(report.total)" : "\(report.total)"
            table.footer = ["\(count) pending" + (report.overdue > 0 ? ", \(report.overdue) overdue (run \(expireCommand))" : "")]
            table.print(as: .table)
        }
    }
}
