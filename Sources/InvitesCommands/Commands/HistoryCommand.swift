import ArgumentParser
import Ledger
import Projections

/// `invites history`: every event of an invitation, or of every invitation to a recipient.
struct HistoryCommand: LedgerCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Show every event of an invitation, or of the invitations to a recipient, in order.",
        discussion: """
        Give --invitation ID, or --to R (every invitation to that recipient; with --account A, \
        that account's only). With --as-of or --position, the history as it stood then: only events with at ≤ TIME, \
        or recorded at positions ≤ N (--now changes nothing here: a history lists what was recorded). A recipient never \
        invited has an empty history; an invitation id never sent is unknown_invitation (exit 1).

        Examples:
          invites history --invitation inv-42
          invites history --account acct-1 \\
            --to https://www.linkedin.com/in/jane-doe
          invites history --invitation inv-42 \\
            --as-of 2026-03-01T00:00:00Z
        """)

    @Option(help: "The invitation's id.")
    var invitation: String?
    @Option(help: ArgumentHelp("Every invitation sent to this recipient.", valueName: "recipient"))
    var to: String?
    @Option(help: "With --to: only this account's invitations.")
    var account: String?
    @OptionGroup var clock: IgnoredClockOption
    @OptionGroup var prefix: ReportPrefixOptions
    @OptionGroup var display: TableZoneOption
    @OptionGroup var options: LedgerOptions

    func validate() throws {
        guard (invitation == nil) != (to == nil) else {
            throw ValidationError("give --invitation ID, or --to R (optionally with --account A)")
        }
        if invitation != nil, account != nil { throw ValidationError("--account goes with --to") }
        try requireNotEmpty(invitation, "--invitation")
        try requireNotEmpty(to, "--to")
        try requireNotEmpty(account, "--account")
        try prefix.refuse(besideNow: clock.now)
        try prefix.validateTime(zone: display.timeZone)
    }

    func run() throws {
        try reportingFailures(options) {
            let travel = try prefix.travel()
            if clock.now != nil {
                // Taken, as every query takes it (SPEC §3), but nothing in a history is judged at a time (audit 82 F3).
                Console.note("invites: note: --now changes nothing in a history, which lists the events recorded; "
                    + "--as-of TIME (or --position N) shows it as it stood then")
            }
            let ledger = try options.openForReading()
            let events: [(Event, String)] = try ledger.read { view in
                var sentPositions: [UInt64]
                if let invitation {
                    let neverSent = Failure(RejectionCode.unknownInvitation.rawValue, "invitation \(invitation) was never sent\(travel.phrase)")
                    guard let sent = try view.positions(ofInvitation: Identity.trim(invitation))?.first else { throw neverSent }
                    guard let record = try view.record(at: sent) else {
                        throw ChainMismatch(position: sent, detail: "the indexes name an event that is missing from the log")
                    }
                    guard travel.counts(position: sent, at: record.at) else {
                        // Sent later than the report's point: said, not "never sent" (audit 100 F11).
                        throw Failure(RejectionCode.unknownInvitation.rawValue, "invitation \(invitation) was not yet sent\(travel.phrase) "
                            + "(it was sent at position \(sent), dated \(record.at))")
                    }
                    sentPositions = [sent]
                } else {
                    let recipient = Identity.recipient(to ?? "")
                    if let hint = try RecipientHint.note(for: recipient, in: view) { Console.note(hint) }
                    if let account {
                        sentPositions = try view.invitationsOfPair(account: Identity.trim(account), recipient: recipient)
                    } else {
                        sentPositions = try view.invitationsOfRecipient(recipient)
                    }
                }
                // A recipient never invited (by then) has an empty history, as other queries answer [] when nothing matches.
                let events = try view.history(ofSentPositions: sentPositions).filter { travel.counts(position: $0.position, at: $0.at) }
                return zip(events, try view.chainHashes(at: events.map(\.position)).map(\.hex)).map { ($0, $1) }
            }
            switch options.format {
            case .json:
                Console.jsonArray(events) { .raw($0.0.exportedJSON(hash: $0.1)) }
            case .table, .csv:
                // The terminal sums the optional fields up in "details"; CSV gives each its own column, in full,
                // and every field the JSON has, `hash` too (audit 75 L3).
                var table = Table(columns: [
                    .init("position", numeric: true), .init("at", time: true), .init("type"), .init("invitation"),
                    .init("account"), .init("recipient"), .init("details", only: .table),
                    .init("id", only: .csv), .init("source", only: .csv), .init("note", only: .csv),
                    .init("template", only: .csv), .init("reason", only: .csv), .init("by", only: .csv),
                    .init("recorded_at", only: .csv), .init("hash", only: .csv),
                ])
                for (event, hash) in events {
                    let details = [event.source.map { "source \($0)" }, event.template.map { "template \($0)" },
                                   event.note.map { "note \(Self.quoted(Self.shortNote($0)))" }, event.reason.map { "reason \($0)" },
                                   event.by.map { "by \($0)" }].compactMap { $0 }.joined(separator: ", ")
                    table.add(cells: [.integer(event.position), .time(event.at), .text(event.kind.name),
                                      .text(event.invitation), .text(event.account), .text(event.recipient),
                                      .text(details), .text(event.id), .text(event.source), .text(event.note),
                                      .text(event.template), .text(event.reason), .text(event.by),
                                      .time(event.recordedAt), .text(hash)])
                }
                table.zone = display.zone
                table.print(as: options.format)
            }
        }
    }

    /// The longest note a table shows whole, in characters; a longer one is cut and ends with `…`.
    static let shownNoteLength = 40

    /// Text in double quotes, with its own quotes and backslashes escaped: `"Hi, \"you\""` (audit 88 F9).
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A note on one line for the table: line breaks as spaces, cut with `…` past `shownNoteLength` (CSV and JSON keep it whole).
    static func shortNote(_ note: String) -> String {
        let oneLine = note.split(whereSeparator: \.isNewline).joined(separator: " ")
        return oneLine.count <= shownNoteLength ? oneLine : oneLine.prefix(shownNoteLength - 1) + "…"
    }
}
