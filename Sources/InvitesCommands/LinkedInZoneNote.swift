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
        let machine = machineZone()
        // The C library reads every spelling of TZ (a POSIX rule such as `CET-1CEST,M3.5.0,M10.5.0/3`), where Foundation falls
        // back to UTC for some (audit 128 N5): its offset now tells a zone apart from UTC when Foundation cannot.
        let offsetNow = cLibraryOffsetNow()
        guard !zoneGiven, appended > 0,
              machine.secondsFromGMT() != 0 || machine.nextDaylightSavingTimeTransition != nil || offsetNow != 0 else {
            return nil
        }
        // Named as --tz takes it; a zone TZ spells otherwise (a POSIX rule) is said by its offset now.
        let named = TimeZone.named(machine.identifier, noting: false) != nil && (machine.secondsFromGMT() != 0 || offsetNow == 0)
        let name = named ? machine.identifier : TimeZone.offsetText(seconds: offsetNow)
        return "invites: note: the export's dates carry no zone and were read in UTC, as no --tz was given; this machine's zone "
            + "is \(name): if LinkedIn showed them in that zone, import with \(ShellWord.option("tz", name).dropFirst()), and use the "
            + "same --tz every time"
    }

    /// The machine's zone: `TZ`'s, also when written `:Europe/Berlin` (the form that names a zone file), else Foundation's.
    private static func machineZone() -> TimeZone {
        if let tz = ProcessInfo.processInfo.environment["TZ"], tz.hasPrefix(":"), let zone = TimeZone(identifier: String(tz.dropFirst())) {
            return zone
        }
        return TimeZone.current
    }

    /// The machine's offset from UTC now, in seconds, as the C library reads `TZ` or `/etc/localtime`.
    private static func cLibraryOffsetNow() -> Int {
        var now = time(nil)
        var local = tm()
        guard localtime_r(&now, &local) != nil else { return 0 }
        return local.tm_gmtoff
    }
}
