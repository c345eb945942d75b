import Foundation

extension TimeZone {
    /// The zone an IANA name names, as written or else in any case (`utc`, `europe/berlin`), as `--tz` takes it.
    ///
    /// Foundation knows names only in their own case, and people type `utc`. Its list of known
    /// names leaves out many that it accepts (`Asia/Kolkata`, `US/Eastern`, `Etc/UTC`), so the
    /// name is also looked for, part by part and in any case, in the system's zone files.
    ///
    /// An abbreviation (`BST`, `IST`, `PST`, `CEST`) is no IANA name, and Foundation's own reading
    /// of one is odd: `BST` is UTC+06:00 to it, and `EDT` nothing. One without a zone file of that
    /// name (tzdata has `EST`, `CET`, `HST`) is read as the zone Foundation's table of
    /// abbreviations gives (`BST` → Europe/London, `PST` → America/Los_Angeles), and said once on
    /// standard error (audit 108 F1); one the table lacks (`SST`) names no zone. An offset after
    /// `UTC` or `GMT` (`GMT-3`) is read as written, and its sign said (`ZoneReadingNote`).
    ///
    /// `noting`: whether to say how a `--tz` that reads two ways was read (not for a name the user did not write).
    static func named(_ name: String, noting: Bool = true) -> TimeZone? {
        if let offset = fixedOffset(name) {
            if noting { ZoneReadingNote.sayOffsetSign(name, seconds: offset.secondsFromGMT()) }
            return offset
        }
        if let exact = TimeZone(identifier: name), !isAbbreviationOnly(name) { return exact }
        if let spelled = ianaSpelling(of: name) { return TimeZone(identifier: spelled) }
        guard let zone = abbreviationZone(name) else { return nil }
        if noting { ZoneReadingNote.say(name, zone: zone) }
        return zone
    }

    /// The system's spelling of an IANA name written in any case (`europe/berlin`), or nil.
    private static func ianaSpelling(of name: String) -> String? {
        let lowered = name.lowercased()
        if let known = (["UTC", "GMT"] + TimeZone.knownTimeZoneIdentifiers).first(where: { $0.lowercased() == lowered }) { return known }
        var folder = zoneFolder
        var spelled: [String] = []
        for part in name.split(separator: "/", omittingEmptySubsequences: false) {
            guard !part.isEmpty, part != ".", part != "..",
                  let entries = try? FileManager.default.contentsOfDirectory(atPath: folder),
                  let match = entries.first(where: { $0.lowercased() == part.lowercased() }) else { return nil }
            spelled.append(match)
            folder += "/" + match
        }
        return spelled.isEmpty ? nil : spelled.joined(separator: "/")
    }

    /// The zone Foundation's table of abbreviations gives an abbreviation in any case (`bst` → Europe/London), or nil.
    static func abbreviationZone(_ name: String) -> TimeZone? {
        guard !name.contains("/"), let identifier = TimeZone.abbreviationDictionary[name.uppercased()] else { return nil }
        return TimeZone(identifier: identifier)
    }

    /// Whether `name` is only a zone abbreviation to Foundation (`BST`, `PST`, `SST`): no zone file, no known identifier.
    static func isAbbreviationOnly(_ name: String) -> Bool {
        guard !name.contains("/"), !["UTC", "GMT"].contains(name), !TimeZone.knownTimeZoneIdentifiers.contains(name) else { return false }
        var file = stat()
        return stat(zoneFolder + "/" + name, &file) != 0
    }

    /// Where the system keeps its zone files (tzdata), named as IANA names them.
    static let zoneFolder = "/usr/share/zoneinfo"

    /// A fixed offset from UTC written as RFC 3339 writes one, or nil.
    ///
    /// `+02:00`, `-05:30`, `+0530`, `+02`, optionally after `UTC` or `GMT` (`UTC+2`, `GMT-03:30`);
    /// nil for anything else, and for an offset past ±18:00, the widest a zone may have.
    ///
    /// For people who think in offsets rather than places; an offset has no daylight saving time.
    static func fixedOffset(_ name: String) -> TimeZone? {
        guard let seconds = offsetSeconds(name), abs(seconds) <= maximumOffsetSeconds else { return nil }
        return TimeZone(secondsFromGMT: seconds)
    }

    /// The names an offset may follow, in capitals (`UTC+2`, `GMT-03:30`).
    static let offsetPrefixes = ["UTC", "GMT"]

    /// The widest offset from UTC a zone may have, ±18:00 (the world's run from −12:00 to +14:00).
    static let maximumOffsetSeconds = 18 * 3600

