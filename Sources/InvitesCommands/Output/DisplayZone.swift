import ArgumentParser
import Foundation
import Ledger

/// The zone a table shows its times in (`--tz` of `pending`, `cooldown`, `history`, `check`), and its name in the headers.
///
/// Only the terminal's short times move: JSON and CSV keep RFC 3339 in UTC, as SPEC §2 writes
/// every timestamp of the output, so a program reads the same answer whatever the person chose.
struct DisplayZone {
    /// What a column of times says it is in: `UTC`, `Europe/Berlin`, `+05:30`.
    let label: String
    /// The zone to convert times to; nil for UTC, which needs no conversion.
    private let zone: TimeZone?

    /// UTC, the default.
    static let utc = DisplayZone(label: "UTC", zone: nil)

    private init(label: String, zone: TimeZone?) {
        self.label = label
        self.zone = zone
    }

    /// The zone `--tz` names (an IANA name in any case, or an offset), or nil when it names none.
    init?(named name: String) {
        guard let zone = TimeZone.named(name) else { return nil }
        if TimeZone.isAlwaysUTC(zone) {
            self = .utc
        } else {
            // An offset as RFC 3339 writes it (`+2`, `UTC+2`, `+0530`: `+02:00`, `+05:30`), as the import's summary names it
            // (audit 85 F7: headers echoed it as typed); a place by its own spelling (`Europe/Berlin`).
            self.init(label: TimeZone.displayName(zone, as: name), zone: zone)
        }
    }

    /// A time in this zone as a table shows it (`Short.time`: `2026-01-05 10:30`); with its offset in the hour repeated when summer time ends (`01:30 -04:00`).
    func short(_ time: Timestamp?) -> String? {
        guard let time else { return nil }
        guard let zone else { return Short.time(time) }
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(time.milliseconds) / 1000))
        let shown = Short.time(Timestamp(milliseconds: time.milliseconds + Int64(offset) * 1000))
        guard Self.isRepeatedWallTime(time, offset: offset, in: zone), let shown else { return shown }
        return shown + " " + TimeZone.offsetText(seconds: offset)
    }

    /// Whether another moment near `time` shows the same wall-clock time in `zone`: the hour a zone repeats when its summer time ends.
    ///
    /// Two sends an hour apart, at 01:30 EDT and 01:30 EST, would read the same (audit 108 F5).
    /// The other moment has one of the offsets the zone has three hours either side of `time`.
    static func isRepeatedWallTime(_ time: Timestamp, offset: Int, in zone: TimeZone) -> Bool {
        let seconds = Double(time.milliseconds) / 1000
        for nearby in [seconds - 3 * 3600, seconds + 3 * 3600] {
            let other = zone.secondsFromGMT(for: Date(timeIntervalSince1970: nearby))
            guard other != offset else { continue }
            let twin = seconds + Double(offset - other)
            if zone.secondsFromGMT(for: Date(timeIntervalSince1970: twin)) == other { return true }
        }
        return false
    }

    /// Whether this is UTC, whose times need no conversion.
    var isUTC: Bool { zone == nil }

    /// The header of a column of times: `sent (UTC)`.
    func header(_ name: String) -> String { "\(name) (\(label))" }
}

/// Parses a `--tz` value, refusing one that names no zone as a malformed command line.
func parseZone(_ text: String) throws -> TimeZone {
    guard let zone = TimeZone.named(text) else {
        if let seconds = TimeZone.offsetSeconds(text), abs(seconds) > TimeZone.maximumOffsetSeconds {
            throw ValidationError("--tz: \"\(text)\" is past ±18:00, the widest offset a time zone may have (the world's run "
                                  + "from -12:00 to +14:00); an event's own offset may reach ±23:59, but a report's zone may not")
        }
        if TimeZone(identifier: text) != nil, TimeZone.isAbbreviationOnly(text) {
            throw ValidationError("--tz: \"\(text)\" is an abbreviation this system cannot place in one zone; write an IANA name such as "
                                  + "Europe/London or America/New_York, or an offset such as +01:00")
        }
        throw ValidationError("--tz: \"\(text)\" is not a time zone; write an IANA name such as UTC, Europe/Berlin or America/New_York, or an offset such as +02:00")
    }
    return zone
}
