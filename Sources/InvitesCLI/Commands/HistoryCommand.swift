import ArgumentParser
import Ledger

/// `invites history`: every event of an invitation, or of every invitation to a recipient.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Show every event of an invitation, in order.",
        discussion: """
        Examples:
          invites history --invitation inv-42
          invites history --to https://www.linkedin.com/in/jane-doe --account acct-1
        """)

    @Option(help: "The invitation's id.")
    var invitation: String?
    @Option(help: ArgumentHelp("Every invitation sent to this recipient.", valueName: "recipient"))
    var to: String?
    @Option(help: "With --to: only this account's invitations.")
    var account: String?
    @OptionGroup var options: LedgerOptions

    func validate() throws {
        guard (invitation == nil) != (to == nil) else {
            throw ValidationError("give --invitation ID, or --to R (optionally with --account A)")
        }
        if invitation != nil, account != nil { throw ValidationError("--account goes with --to") }
        try requireNotEmpty(invitation, "--invitation")
        try requireNotEmpty(to, "--to")
        try requireNotEmpty(account, "--account")
    }

    func run() throws {
        try reportingFailures {
            let ledger = try options.openForReading()
            let events: [(Event, String)] = try ledger.read { view in
                var sentPositions: [UInt64]
                if let invitation {
                    guard let positions = try view.positions(ofInvitation: Identity.trim(invitation)) else {
                        throw Failure(RejectionCode.unknownInvitation.rawValue, "invitation \(invitation) was never sent")
                    }
                    sentPositions = [positions.first ?? 0]
                } else {
                    let recipient = Identity.recipient(to ?? "")
                    if let account {
                        sentPositions = try view.invitationsOfPair(account: Identity.trim(account), recipient: recipient)
                    } else {
                        sentPositions = try view.invitationsOfRecipient(recipient)
                    }
                    if sentPositions.isEmpty {
                        throw Failure(RejectionCode.unknownInvitation.rawValue,
                                      "\(account.map { "pair \($0) → " } ?? "recipient ")\(recipient) was never invited")
                    }
                }
                return try view.history(ofSentPositions: sentPositions).map { event in
                    (event, try view.chainHash(at: event.position).hex)
                }
            }
            switch options.format {
            case .json:
                Console.jsonArray(events) { .raw($0.0.exportedJSON(hash: $0.1)) }
            case .table, .csv:
                // The terminal sums the optional fields up in "details"; CSV gives each its own column, in full.
                var table = Table(columns: [
                    .init("position", numeric: true), .init("at"), .init("type"), .init("invitation"),
                    .init("account"), .init("recipient"), .init("details", only: .table),
                    .init("id", only: .csv), .init("source", only: .csv), .init("note", only: .csv),
                    .init("template", only: .csv), .init("reason", only: .csv), .init("by", only: .csv),
                    .init("recorded_at", only: .csv),
                ])
                for (event, _) in events {
                    let details = [event.source.map { "source \($0)" }, event.template.map { "template \($0)" },
                                   event.note.map { "note \"\($0.prefix(40).split(whereSeparator: \.isNewline).joined(separator: " "))\"" }, event.reason.map { "reason \($0)" },
                                   event.by.map { "by \($0)" }].compactMap { $0 }.joined(separator: ", ")
                    table.add(cells: [.integer(event.position), .time(event.at), .text(event.kind.name),
                                      .text(event.invitation), .text(event.account), .text(event.recipient),
                                      .text(details), .text(event.id), .text(event.source), .text(event.note),
                                      .text(event.template), .text(event.reason), .text(event.by),
                                      .time(event.recordedAt)])
                }
                table.print(as: options.format)
            }
        }
    }
}

extension Timestamp {
    /// `2026-01-05 09:30` (UTC), for tables.
    var short: String {
        let text = rfc3339
        return String(text.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }
}
