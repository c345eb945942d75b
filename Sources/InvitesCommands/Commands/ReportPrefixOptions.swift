import Foundation
import ArgumentParser
import Ledger
import Projections

/// `--as-of` and `--position`: the prefix of the log a report counts, as it stood then.
///
/// Every query takes them; `QueryTimeOptions` adds the `--now` that reports are judged at, and
/// `history`, which judges nothing at a time, takes them beside `IgnoredClockOption` instead.
struct ReportPrefixOptions: ParsableArguments {
    @Option(name: .customLong("as-of"),
            help: ArgumentHelp("The report as it stood then (RFC 3339): only events with at ≤ TIME count, and now = TIME.", valueName: "time"))
    var asOf: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Count only the events recorded at this position or before it.", valueName: "position"))
    var position: UInt64?

    /// Refuses `--as-of` beside a `--now`, as a malformed command line: `--as-of` sets now itself (SPEC §3).
    func refuse(besideNow now: String?) throws {
        if now != nil, asOf != nil { throw ValidationError("--as-of sets now to that time: give --as-of or --now, not both") }
    }

    /// Refuses an `--as-of` that is not RFC 3339, suggesting the form in `zone` (the query's `--tz`) for a date without one.
    func validateTime(zone: TimeZone?) throws {
        if let asOf { _ = try parseTime(asOf, option: "--as-of", zone: zone) }
    }

    /// The `--as-of` time, when given.
    func asOfTime() throws -> Timestamp? {
        try asOf.map { try parseTime($0, option: "--as-of") }
    }

    /// The prefix of the log to count.
    func travel() throws -> TimeTravel {
        TimeTravel(position: position, asOf: try asOfTime())
    }
}

