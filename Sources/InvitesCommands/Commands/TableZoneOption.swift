import Foundation
import ArgumentParser

/// `--tz` of the queries that list times (`pending`, `cooldown`, `history`, `check`): the zone their table shows.
struct TableZoneOption: ParsableArguments {
    // Unconditional, so that a negative offset (`--tz -05:30`) is taken as the value, not as an option.
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Show times in this zone (IANA name, e.g. Europe/Berlin, or an offset, e.g. +02:00). JSON and CSV stay in UTC.",
                               valueName: "zone"))
    var tz: String = "UTC"

    func validate() throws {
        _ = try parseZone(tz)
    }

    /// The zone the table shows times in.
    var zone: DisplayZone { DisplayZone(named: tz) ?? .utc }

    /// The zone `--tz` names, for the example a refused time is given in; nil when it names none.
    var timeZone: TimeZone? { TimeZone.named(tz) }
}
