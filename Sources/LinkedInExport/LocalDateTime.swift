import Foundation

/// A wall-clock date and time with no zone, as written in an export.
struct LocalDateTime: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour = 0
    var minute = 0
    var second = 0

    /// True when the fields name a real calendar day and time of day.
    var isValid: Bool {
        (1...12).contains(month) && day >= 1 && day <= Self.daysIn(month: month, year: year)
            && (0...23).contains(hour) && (0...59).contains(minute) && (0...59).contains(second)
    }

    /// The day as `YYYY-MM-DD`.
    var dayString: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// The years read: the Gregorian calendar's first whole year (Foundation's calendar is Julian
    /// before October 1582, and would move older days) to RFC 3339's last (audit 49).
    static let years = 1583...9999

    /// The last millisecond a ledger holds, 9999-12-31T23:59:59.999Z, since 1970.
    static let latestMilliseconds: Int64 = 253_402_300_799_999

    /// Why a valid day and time read with `calendar` is no time of the ledger, or nil when it is one: for the message of a refused row.
    func outOfRange(in calendar: Calendar) -> String? {
        guard isValid, milliseconds(in: calendar) == nil else { return nil }
        return Self.years.contains(year) ? "after 9999-12-31T23:59:59.999Z in UTC" : "outside the years \(Self.years.lowerBound)–\(Self.years.upperBound)"
    }

    /// Milliseconds since 1970 UTC of this wall-clock time read in the zone.
    func milliseconds(in timeZone: TimeZone) -> Int64? {
        milliseconds(in: Self.calendar(in: timeZone))
    }

    /// Milliseconds since 1970 UTC of this wall-clock time read with a calendar from ``calendar(in:)``.
    ///
    /// A time skipped by a DST change is moved forward by the gap; a repeated time takes its
    /// first occurrence (what Foundation's Calendar does; the tests pin it down).
    func milliseconds(in calendar: Calendar) -> Int64? {
        guard isValid, Self.years.contains(year) else { return nil }
        let parts = DateComponents(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: parts) else { return nil }
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        return milliseconds <= Self.latestMilliseconds ? milliseconds : nil
    }

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
