import Foundation

/// The note of a LinkedIn import read in UTC, the default, on a machine whose own zone is another (audit 115 F7).
///
/// `Sent At` and `Connected On` carry no zone. Without `--tz` they are read in UTC, never in
/// the machine's zone (which `TZ` or `/etc/localtime` sets): an import must read an export
/// the same wherever it runs, or a second machine would record its rows again, hours off. But
/// a user in Berlin whose export holds Berlin times would have them recorded an hour off in
/// silence, so the import names the zone it read them in and the option that chooses one.
enum LinkedInZoneNote {
    /// The note, or nil: when `--tz` was given, nothing was recorded, or the machine's zone keeps UTC all year.
    static func note(zoneGiven: Bool, appended: Int) -> String? {
        let machine = TimeZone.current
        guard !zoneGiven, appended > 0, machine.secondsFromGMT() != 0 || machine.nextDaylightSavingTimeTransition != nil else {
            return nil
        }
        // Named as --tz takes it; a zone TZ spells otherwise (a POSIX rule) is said by its offset now.
        let name = TimeZone.named(machine.identifier) != nil ? machine.identifier : TimeZone.offsetText(seconds: machine.secondsFromGMT())
        return "invites: note: the export's dates carry no zone and were read in UTC, as no --tz was given; this machine's zone "
            + "is \(name): if LinkedIn showed them in that zone, import with \(ShellWord.option("tz", name).dropFirst()), and use the "
            + "same --tz every time"
    }
}
