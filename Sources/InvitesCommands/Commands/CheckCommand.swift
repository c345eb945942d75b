import ArgumentParser
import Ledger
import Projections

/// `invites check`: may this pair be invited now? Exit 0 yes, 3 no.
struct CheckCommand: LedgerCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Say whether a pair may be invited now (exit 0 yes, 3 no).",
        discussion: """
        A pair is one sending account and one recipient. Reasons, the first that applies: \
        connected, pending, cooldown, pending_cap, weekly_cap; ok when none does. `until` says \
        when a cooldown or the weekly cap ends. --now judges another time (a planned send); \
        --as-of answers as the ledger stood then.

        Examples:
          invites check --account acct-1 \\
            --to https://www.linkedin.com/in/jane-doe/
          invites check --account acct-1 \\
            --to linkedin.com/in/jane-doe --format json
        """)

    @Option(help: "The sending account.")
    var account: String
    @Option(help: ArgumentHelp("The recipient: a profile URL in any form, or another id.", valueName: "recipient"))
    var to: String
    @OptionGroup var time: QueryTimeOptions
    @OptionGroup var display: TableZoneOption
    @OptionGroup var options: LedgerOptions

    func validate() throws {
        // An empty name would get a verdict about nobody; SPEC §2 makes empty strings errors.
        if Identity.trim(account).isEmpty { throw ValidationError("--account is empty: name the sending account") }
        if Identity.recipient(to).isEmpty { throw ValidationError("--to is empty: name the recipient (a profile URL or another id)") }
        if Identity.isProfileURLWithoutName(to) { throw ValidationError("--to \(to) is a LinkedIn profile URL with no profile name after /in/") }
        // A control character or an over-long name: `send` would refuse it as invalid_event, so no "allowed" for it (audit 82 F1).
        if let problem = pairOptionProblem(account: Identity.trim(account), recipient: Identity.recipient(to)) {
            throw ValidationError("\(problem): no event can name this pair")
        }
        try time.validateTimes(zone: display.timeZone)
    }

    func run() throws {
        try reportingFailures(options) {
            let (now, travel) = try time.resolve()
            let (account, recipient) = (Identity.trim(account), Identity.recipient(to))
            var aliasNote: String?
            var zeroCap: String?
            let result = try runQuery(options, travel: travel, givenNow: try time.givenNow(), account: account,
                                      recipient: recipient) { model, view, policy in
                let alias = try RecipientAlias.of(recipient, in: view)
                aliasNote = try RecipientAlias.note(account: account, recipient: recipient, alias: alias, in: view)
                var result = try PolicyCheck.evaluate(model: model, view: view, policy: policy, account: account,
                                                      recipient: recipient, alsoKnownAs: alias, now: now)
                zeroCap = ZeroCapAdvice.cap(refusing: result, under: policy)
                // Only the table says how many ran out: JSON and CSV are SPEC's fields, with nothing more to read.
                // Nor does it under a pending_cap of 0, where expiring them frees no send.
                if options.format == .table, zeroCap == nil {
                    try PolicyCheck.countOverdue(&result, model: model, view: view, policy: policy, now: now)
                }
                return result
            }
            aliasNote.map(Console.note)
            let advice = zeroCap.map { ZeroCapAdvice.advice($0, dbArgument: options.dbArgument) }
            CheckCommand.printReport(result, format: options.format, zone: display.zone, now: now, zeroCapAdvice: advice)
            if !result.allowed { throw ExitCode(3) }
        }
    }

    static func json(_ result: CheckResult) -> JSONValue {
        .object([("account", .string(result.account)), ("recipient", .string(result.recipient)),
                 ("allowed", .bool(result.allowed)), ("reason", .string(result.reason.rawValue)),
                 ("until", .time(result.until)), ("invitation", .optional(result.invitation))])
    }

    /// Prints the verdict: one JSON object, one CSV record, or a sentence for people.
    ///
    /// The sentence gives its time in `zone` when that is not UTC, and how far it is from `now` when given,
    /// and ends with `zeroCapAdvice` when a cap of 0 refused the pair (`ZeroCapAdvice`).
    static func printReport(_ result: CheckResult, format: OutputFormat, zone: DisplayZone = .utc, now: Timestamp? = nil,
                            zeroCapAdvice: String? = nil) {
        switch format {
        case .json:
            Console.line(json(result).text)
        case .csv:
            var table = Table(["account", "recipient", "allowed", "reason", "until", "invitation"])
            table.add([result.account, result.recipient, String(result.allowed), result.reason.rawValue,
                       result.until?.rfc3339, result.invitation])
            table.print(as: .csv)
        case .table:
            var text = result.allowed ? "allowed" : "refused: \(result.reason.rawValue)"
            if let until = result.until {
                text += " until " + (zone.isUTC ? until.rfc3339 : (zone.short(until) ?? "") + " " + zone.label)
                    + (now.map { " (\(TimeAhead.phrase(until, from: $0, roundingUp: true)))" } ?? "")
            }
            text += " — \(result.account) → \(result.recipient)"
            if let invitation = result.invitation { text += " (latest invitation \(invitation))" }
            // Under a cap of 0 nothing else frees a send: not even expiring what ran out (audit 156).
            if let zeroCapAdvice {
                text += "; " + zeroCapAdvice
            } else if let since = result.overdueSince {
                // What LinkedIn has most likely done already, and `expire --due` would record (audit 116 F3, F5).
                text += "; it ran out at " + (zone.isUTC ? since.rfc3339 : (zone.short(since) ?? "") + " " + zone.label)
                    + ", so LinkedIn has most likely expired it (invites expire --due records that)"
            } else if result.overdueCount > 0 {
                let one = result.overdueCount == 1
                text += "; \(result.overdueCount) of \(result.account)'s pending invitations ran out, "
                    + "so LinkedIn has most likely expired \(one ? "it" : "them") (invites expire --due records that)"
            }
            Console.line(Table.oneLine(text))  // the account, recipient and invitation are the client's text
        }
    }
}
