import Foundation
import ArgumentParser
import Ledger
import Projections

/// `--now`, `--as-of` and `--position`, taken by every query that judges at a time: the time reports are judged at, and the log prefix they count.
struct QueryTimeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Judge ages, cooldowns and caps at this time (RFC 3339, e.g. 2026-03-01T09:00:00Z; default: the clock). "
                               + "Later events still count: for a report as it stood then, give --as-of.",
                              valueName: "time"))
    var now: String?

    @OptionGroup var prefix: ReportPrefixOptions

    func validate() throws {
        try prefix.refuse(besideNow: now)
    }

    /// Refuses a `--now` or `--as-of` that is not RFC 3339; called from each query's `validate`, which knows its `--tz`.
    ///
    /// `zone`: the query's `--tz`, whose local time a date without a zone most likely means, so the
    /// refusal suggests that form (review 110 R12: only `metrics` did).
    func validateTimes(zone: TimeZone?) throws {
        if let now { _ = try parseTime(now, option: "--now", zone: zone) }
        try prefix.validateTime(zone: zone)
    }

    /// The time to judge at, and the prefix of the log to count.
    func resolve() throws -> (now: Timestamp, travel: TimeTravel) {
        let travel = try prefix.travel()
        return (try travel.asOf ?? now.map { try parseTime($0, option: "--now") } ?? Timestamp.now(), travel)
    }

    /// The time `--now` gave, or nil when the report is judged at the clock or at `--as-of`.
    func givenNow() throws -> Timestamp? {
        try now.map { try parseTime($0, option: "--now") }
    }
}

/// Runs a query on the caught-up projections (or a fold of the log's prefix), with the ledger's policy.
///
/// When the query names an `account` the ledger has never seen, standard error says so
/// (`AccountHint`): its answer would otherwise be an empty report or an "allowed" about nobody;
/// likewise a `recipient` given as a bare profile name the ledger knows as a URL (`RecipientHint`);
/// likewise a `givenNow` earlier than the events counted (`nowBeforeEvents`).
func runQuery<R>(_ options: LedgerOptions, travel: TimeTravel, givenNow: Timestamp? = nil,
                 account: String? = nil, recipient: String? = nil,
                 _ body: (any ReadModel, LedgerView, Policy) throws -> R) throws -> R {
    let ledger = try options.openForReading()
    let bar = ProgressBar()
    defer { bar.finish() }
    var hints: [String] = []
    let result = try ProjectionRunner.query(ledger: ledger, travel, progress: bar.callback) { model, view in
        hints = [try account.flatMap { try AccountHint.note(for: $0, in: view) },
                 try recipient.flatMap { try RecipientHint.note(for: $0, in: view) },
                 try travel.position.flatMap { try pastTheHead($0, in: view) },
                 try givenNow.flatMap { try nowBeforeEvents($0, position: travel.position, in: view) }].compactMap { $0 }
        return try body(model, view, try view.policy())
    }
    bar.finish()
    hints.forEach(Console.note)
    return result
}

/// A note when `--position` is past the head: the ledger never stood there, and every recorded event counts.
///
/// `digest` and `prove` refuse such a position (a tree of that size does not exist); a report
/// answers as of the head, as `--as-of` a future time does, and says so.
private func pastTheHead(_ position: UInt64, in view: LedgerView) throws -> String? {
    let head = try view.head().position
    guard position > head else { return nil }
    return "invites: note: --position \(position) is past the head (\(head)): every recorded event counts"
}

/// A note when `--now` is earlier than the last event the report counts: it counts all the same.
///
/// `--now` moves only the time ages, cooldowns and caps are judged at; every recorded event
/// still counts, so a past `--now` shows invitations sent after it (with negative ages) and
/// pairs answered after it. The report as it stood then is `--as-of`'s (audit 82 F4). The last
/// event by position stands for the latest: one read, not a scan.
private func nowBeforeEvents(_ now: Timestamp, position: UInt64?, in view: LedgerView) throws -> String? {
    let last = min(position ?? .max, try view.head().position)
    guard last > 0, let record = try view.record(at: last), record.at > now else { return nil }
    return "invites: note: --now \(now.rfc3339) is before the last event counted (position \(last), dated "
        + "\(record.at.rfc3339)); --now moves only the time ages, cooldowns and caps are judged at, and every "
        + "recorded event counts: for the report as it stood then, give --as-of \(now.rfc3339) instead"
}
