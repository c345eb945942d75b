/// Which of a slash date's first two numbers is the month, for one file: `1/29/26` or `29/1/26`.
///
/// LinkedIn writes `Sent At` month first (`1/29/26, 2:37 PM`) and `Connected On` as `29 Jan
/// 2026`; slash dates in any other order come from a spreadsheet that re-saved the file in its
/// own locale (a UK Excel writes `29/01/2026`). One date can only be read one way when a number
/// is over 12, and every date of a file was re-saved alike, so the file is read day first when
/// one of its dates can only be day first and none can only be month first (audit 45: `05/01/2026`
/// was read as May 1 beside `15/01/2026`, refused as unreadable).
public enum SlashDateOrder: Sendable, Equatable {
    /// `M/D/Y`, as LinkedIn writes `Sent At`.
    case monthFirst
    /// `D/M/Y`, as a day-first locale's spreadsheet re-saves dates.
    case dayFirst

    /// What a file's dates show of their order.
    public struct Evidence: Sendable, Equatable {
        /// The order to read the file's slash dates in.
        public let order: SlashDateOrder
        /// A date that can only be read day first (`15/01/2026`), if the file is read so.
        public let dayFirstExample: String?
        /// Whether the file holds slash dates none of which tells the order (every number 12 or under).
        public let undecided: Bool
        /// The other file of the export whose date showed the order, when this one's tell nothing.
        public var shownBy: String?
        /// Whether a slash date is not in LinkedIn's own `Sent At` form (`1/29/26, 2:37 PM`: a 2-digit year and AM or PM): a spreadsheet re-saved the file.
        public var resaved = false
        /// The file's first slash date that could be read either way (`1/5/2026`), as written, when the file is ``undecided``.
        public var ambiguousExample: String?
        /// How ``ambiguousExample`` was read, month first: `January 5`.
        public var ambiguousReading: String?

        /// The note for a file whose slash dates are all ambiguous: one of its own and how it was read.
        ///
        /// `dates are read month first, as LinkedIn writes Sent At ("1/5/2026" read as January 5); …`;
        /// nil when the file's dates told their order, or it has none.
        public var undecidedNote: String? {
            guard undecided, let example = ambiguousExample, let reading = ambiguousReading else { return nil }
            return "dates are read month first, as LinkedIn writes Sent At (\"\(example)\" read as \(reading)); none of this "
                + "file's is past the 12th to tell: if a spreadsheet re-saved them day first, import the export as downloaded"
        }

        /// A file with no slash date that tells anything: read month first, as LinkedIn writes.
        public static let none = Evidence(order: .monthFirst, dayFirstExample: nil, undecided: false)

        /// Read day first as `other`, a sibling file of the export, showed: for a file whose own dates tell nothing.
        ///
        /// Only for a file re-saved itself: LinkedIn's own `Sent At` is month first whatever a
        /// spreadsheet did to the file beside it (audit 81 F13: `1/5/26, 9:00 AM` was read as May 1
        /// because Connections.csv alone was re-saved day first).
        func borrowing(_ other: Evidence, from file: String) -> Evidence {
            guard undecided, resaved, other.order == .dayFirst, let example = other.dayFirstExample else { return self }
            var borrowed = Evidence(order: .dayFirst, dayFirstExample: example, undecided: false)
            borrowed.shownBy = file
            borrowed.resaved = resaved
            return borrowed
        }
    }

    /// Whether `text` holds an AM or PM marker, as LinkedIn's `Sent At` always does.
    static func hasDayPeriod(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return ["am", "pm", "a.m.", "p.m."].contains { lowered.contains($0) }
    }

    /// The order of `dates`, one file's column of them (others, such as `29 Jan 2026`, tell nothing).
    static func evidence(in dates: some Sequence<String>) -> Evidence {
        var dayFirstExample: String?
        var monthFirstSeen = false
        var slashSeen = false
        var resaved = false
        var ambiguous: (text: String, month: Int, day: Int)?
        for text in dates {
            var scanner = ScalarScanner(text)
            scanner.skipWhitespace()
            guard let first = scanner.number(), first.digits <= 2, scanner.take("/"),
                  let second = scanner.number(), second.digits <= 2, scanner.take("/") else { continue }
            slashSeen = true
            let year = scanner.number()
            if let year, year.digits == 4 || !Self.hasDayPeriod(text) { resaved = true }
            if first.value > 12, first.value <= 31, second.value <= 12, dayFirstExample == nil { dayFirstExample = text }
            if second.value > 12, second.value <= 31, first.value <= 12 { monthFirstSeen = true }
            // The note quotes a date the file holds and reads: not one whose year no reading takes (`1/1/99999`, audit 86).
            if (1...12).contains(first.value), (1...12).contains(second.value), ambiguous == nil,
               let year, year.digits == 2 || year.digits == 4 {
                ambiguous = (text, first.value, second.value)
            }
        }
        var evidence = dayFirstExample != nil && !monthFirstSeen
            ? Evidence(order: .dayFirst, dayFirstExample: dayFirstExample, undecided: false)
            : Evidence(order: .monthFirst, dayFirstExample: nil, undecided: slashSeen && dayFirstExample == nil && !monthFirstSeen)
        evidence.resaved = resaved
        if evidence.undecided, let ambiguous {
            evidence.ambiguousExample = ambiguous.text
            evidence.ambiguousReading = "\(ExportDates.monthName(ambiguous.month)) \(ambiguous.day)"
        }
        return evidence
    }
}
