import Foundation

/// A wall-clock date and time as written in an export: with no zone, or with the UTC offset it was written with.
///
/// LinkedIn writes times with no zone (`1/29/26, 2:37 PM`), read in the zone the user gives; a
/// spreadsheet's ISO re-save may carry one (`2026-01-29T14:37:00Z`, `…+01:00`), which then wins.
struct LocalDateTime: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour = 0
    var minute = 0
    var second = 0
    /// Thousandths of the second (`14:37:00.250`), 0 when the time has no fraction.
    var millisecond = 0
    /// Seconds east of UTC the time was written with (`Z` is 0, `-05:00` is -18000), or nil.
    ///
    /// Nil when the time carries no zone and is read in the one given.
    var utcOffset: Int?

    /// The largest offset read: `±23:59`, as ISO 8601 allows.
    static let maximumOffset = 23 * 3600 + 59 * 60

    /// True when the fields name a real calendar day and time of day, and a possible offset.
    var isValid: Bool {
        (1...12).contains(month) && day >= 1 && day <= Self.daysIn(month: month, year: year)
            && (0...23).contains(hour) && (0...59).contains(minute) && (0...59).contains(second)
            && (0...999).contains(millisecond) && (utcOffset.map { abs($0) <= Self.maximumOffset } ?? true)
    }

    /// The day as `YYYY-MM-DD`.
    var dayString: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// The years read: the Gregorian calendar's first whole year to RFC 3339's last (audit 49).
    ///
    /// Foundation's calendar is Julian before October 1582, and would move older days.
    static let years = 1583...9999

    /// The last millisecond a ledger holds, 9999-12-31T23:59:59.999Z, since 1970.
    static let latestMilliseconds: Int64 = 253_402_300_799_999

    /// Why a valid day and time read with `calendar` is no time of the ledger, or nil when it is one: for the message of a refused row.
    func outOfRange(in calendar: Calendar) -> String? {
        guard isValid, milliseconds(in: calendar) == nil else { return nil }
        return Self.years.contains(year) ? "after 9999-12-31T23:59:59.999Z in UTC" : "outside the years \(Self.years.lowerBound)–\(Self.years.upperBound)"
    }

    /// Whether this wall-clock time, read with `calendar` as `milliseconds`, does not exist in its zone: skipped when its clocks went forward.
    ///
    /// Such a time is read later by the gap (`milliseconds(in:)`), so it may fall after a row
    /// written a little later in the file; the import says so (audit 108 F11).
    func isSkipped(in calendar: Calendar, readAs milliseconds: Int64) -> Bool {
        guard utcOffset == nil else { return false }
        let shown = calendar.dateComponents([.hour, .minute], from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
        return shown.hour != hour || shown.minute != minute
    }

    /// Milliseconds since 1970 UTC of this wall-clock time read in the zone.
    func milliseconds(in timeZone: TimeZone) -> Int64? {
        milliseconds(in: Self.calendar(in: timeZone))
    }

    /// Milliseconds since 1970 UTC of this time read with a calendar from ``calendar(in:)``, or at its own ``utcOffset``.
    ///
    /// A time skipped by a DST change is moved forward by the gap; a repeated time takes its
    /// first occurrence (what Foundation's Calendar does; the tests pin it down). A time written
    /// with an offset is that instant whatever the calendar's zone.
    func milliseconds(in calendar: Calendar) -> Int64? {
        guard isValid, Self.years.contains(year) else { return nil }
        let parts = DateComponents(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = (utcOffset == nil ? calendar : Self.utcCalendar).date(from: parts) else { return nil }
        let wallClock = Int64((date.timeIntervalSince1970 * 1000).rounded()) + Int64(millisecond)
        let milliseconds = wallClock - Int64(utcOffset ?? 0) * 1000
        return milliseconds <= Self.latestMilliseconds ? milliseconds : nil
    }

    /// The calendar a time written with an offset is read with, before the offset is taken off.
    private static let utcCalendar = calendar(in: .gmt)

    /// A gregorian calendar in the zone, to be made once per file.
    static func calendar(in timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }
}
