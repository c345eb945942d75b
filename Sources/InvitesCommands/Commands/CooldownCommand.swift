import ArgumentParser
import Ledger
import Projections

/// `invites cooldown`: the pairs that may not be invited now.
struct CooldownCommand: LedgerCommand {
    static let configuration = CommandConfiguration(
        commandName: "cooldown", abstract: "List pairs that may not be invited now: in cooldown, or connected.",
        discussion: """
        A pair is one sending account and one recipient. A withdrawn or expired invitation starts a cooldown (the policy's cooldown_after_withdraw or \
        cooldown_after_expire); an accepted one means connected, for ever. Pending pairs are in `invites pending`.

        --state keeps one kind: cooldown (those that may be invited again later, with until) or \
        connected (for ever); both by default.

        Examples:
          invites cooldown --account acct-1 --state cooldown
          invites cooldown --as-of 2026-07-01T00:00:00Z --format csv
        """)

    @Option(help: "Only this account's pairs.")
    var account: String?
    @Option(help: ArgumentHelp("Only pairs in this state (default: both).", valueName: "state"))
    var state: CooldownState?
    @OptionGroup var time: QueryTimeOptions
    @OptionGroup var display: TableZoneOption
    @OptionGroup var options: LedgerOptions

    func validate() throws {
        try requireNotEmpty(account, "--account")
        try time.validateTimes(zone: display.timeZone)
    }

    func run() throws {
        try reportingFailures(options) {
            let (now, travel) = try time.resolve()
            let query = CooldownQuery(account: account.map(Identity.trim), state: state?.rawValue)
            let rows = try runQuery(options, travel: travel, givenNow: try time.givenNow(), account: account.map(Identity.trim)) { model, view, policy in
                try query.rows(model: model, view: view, policy: policy, now: now)
            }
            switch options.format {
            case .json:
                Console.jsonArray(rows) { row in
                    .object([("account", .string(row.account)), ("recipient", .string(row.recipient)),
                             ("state", .string(row.state)), ("reason", .string(row.reason)),
                             ("since", .time(row.since)), ("until", .time(row.until))])
                }
            case .csv:
                Table.printCSV(header: ["account", "recipient", "state", "reason", "since", "until"], rows) { row in
                    [row.account, row.recipient, row.state, row.reason, row.since.rfc3339, row.until?.rfc3339]
                }
            case .table:
                let zone = display.zone
                var table = Table(["account", "recipient", "state", "reason", zone.header("since"), zone.header("until"), "left"], numeric: [6])
                for row in rows {
                    table.add([row.account, row.recipient, row.state, row.reason, zone.short(row.since),
                               zone.short(row.until), row.until.map { Short.left(until: $0, now: now) } ?? ""])
                }
                let cooling = rows.filter { $0.state == CooldownState.cooldown.rawValue }.count
                switch state {
                case .cooldown: table.footer = ["\(cooling) pair\(cooling == 1 ? "" : "s") in cooldown"]
                case .connected: table.footer = ["\(rows.count) pair\(rows.count == 1 ? "" : "s") connected"]
                case nil: table.footer = ["\(cooling) in cooldown, \(rows.count - cooling) connected"]
                }
                table.print(as: .table)
            }
        }
    }
}
