/// The year-first date-times a spreadsheet in an ISO locale re-saves `Sent At` as.
extension ExportDates {
    /// Parses a year-first date and time, `YYYY-MM-DD HH:MM`.
    ///
    /// `T` or whitespace between date and time, `-` or `/` in the date, optional seconds and
    /// fraction, and an optional `Z`, `UTC` or numeric offset (`+01:00`, `+0100`, `+01`).
    ///
    /// Year first is never ambiguous, so `SlashDateOrder` plays no part. A time with no zone is
    /// read in the zone given, as LinkedIn's own form is; one with a zone is read at it.
    static func yearFirstDateTime(_ text: String) -> LocalDateTime? {
        var s = ScalarScanner(text)
        s.skipWhitespace()
        guard let year = s.number(), year.digits == 4 else { return nil }
        let separator: Unicode.Scalar
        if s.take("-") { separator = "-" } else if s.take("/") { separator = "/" } else { return nil }
        guard let month = s.number(), month.digits <= 2, s.take(separator),
              let day = s.number(), day.digits <= 2,
              s.take("T") || s.take("t") || s.skipWhitespace(),
              let hour = s.number(), hour.digits <= 2, s.take(":"),
              let minute = s.number(), minute.digits == 2
        else { return nil }
        var result = LocalDateTime(year: year.value, month: month.value, day: day.value, hour: hour.value, minute: minute.value)
        if s.take(":") {
            guard let second = s.number(), second.digits == 2 else { return nil }
            result.second = second.value
            if s.take(".") || s.take(",") {
                guard let fraction = s.fraction() else { return nil }
                result.millisecond = fraction
            }
        }
        s.skipWhitespace()
        if s.take("Z") || s.take("z") {
            result.utcOffset = 0
        } else if s.take("U") || s.take("u") {
            // `2026-01-05 09:30:00 UTC`, as LinkedIn's other exports write their times (audit 128 N6).
            guard s.take("T") || s.take("t"), s.take("C") || s.take("c") else { return nil }
            result.utcOffset = 0
        } else if let sign = s.take("+") ? 1 : s.take("-") ? -1 : nil {
            guard let offset = Self.offset(&s) else { return nil }
            result.utcOffset = sign * offset
        }
        s.skipWhitespace()
        return s.isAtEnd && result.isValid ? result : nil
    }

    /// The seconds of an offset after its sign: `01:00`, `0100` or `01`.
    private static func offset(_ s: inout ScalarScanner) -> Int? {
        guard let first = s.number() else { return nil }
        let hours: Int, minutes: Int
        switch first.digits {
        case 4:
            (hours, minutes) = (first.value / 100, first.value % 100)
        case 2:
            hours = first.value
            if s.take(":") {
                guard let after = s.number(), after.digits == 2 else { return nil }
                minutes = after.value
            } else {
                minutes = 0
            }
        default:
            return nil
        }
        guard (0...23).contains(hours), (0...59).contains(minutes) else { return nil }
        return hours * 3600 + minutes * 60
    }
}
