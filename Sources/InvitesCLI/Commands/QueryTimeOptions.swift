import ArgumentParser
import Foundation
import Ledger
import Projections

/// `--now`, `--as-of` and `--position`, taken by every query: the time reports are judged at, and the log prefix they count.
struct QueryTimeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Judge ages, cooldowns, caps and cohorts at this time (default: the clock).", valueName: "time"))
    var now: String?

    @Option(name: .customLong("as-of"),
            help: ArgumentHelp("The report as it stood then: only events with at ≤ TIME count, and now = TIME.", valueName: "time"))
    var asOf: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Only events recorded at positions ≤ N count.", valueName: "n"))
    var position: UInt64?

    func validate() throws {
        if now != nil, asOf != nil {
            throw ValidationError("--as-of sets now to that time: give --as-of or --now, not both")
        }
        if let now { _ = try parseTime(now, option: "--now") }
        if let asOf { _ = try parseTime(asOf, option: "--as-of") }
    }

    /// The time to judge at, and the prefix of the log to count.
    func resolve() throws -> (now: Timestamp, travel: TimeTravel) {
        let asOf = try asOf.map { try parseTime($0, option: "--as-of") }
        let now = try asOf ?? now.map { try parseTime($0, option: "--now") } ?? Timestamp.now()
        return (now, TimeTravel(position: position, asOf: asOf))
    }
}

/// Runs a query on the caught-up projections (or a fold of the log's prefix), with the ledger's policy.
func runQuery<R>(_ options: LedgerOptions, travel: TimeTravel,
                 _ body: (any ReadModel, LedgerView, Policy) throws -> R) throws -> R {
    let ledger = try options.openForReading()
    let bar = ProgressBar()
    defer { bar.finish() }
    return try ProjectionRunner.query(ledger: ledger, travel, progress: bar.callback) { model, view in
        try body(model, view, try view.policy())
    }
}

/// A progress bar on standard error, drawn only when it is a terminal.
final class ProgressBar {
    private var lastDrawn = -1
    private var phase = ""
    private var drawn = false
    private let enabled = Console.stderrIsTerminal

    /// The callback to hand the runner, or nil off a terminal.
    var callback: ((ProjectionRunner.Progress) -> Void)? {
        enabled ? { [self] progress in draw(progress) } : nil
    }

    private func draw(_ progress: ProjectionRunner.Progress) {
        let percent = progress.total == 0 ? 100 : Int(progress.done * 100 / max(progress.total, 1))
        guard percent != lastDrawn || progress.phase != phase else { return }
        lastDrawn = percent
        phase = progress.phase
        let width = 30
        let filled = min(width, percent * width / 100)
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(bar) \(percent)% \(progress.phase)".utf8))
        drawn = true
    }

    /// Clears the bar's line.
    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}

/// Short forms for tables: `2026-01-05 09:30`, `12.3 d`, `41.2%`.
enum Short {
    static func time(_ time: Timestamp?) -> String? {
        guard let time else { return nil }
        let text = time.rfc3339
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
    }

    static func days(_ days: Double?) -> String? {
        guard let days else { return nil }
        return String(format: "%.1f d", days)
    }

    static func percent(_ rate: Double?) -> String? {
        guard let rate else { return nil }
        return String(format: "%.1f%%", rate * 100)
    }
}