    /// The seconds east of UTC of an offset in `fixedOffset`'s spellings, whatever its size, or nil.
    static func offsetSeconds(_ name: String) -> Int? {
        if name == "Z" || name == "z" { return 0 }  // RFC 3339's own name for UTC
        var text = Substring(name)
        if let prefix = offsetPrefixes.first(where: { text.uppercased().hasPrefix($0) }) {
            text = text.dropFirst(prefix.count)
        }
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let digits = text.dropFirst().filter { $0 != ":" }
        // A colon, when there is one, separates hours from minutes: `+2:30` and `+02:30`.
        let parts = text.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), parts.count <= 2 else { return nil }
        let hours: Int, minutes: Int
        if parts.count == 2 {
            guard (1...2).contains(parts[0].count), parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
            (hours, minutes) = (h, m)
        } else if digits.count <= 2, let h = Int(digits) {
            (hours, minutes) = (h, 0)
        } else if digits.count == 4, let h = Int(digits.prefix(2)), let m = Int(digits.suffix(2)) {
            (hours, minutes) = (h, m)
        } else {
            return nil
        }
        guard minutes < 60 else { return nil }
        return (hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1)
    }

    /// Whether a zone is UTC at every time: an offset of zero, or one of UTC's own names.
    ///
    /// Not every zone at zero today: `Atlantic/Reykjavik` or `Africa/Sao_Tome` had other
    /// offsets once, and their times then must be shifted (audit 47).
    static func isAlwaysUTC(_ zone: TimeZone) -> Bool {
        let utcNames: Set<String> = ["UTC", "UCT", "GMT", "GMT0", "GMT+0", "GMT-0", "UNIVERSAL", "ZULU", "GREENWICH"]
        var name = zone.identifier.uppercased()
        if name.hasPrefix("ETC/") { name.removeFirst(4) }
        return zone.secondsFromGMT() == 0 && (utcNames.contains(name) || fixedOffset(zone.identifier) != nil)
    }

    /// How a report names the zone `--tz` gave.
    ///
    /// `UTC` for UTC (Foundation calls it `GMT`), a fixed offset as RFC 3339 writes one
    /// (`+05:30`), else the IANA name as the system spells it.
    static func displayName(_ zone: TimeZone, as written: String) -> String {
        let namesUTC = ["UTC", "ETC/UTC", "Z"].contains(written.uppercased())
        guard namesUTC || fixedOffset(written) != nil else { return zone.identifier }
        let seconds = zone.secondsFromGMT()
        return seconds == 0 ? "UTC" : offsetText(seconds: seconds)
    }

    /// An offset from UTC as RFC 3339 writes one: `+05:30`, `-12:00`.
    static func offsetText(seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        return (seconds < 0 ? "-" : "+") + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }
}

/// Says once per run how a `--tz` that reads two ways was read: `--tz BST` as Europe/London, `--tz GMT-3` as -03:00.
enum ZoneReadingNote {
    nonisolated(unsafe) private static var said: Set<String> = []
    private static let lock = NSLock()

    /// Writes the note for the abbreviation `name` read as `zone`, unless this run wrote it already.
    static func say(_ name: String, zone: TimeZone) {
        let summer = zone.nextDaylightSavingTimeTransition == nil ? "" : ", with its summer time"
        once(name, "invites: note: --tz \(name) is an abbreviation, not a zone: read as \(zone.identifier)\(summer) "
                   + "(several zones share some abbreviations; give the IANA name to be sure)")
    }

    /// Writes, for an offset after `UTC` or `GMT` (`GMT-3`), which way its sign was read, unless this run wrote it already.
    ///
    /// Read as people and RFC 3339 write offsets (`GMT-3` is three hours behind UTC), but a
    /// POSIX `TZ` value and the IANA zones `Etc/GMT-3` have the opposite sign, and a value copied
    /// from one of them is six hours off (audit 136).
    static func sayOffsetSign(_ name: String, seconds: Int) {
        guard seconds != 0, TimeZone.offsetPrefixes.contains(where: { name.uppercased().hasPrefix($0) }) else { return }
        let offset = TimeZone.offsetText(seconds: seconds)
        let opposite = TimeZone.offsetText(seconds: -seconds)
        // tzdata's Etc zones are whole hours, from Etc/GMT-14 (+14:00) to Etc/GMT+12 (-12:00): the one spelt as written, when it is one.
        let hours = abs(seconds) / 3600
        let etcExists = seconds % 3600 == 0 && (seconds < 0 ? hours <= 14 : hours <= 12)
        let etc = etcExists ? " and in the zone Etc/GMT\(seconds < 0 ? "-" : "+")\(hours)" : ""
        once(name, "invites: note: --tz \(name) is read as \(offset), \(seconds < 0 ? "behind" : "ahead of") UTC; "
                   + "in a POSIX TZ value\(etc) the sign is the other way (\(opposite)): write --tz \(offset) to leave no doubt")
    }

    /// Writes `text` unless this run wrote the note for `name` already.
    private static func once(_ name: String, _ text: String) {
        lock.lock()
        defer { lock.unlock() }
        guard said.insert(name).inserted else { return }
        Console.note(text)
    }
}
