import ArgumentParser
import Ledger

/// Which invitation a follow-up names: `--invitation ID`, or `--account A --to R`.
struct InvitationTarget: ParsableArguments {
    @Option(help: "The invitation's id.")
    var invitation: String?

    @Option(help: "The sending account (with --to: the pair's pending invitation).")
    var account: String?

    @Option(help: ArgumentHelp("The recipient: a profile URL in any form, or another id.", valueName: "recipient"))
    var to: String?

    @Option(help: ArgumentHelp("When it happened (RFC 3339; default: now).", valueName: "time"))
    var at: String?

    @Option(help: "The event's id, so a retried command is recorded once.")
    var id: String?

    func validate() throws {
        if invitation == nil, account == nil || to == nil {
            throw ValidationError("name the invitation: --invitation ID, or --account A --to R")
        }
    }

    /// The proposed follow-up, normalised and validated.
    func event(_ kind: EventKind, reason: String? = nil, by: String? = nil) throws -> ProposedEvent {
        try followUp(kind, invitation: invitation, account: account, to: to, at: at, id: id, reason: reason, by: by)
    }
}

/// A follow-up event from command-line values, normalised and validated (invalid: exit 1 with `invalid_event`).
func followUp(_ kind: EventKind, invitation: String?, account: String?, to: String?, at: String?, id: String?,
              reason: String? = nil, by: String? = nil) throws -> ProposedEvent {
    let when = try at.map { try parseEventTime($0) } ?? Timestamp.now()
    let event = ProposedEvent(kind: kind, id: id, at: when, invitation: invitation, account: account,
                              recipient: to, reason: reason, by: by)
    return try EventValidation.normalised(event).get()
}

/// Records the follow-up `proposed` (built, normalised and validated by the caller) and prints the append outcome.
///
/// A follow-up can only name an invitation sent before, so on a ledger that does not exist yet it
/// is refused as the ledger would refuse it (`unknown_invitation`, after the checks that make it
/// `invalid_event`), and nothing is created at `--db`; a path whose folder is missing too is
/// `no ledger at …`, as for a query: a mistyped path leaves no stray ledger and no doubt.
func recordFollowUp(options: LedgerOptions, _ proposed: ProposedEvent) throws {
    try recordOne(proposed, ledger: try options.openExistingOrEmpty(), format: options.format)
}

/// Records one event and prints the append outcome; a refused event exits 1 with its code.
func recordOne(_ event: ProposedEvent, ledger: Ledger, format: OutputFormat) throws {
    try reportOne(try ledger.append([event], beforeCommit: try projectionCatchUp(for: ledger)), format: format)
}

/// Prints the outcome of appending one event, or throws its rejection (exit 1).
func reportOne(_ outcome: AppendOutcome, format: OutputFormat) throws {
    if let rejection = outcome.rejections.first?.rejection { throw Failure(rejection) }
    AppendReport.print(outcome, format: format)
}
