/// Parsers for the two date formats of LinkedIn exports.
enum ExportDates {
    /// Parses a `Sent At` value: `M/D/YY, H:MM AM` (`D/M/YY` in a file re-saved day first: `order`).
    ///
    /// Also 4-digit years, optional seconds, any whitespace or none before AM/PM, no comma, or a
    /// 24-hour time without AM/PM; or year first, as an ISO locale's spreadsheet re-saves it
    /// (``yearFirstDateTime(_:)``: `2026-01-29 14:37`, `2026-01-29T14:37:00Z`), whatever `order` is.
    static func sentAt(_ text: String, order: SlashDateOrder = .monthFirst) -> LocalDateTime? {
        yearFirstDateTime(text) ?? slashDateTime(text, order: order)
    }

    /// What an unreadable `Sent At` should have looked like, for the message refusing its row.
    static let sentAtExample = "1/29/26, 2:37 PM"

    /// `M/D/YY, H:MM AM` and the variants ``sentAt(_:order:)`` lists, not year first.
    private static func slashDateTime(_ text: String, order: SlashDateOrder) -> LocalDateTime? {
        var s = ScalarScanner(text)
        s.skipWhitespace()
        guard let leading = s.number(), leading.digits <= 2, s.take("/"),
              let middle = s.number(), middle.digits <= 2, s.take("/"),
              let year = s.number(), let fullYear = Self.year(year)
        else { return nil }
        let (month, day) = order == .monthFirst ? (leading, middle) : (middle, leading)
        s.skipWhitespace()
        _ = s.take(",")
        s.skipWhitespace()
        guard let hour = s.number(), hour.digits <= 2, s.take(":"),
              let minute = s.number(), minute.digits == 2
        else { return nil }
        var second = 0
        if s.take(":") {
            guard let sec = s.number(), sec.digits == 2 else { return nil }
            second = sec.value
        }
        s.skipWhitespace()
        var hour24 = hour.value
        if let marker = s.word() {
            guard (1...12).contains(hour.value) else { return nil }
            switch marker {
            case "am", "a.m.": hour24 = hour.value % 12
            case "pm", "p.m.": hour24 = hour.value % 12 + 12
            default: return nil
            }
            s.skipWhitespace()
        }
        guard s.isAtEnd else { return nil }
        let result = LocalDateTime(
            year: fullYear, month: month.value, day: day.value,
            hour: hour24, minute: minute.value, second: second)
        return result.isValid ? result : nil
    }

    /// Parses a `Connected On` value: `08 Feb 2026`, or as a spreadsheet re-saves it.
    ///
    /// The export writes day, English month name or abbreviation, 4-digit year; a spreadsheet
    /// re-saves it as `2/8/2026` (month first, as `Sent At`, or day first: `order`) or `2026-02-08`.
    static func connectedOn(_ text: String, order: SlashDateOrder = .monthFirst) -> LocalDateTime? {
        connectedOnAsExported(text) ?? numericDate(text, order: order)
    }

    /// `08 Feb 2026`, `8-feb-2026`: the export's own form.
    private static func connectedOnAsExported(_ text: String) -> LocalDateTime? {
        var s = ScalarScanner(text)
        s.skipWhitespace()
        guard let day = s.number(), day.digits <= 2 else { return nil }
        let separated = s.skipWhitespace() || s.take("-")
        guard separated, let name = s.word(), let month = Self.month(named: name) else { return nil }
        guard s.skipWhitespace() || s.take("-"), let year = s.number(), year.digits == 4 else { return nil }
        s.skipWhitespace()
        guard s.isAtEnd else { return nil }
        let result = LocalDateTime(year: year.value, month: month, day: day.value, hour: 12)
        return result.isValid ? result : nil
    }

    /// `M/D/YYYY` (or `YY`; `D/M` in `order`) or `YYYY-MM-DD`, at noon, as `Connected On` is read (a spreadsheet re-saves dates in these forms).
    private static func numericDate(_ text: String, order: SlashDateOrder) -> LocalDateTime? {
        var s = ScalarScanner(text)
        s.skipWhitespace()
        guard let first = s.number() else { return nil }
        let result: LocalDateTime
        if first.digits == 4, s.take("-") {
            guard let month = s.number(), month.digits <= 2, s.take("-"), let day = s.number(), day.digits <= 2 else { return nil }
            result = LocalDateTime(year: first.value, month: month.value, day: day.value, hour: 12)
        } else {
            guard first.digits <= 2, s.take("/"), let day = s.number(), day.digits <= 2, s.take("/"),
                  let year = s.number(), let fullYear = Self.year(year) else { return nil }
            let (month, dayOfMonth) = order == .monthFirst ? (first.value, day.value) : (day.value, first.value)
            result = LocalDateTime(year: fullYear, month: month, day: dayOfMonth, hour: 12)
        }
        s.skipWhitespace()
        return s.isAtEnd && result.isValid ? result : nil
    }

    private static let monthNames = [
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december",
    ]

    /// The English name of a month, 1 to 12: `January`.
    static func monthName(_ month: Int) -> String {
        guard monthNames.indices.contains(month - 1) else { return String(month) }
        let name = monthNames[month - 1]
        return name.prefix(1).uppercased() + name.dropFirst()
    }

    /// Month number of an English month name, its 3-letter abbreviation (with or without a dot), or `sept`.
    private static func month(named word: String) -> Int? {
        let bare = word.hasSuffix(".") ? String(word.dropLast()) : word
        guard bare.count >= 3 else { return nil }
        if bare == "sept" { return 9 }
        guard let index = monthNames.firstIndex(where: { $0 == bare || ($0.hasPrefix(bare) && bare.count == 3) })
        else { return nil }
        return index + 1
    }

    private static func year(_ number: (value: Int, digits: Int)) -> Int? {
        switch number.digits {
        case 2: return 2000 + number.value
        case 4: return number.value
        default: return nil
        }
    }
}
