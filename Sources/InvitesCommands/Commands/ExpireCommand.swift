import ArgumentParser
import Foundation
import Ledger

/// `invites expire`: one invitation, or with `--due` every invitation past `expire_after`.
struct ExpireCommand: LedgerCommand {
    static let configuration = CommandConfiguration(
        commandName: "expire", abstract: "Record an expiry, or expire every invitation that is due.",
        discussion: """
        LinkedIn expires invitations after about six months and tells no one, so the ledger records it. \
        With --due, every invitation pending for at least the policy's expire_after is expired \
        ("by": "policy", id expire:<invitation>). Without --due, name the one invitation by \
        --invitation ID, or by --account A --to R (that pair's pending invitation).

        Examples:
          invites expire --invitation inv-42 --at 2026-07-01T00:00:00Z
          invites expire --due --now 2026-07-12T00:00:00Z
        """)

    @Flag(help: "Expire every invitation pending for at least expire_after.")
    var due = false

    @Option(help: ArgumentHelp("The clock this command runs at (RFC 3339; default: the clock): with --due, the time to judge by; "
                               + "for one invitation, its expiry's time when --at is not given.", valueName: "time"))
    var now: String?

    /// The one invitation expired without `--due`, named as the other follow-ups name theirs.
    @OptionGroup var target: InvitationTarget
    @Option(help: "Who inferred the expiry of this one invitation (e.g. policy); --due always records policy.")
    var by: String?

    @OptionGroup var options: LedgerOptions

    func validate() throws {
        if let now { _ = try parseTime(now, option: "--now") }
        if due {
            guard target.invitation == nil, target.account == nil, target.to == nil, target.at == nil, target.id == nil else {
                throw ValidationError("--due expires every due invitation: do not name one (drop --invitation/--account/--to/--at/--id)")
            }
            guard by == nil || by == "policy" else {
                throw ValidationError("--due records every expiry with \"by\": \"policy\": drop --by, which is for one invitation")
            }
        } else {
            try target.requireNamed(otherwise: "; or use --due")
        }
    }

    func run() throws {
        try reportingFailures(options) {
            if due {
                let clock = Timestamp.now()
                let when = try now.map { try parseTime($0, option: "--now") } ?? clock
                let ledger = try options.openExistingOrEmpty()  // none yet: nothing is due, nothing is created
                let (outcome, due) = try ledger.expireDue(now: when, beforeCommit: try projectionCatchUp(for: ledger))
                let invitations = due.map(\.id)
                let refused = Set(outcome.rejections.map(\.line))
                let expired = invitations.indices.filter { !refused.contains($0 + 1) }.map { invitations[$0] }
                if due.isEmpty, options.format == .table {
                    // Said, where `appended 0` alone left a reader to wonder whether it looked at all (audit 146).
                    Console.line(AppendReport.sentence(outcome) + "; nothing is due at \(when.rfc3339)")
                } else {
                    AppendReport.print(outcome, format: options.format, followedUp: outcome.committed ? (.expired, expired) : nil)
                }
                ClockBehindNote.say(for: outcome)
                if outcome.committed, outcome.appended > 0, when.isMoreThanAnHour(after: clock) {
                    // Unlike a query's, this --now writes: an expiry dated ahead of the clock closes the invitation for good.
                    // Said of expiries recorded only: a run refused (--read-only) or with nothing due changed nothing (audit 153).
                    Console.note("invites: note: --now \(when.rfc3339) is more than an hour after the clock (\(clock.rfc3339)); "
                        + "invitations due by then are expired now, dated when each falls due, and can no longer be accepted")
                }
                guard !outcome.rejections.isEmpty else { return }
                // Only a client event holding an `expire:<invitation>` id gets here (`id_conflict`).
                for (_, rejection) in outcome.rejections {
                    Console.error("invites: \(rejection.code.rawValue): \(rejection.message)")
                }
                let count = outcome.rejections.count
                let left = outcome.rejections.compactMap { due.indices.contains($0.line - 1) ? due[$0.line - 1] : nil }
                // Ready to paste, one per invitation left (`ShellWord.option` keeps an id that starts with `-` a value), dated as
                // `--due` dates it: the clock would start its cooldown months late (audit 70 F2, review 71).
                let remedies = left.map { invitation in
                    "invites expire\(options.dbArgument)\(ShellWord.option("invitation", invitation.id)) --by policy"
                        + "\(ShellWord.option("id", "expire-again:" + invitation.id)) --at \(invitation.at.rfc3339)"
                }
                // The error stays one line (SPEC §3); several commands follow it, a line each, as notes do.
                if remedies.count > 1 { remedies.forEach { Console.note("  " + $0) } }
                let advice = remedies.count == 1 ? "record its expiry with an id of its own, e.g. \(remedies[0])"
                    : "record each one's expiry with an id of its own, with the commands on the next lines"
                throw Failure(outcome.rejections[0].rejection.code.rawValue,
                              "\(count) due invitation\(count == 1 ? " was" : "s were") left pending "
                                  + "(\(left.map { ShellWord.quoted($0.id) }.joined(separator: ", "))), \(outcome.appended) expired: " + advice)
            }
            try answeringRefusal(options.format) {
                try recordFollowUp(options: options, try target.event(.expired, by: by, now: now), atNow: target.at == nil && now == nil)
            }
        }
    }
}
