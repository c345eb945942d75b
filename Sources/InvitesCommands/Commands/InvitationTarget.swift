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

    @Option(help: eventIDHelp)
    var id: String?

    /// Refuses a command line that names no invitation; `otherwise` adds what else the command takes (`expire`'s `--due`).
    ///
    /// Called by each command's `validate()`, not by this group's: `expire --due` takes the group and names none.
    func requireNamed(otherwise: String = "") throws {
        if invitation == nil, account == nil || to == nil {
            throw ValidationError("name the invitation: --invitation ID, or --account A --to R" + otherwise)
        }
    }

    /// The proposed follow-up from the command line's values, normalised and validated (invalid: exit 1 with `invalid_event`).
    ///
    /// `now`: the command's `--now` (`VerbClockOption`), the event's time when `--at` is not given.
    func event(_ kind: EventKind, reason: String? = nil, by: String? = nil, now: String? = nil) throws -> ProposedEvent {
        // Named by its option: the event has no subject yet to name it by (audit 100 F8: "event: empty \"invitation\"").
        for (option, value) in [("--invitation", invitation), ("--account", account), ("--to", to), ("--id", id)]
        where value.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) == true {
            throw Failure("invalid_event", "\(option) is empty: " + (option == "--id"
                ? "leave it out for an id the ledger assigns" : "name the invitation by its id, or by --account and --to"))
        }
        var event = ProposedEvent(kind: kind, id: id, at: Timestamp.now(), invitation: invitation, account: account,
                                  recipient: to, reason: reason, by: by)
        if let at { event.at = try parseEventTime(at, subject: event.subject) } else if let now {
            event.at = try parseEventTime(now, subject: event.subject, option: "--now")
        }
        return try EventValidation.normalised(event).get()
    }
}

/// Records the follow-up `proposed` (built, normalised and validated by the caller) and prints the append outcome.
///
/// A follow-up can only name an invitation sent before, so on a ledger that does not exist yet it
/// is refused as the ledger would refuse it (`unknown_invitation`, after the checks that make it
/// `invalid_event`), and nothing is created at `--db`; a path whose folder is missing too is
/// `no ledger at …`, as for a query: a mistyped path leaves no stray ledger and no doubt.
///
/// A reminder, acceptance or withdraw dated at or after its invitation ran out is recorded, and said (`LateFollowUpNote`).
func recordFollowUp(options: LedgerOptions, _ proposed: ProposedEvent, atNow: Bool) throws {
    let ledger = try options.openExistingOrEmpty()
    let outcome = try recordOne(proposed, ledger: ledger, format: options.format, atNow: atNow)
    if outcome.appended == 1, let position = outcome.lastPosition,
       let note = try ledger.read({ view in try LateFollowUpNote.note(forEventAt: position, in: view) }) {
        Console.note(note)
    }
}

/// Records one event and prints the append outcome; a refused event exits 1 with its code.
///
/// With `atNow` (no `--at` was given), the event's `at` is its `recorded_at`, the clock once the
/// append holds the write lock, so events recorded one after the other carry times in that order: read before
/// waiting for another writer, a follow-up could carry a time earlier than an event of its pair
/// recorded meanwhile, and be refused as `out_of_order`. A retry keeps the recorded time (`commandTime`).
@discardableResult
func recordOne(_ event: ProposedEvent, ledger: Ledger, format: OutputFormat, atNow: Bool) throws -> AppendOutcome {
    let outcome = try ledger.append(beforeCommit: try projectionCatchUp(for: ledger)) { writer in
        var event = event
        if atNow { event.at = try commandTime(of: event, in: writer) }
        try writer.add(line: 1, EventValidation.normalised(event))
    }
    // Named by its pair, the invitation a follow-up moved on is said too (`; accepted inv-7`).
    let recorded = try outcome.lastPosition.flatMap { position in
        outcome.appended == 1 && format == .table ? try ledger.read { try $0.event(at: position) } : nil
    }
    try reportOne(outcome, format: format, followedUp: recorded.flatMap { $0.kind == .sent ? nil : ($0.kind, [$0.invitation]) })
    try noteDuplicate(outcome, id: event.id, in: ledger)
    return outcome
}

/// Says, for a command's one event found recorded already (a retry), where it is and which invitation it names.
///
/// SPEC's append object lists only the invitations the call created, so a retry's JSON names
/// none: a client that lost the first answer learns its invitation here (audit 55 M2).
func noteDuplicate(_ outcome: AppendOutcome, id: String?, in ledger: Ledger) throws {
    guard outcome.duplicates == 1, outcome.appended == 0, let id,
          let recorded = try ledger.read({ view in try view.position(ofEventID: id).flatMap { try view.event(at: $0) } }) else { return }
    Console.note("invites: note: \(id) was recorded already, at position \(recorded.position) (type \(recorded.kind.name), invitation "
        + "\(recorded.invitation)); nothing new was written")
}

/// The help of a verb's `--id`: without `--at`, a retry after the pair's next event is an `id_conflict` (audit 55 M3).
let eventIDHelp = ArgumentHelp("The event's id: run again with the same --id, the command is recorded once. Give --at (or --now) too, "
                               + "or a retry after the pair's next event is an id_conflict.",
                               valueName: "id")

/// The `at` of a command run without `--at`: the clock once the append holds the write lock, or a retry's recorded time.
///
/// A retry is the same command run again with the same `--id` (an automation that did not see
/// the first answer). Its clock would differ from the recorded event's `at`, and SPEC §2 would
/// make it an `id_conflict`; taking the recorded `at` instead lets it be the duplicate it is
/// (exit 0), while any other field that differs is still an `id_conflict` naming that field.
/// Only an event that could be that first answer counts: one a command recorded without `--at`
/// (its `at` is its `recorded_at`), and still its pair's latest event. An id reused for a new
/// event after the pair moved on (a send after a withdraw), or first given to an imported event,
/// keeps the clock, and is the `id_conflict` it was.
func commandTime(of event: ProposedEvent, in writer: BatchWriter) throws -> Timestamp {
    let view = writer.view
    guard let id = event.id, let position = try view.position(ofEventID: id), let recorded = try view.event(at: position),
          recorded.at == recorded.recordedAt,
          let positions = try view.positions(ofInvitation: recorded.invitation), positions.last == position,
          let latest = try view.latestInvitation(account: recorded.account, recipient: recorded.recipient),
          latest.sentPosition == positions.first else { return writer.recordedAt }
    return recorded.at
}

/// Prints the outcome of appending one event, or throws its rejection (exit 1).
func reportOne(_ outcome: AppendOutcome, format: OutputFormat, followedUp: (kind: EventKind, invitations: [String])? = nil) throws {
    ClockBehindNote.say(for: outcome)
    if let rejection = outcome.rejections.first?.rejection { throw Failure(rejection) }
    if outcome.appended > 0 { Console.recorded() }
    AppendReport.print(outcome, format: format, followedUp: followedUp)
}
