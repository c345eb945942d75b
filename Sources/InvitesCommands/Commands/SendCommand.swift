import ArgumentParser
import Foundation
import Ledger
import LMDB
import Projections

/// `invites send`: checks the policy, then records a `sent`.
struct SendCommand: LedgerCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Record a sent invitation, if the policy allows it (or with --force).",
        // Written out: past twelve options the parser shortens its own line to `invites send [<options>] …`.
        usage: """
        invites send --account <account> --to <recipient> [--source <source>] [--note <note>] [--template <template>] \
        [--invitation <invitation>] [--at <time>] [--id <id>] [--force] [--now <time>] [--db <path>] [--format <format>] [--read-only]
        """,
        discussion: """
        An invalid event exits 1. Then the policy is checked at --at (default now): a refusal exits 3 \
        naming the reason (connected, pending, cooldown, pending_cap, weekly_cap) unless --force is given. \
        The lifecycle rules still apply (exit 1).

        Examples:
          invites send --account acct-1 \\
            --to https://www.linkedin.com/in/jane-doe \\
            --source search:cto-berlin --note "Hi Jane"
          invites send --account acct-1 \\
            --to linkedin.com/in/bob-smith --template v2 --force
        """)

    @Option(help: "The sending account.")
    var account: String
    @Option(help: ArgumentHelp("The recipient: a profile URL in any form, or another id.", valueName: "recipient"))
    var to: String
    @Option(help: "The prospect source or campaign.")
    var source: String?
    // Unconditional: a note may begin with a dash ("- Sam", "-- Regards"), and is taken as written (audit 55 M4).
    @Option(parsing: .unconditional, help: "The personal note sent with it (taken as written, even when it begins with -, unless it is one of these options).")
    var note: String?
    @Option(help: "The note template or A/B variant.")
    var template: String?
    @Option(help: "The invitation's id (assigned when absent).")
    var invitation: String?
    @Option(help: ArgumentHelp("When it was sent (RFC 3339; default: now).", valueName: "time"))
    var at: String?
    @Option(help: eventIDHelp)
    var id: String?
    @Flag(help: "Record it even when the policy refuses (standard error names what it overrode).")
    var force = false
    @OptionGroup var clock: VerbClockOption
    @OptionGroup var options: LedgerOptions

    func validate() throws {
        try FreeTextOption.refuseOptionName(note, of: "--note", in: Self.self)
    }

    func run() throws {
        try reportingFailures(options) {
            clock.noteIfOverridden(byAt: at, judgesPolicy: true)
            // An event refused (exit 1) is answered as an append refused, in JSON or CSV (`answeringRefusal`).
            try answeringRefusal(options.format) {
                var event = ProposedEvent(kind: .sent, id: id, at: Timestamp.now(), invitation: invitation, account: account,
                                          recipient: to, source: source, note: note, template: template)
                // --at, else the command's --now: the time it is sent and its policy judged at (SPEC: "check at --at (default now)").
                let given = at ?? clock.now
                if let given { event.at = try parseEventTime(given, subject: event.subject, option: at == nil ? "--now" : "--at") }
                let when = event.at
                // An invalid send creates no ledger at a path where none is yet (judged by the default policy there).
                let existing = options.presence == .present ? try options.openForWriting() : nil
                // With a ledger, its note_limit is checked in the write, after the duplicate check; without one, the default's here.
                if let problem = EventValidation.normalise(&event)
                    ?? (existing == nil ? EventValidation.noteProblem(event, noteLimit: Policy().noteLimit) : nil) {
                    throw Failure(RejectionCode.invalidEvent.rawValue, "\(event.subject): \(problem)")
                }
                let ledger = try existing ?? options.openForWriting()
                if let account = event.account, let hint = try ledger.read({ view in try AccountHint.note(for: account, in: view) }) {
                    Console.note(hint)
                }
                if let recipient = event.recipient, let hint = try ledger.read({ view in try RecipientHint.note(for: recipient, in: view) }) {
                    Console.note(hint)
                }
                // Without --at, the send happens when its turn to write comes (`recordIfAllowed`).
                let outcome = try Self.recordIfAllowed(event, at: given == nil ? nil : when, in: ledger, format: options.format,
                                                       dbArgument: options.dbArgument, force: force)
                try reportOne(outcome, format: options.format)
                try noteDuplicate(outcome, id: event.id, in: ledger)
            }
        }
    }

    /// Records `event` if the policy allows it, judged in the write transaction that records it, at `fixedTime` (nil: the clock then).
    ///
    /// Parallel sends then take turns: each sees the ones before it, so they cannot all be allowed
    /// the one slot left under a cap. A send without `--at` reads the clock only once it holds the
    /// write lock, so sends take their times in the order they are recorded: read before waiting,
    /// the second to commit could carry the earlier time, and the weekly window ending at it would
    /// not count the first (four sends could pass a cap of three). A retry (its `--id` recorded already) is not judged: the
    /// append counts it a duplicate, or refuses it with `id_conflict` (SPEC §2). Nor is a send
    /// whose note is over the ledger's `note_limit`: the append refuses it as `invalid_event`
    /// (exit 1), which SPEC §3 puts before the policy check.
    ///
    /// A refusal exits 3 with SPEC's error line; with `--format json` or `csv` it also prints the
    /// verdict as `check` prints it, so that a program reads the reason and `until` as data (audit 55 M1).
    /// With `force` the send is recorded whatever the policy says, and standard error names each
    /// reason it was recorded over (`PolicyOverrideNote`, audit 116 F10).
    static func recordIfAllowed(_ event: ProposedEvent, at fixedTime: Timestamp?, in ledger: Ledger,
                                format: OutputFormat = .table, dbArgument: String = "", force: Bool = false) throws -> AppendOutcome {
        let runner = try ProjectionRunner(ledger: ledger)
        do {
            // A rebuild (projections never built) takes transactions of its own: before. Not while another
            // process writes: the turn this takes would keep every query waiting behind that write (review 63
            // M1); `model(within:)` then catches up, or reads them and the events past them, inside the send's own transaction.
            _ = try runner.catchUp(unlessWriting: true)
        } catch is RebuildSuperseded {
            // Another process rebuilt them meanwhile: `model(within:)` reads theirs, with the events past them.
        } catch let error as LMDBError where error.isDiskRefusal {
            // A full disk: a retry, recorded already, writes nothing and is the duplicate it is (audit 54 M3);
            // a new send catches up within its own append, whose commit then fails as it must.
        }
        var refusal: CheckResult?
        var overridden: (refusals: [CheckResult], at: Timestamp)?  // with --force: what it records over, judged when
        var laterWindow: (endingAt: Timestamp, sends: Int)?  // a later send's weekly window this one takes past the cap
        var policy = Policy()
        do {
            let outcome = try ledger.append(beforeCommit: { view in try runner.catchUpNearby(within: view) }) { writer in
                refusal = nil
                overridden = nil
                laterWindow = nil
                var event = event
                let isRetry = try event.id.map { try writer.view.position(ofEventID: $0) != nil } ?? false
                // Only a retry can take a recorded time: a new send reads no more than it did.
                let when = try fixedTime ?? (isRetry ? commandTime(of: event, in: writer) : writer.recordedAt)
                event.at = when
                if isRetry || EventValidation.noteProblem(event, noteLimit: writer.policy.noteLimit) != nil {
                    try writer.add(line: 1, .success(event))
                    return
                }
                let alias = try RecipientAlias.of(event.recipient ?? "", in: writer.view)
                if force {
                    // Every reason, where check names the first: what the note says was overridden. Advice only:
                    // projections that cannot be read leave the note out, and --force records as it always did.
                    // LMDB's errors are not theirs to swallow: catching them up writes in this transaction, which LMDB
                    // then refuses to go on with (a full map: the append grows it and runs this closure again).
                    do {
                        let model = try runner.model(within: writer.view)
                        let refusals = try PolicyCheck.refusals(model: model, view: writer.view, policy: writer.policy,
                                                                account: event.account ?? "", recipient: event.recipient ?? "", alsoKnownAs: alias, now: when)
                        overridden = (refusals, when)
                        laterWindow = try? PolicyCheck.laterWindowOverCap(model: model, view: writer.view, policy: writer.policy,
                                                                          account: event.account ?? "", at: when)
                    } catch let error as LMDBError {
                        throw error
                    } catch {
                        overridden = nil
                    }
                    policy = writer.policy
                    try writer.add(line: 1, .success(event))
                    return
                }
                let model = try runner.model(within: writer.view)
                var result = try PolicyCheck.evaluate(model: model, view: writer.view,
                                                      policy: writer.policy, account: event.account ?? "",
                                                      recipient: event.recipient ?? "", alsoKnownAs: alias, now: when)
                guard result.allowed else {
                    try PolicyCheck.countOverdue(&result, model: model, view: writer.view, policy: writer.policy, now: when)
                    refusal = result
                    policy = writer.policy
                    throw PolicyRefusal()
                }
                // Advice only, read from the projections the verdict was read from.
                policy = writer.policy
                laterWindow = try? PolicyCheck.laterWindowOverCap(model: model, view: writer.view, policy: writer.policy,
                                                                  account: event.account ?? "", at: when)
                try writer.add(line: 1, .success(event))
            }
            if outcome.appended == 1, let (refusals, at) = overridden, let note = PolicyOverrideNote.line(refusals, policy: policy, at: at) {
                Console.note(note)
            }
            if outcome.appended == 1, let (end, sends) = laterWindow {
                Console.note("invites: note: \(event.account ?? "") now holds \(sends) sends in the 7 days up to its send at \(end.rfc3339), "
                    + "over weekly_cap \(policy.weeklyCap): this send, dated before that one, counts in its window too (the cap "
                    + "is judged at the send's own time)")
            }
            return outcome
        } catch is PolicyRefusal {
            guard let result = refusal else { throw Failure("error", "the policy refused the send without a reason") }
            var message = "\(result.account) → \(result.recipient) may not be invited"
            if let until = result.until { message += " until \(until.rfc3339)" }
            if let latest = result.invitation { message += " (latest invitation \(latest))" }
            let failure = Failure(result.reason.rawValue, message + "; " + remedy(for: result, policy: policy, dbArgument: dbArgument), exitCode: 3)
            guard format != .table else { throw failure }
            // The verdict is an answer, whose notes go out before it: the refusal's line goes first, as for a table.
            Console.refusal("invites: \(failure.code): \(failure.message)")
            CheckCommand.printReport(result, format: format)
            throw ExitCode(3)
        }
    }

    /// Thrown inside the write transaction to leave it without recording a send the policy refuses.
    private struct PolicyRefusal: Error {}

    /// What the user can do about a refusal.
    ///
    /// `--force` overrides the policy, not the lifecycle rules, so it is offered only where it
    /// would record the send. The commands it names carry `dbArgument` (` --db PATH` as given).
    static func remedy(for result: CheckResult, policy: Policy, dbArgument: String) -> String {
        let invitation = result.invitation.map { ShellWord.option("invitation", $0) } ?? " --invitation ID"
        // A cap of 0 refuses every send: withdrawing or waiting cannot help (audit 156).
        if let cap = ZeroCapAdvice.cap(refusing: result, under: policy) {
            return ZeroCapAdvice.advice(cap, dbArgument: dbArgument) + ", or --force records it anyway"
        }
        switch result.reason {
        case .pendingCap:
            // All of them, oldest first: an `--older-than` would list none when the cap was lowered under young ones (audit 91 F1).
            let list = "invites pending\(dbArgument)\(ShellWord.option("account", result.account)) lists them, oldest first"
            let holds = "\(result.account) holds pending_cap (\(policy.pendingCap)) or more pending invitations"
            // Overdue ones first: LinkedIn has expired them, and an expiry dated then starts no new cooldown now (audit 116 F5).
            guard result.overdueCount == 0 else {
                return "\(holds), \(result.overdueCount) of them past expire_after (\(policy.expireAfterAsSet)), which LinkedIn has most likely "
                    + "expired: invites expire --due\(dbArgument) records that; else withdraw the stalest (\(list)), or --force records it anyway"
            }
            return "\(holds): withdraw the stalest first (\(list)), or --force records it anyway"
        case .pending:
            if let since = result.overdueSince {
                // A withdraw now would start cooldown_after_withdraw now; the expiry is dated when it ran out (audit 116 F3).
                return "it ran out at \(since.rfc3339) (expire_after \(policy.expireAfterAsSet)), so LinkedIn has most likely expired it: "
                    + "invites expire --due\(dbArgument) records that, and its cooldown counts from then; --force cannot record a second pending one"
            }
            return "the pending invitation must be closed first (invites withdraw\(dbArgument)\(invitation), "
                + "or invites expire --due\(dbArgument) if LinkedIn has expired it); --force cannot record a second pending one"
        case .connected:
            return "the pair is connected (\(result.invitation ?? "its invitation") was accepted), and a connected pair is never invited again"
        case .ok, .cooldown, .weeklyCap:
            return "--force records it anyway"
        }
    }
}
