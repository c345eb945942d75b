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

        /// A file with no slash date that tells anything: read month first, as LinkedIn writes.
        public static let none = Evidence(order: .monthFirst, dayFirstExample: nil, undecided: false)
    }

    /// The order of `dates`, one file's column of them (others, such as `29 Jan 2026`, tell nothing).
    static func evidence(in dates: some Sequence<String>) -> Evidence {
        var dayFirstExample: String?
        var monthFirstSeen = false
        var slashSeen = false
        for text in dates {
            var scanner = ScalarScanner(text)
            scanner.skipWhitespace()
            guard let first = scanner.number(), first.digits <= 2, scanner.take("/"),
                  let second = scanner.number(), second.digits <= 2, scanner.take("/") else { continue }
            slashSeen = true
            if first.value > 12, first.value <= 31, second.value <= 12, dayFirstExample == nil { dayFirstExample = text }
            if second.value > 12, second.value <= 31, first.value <= 12 { monthFirstSeen = true }
        }
        if let dayFirstExample, !monthFirstSeen {
            return Evidence(order: .dayFirst, dayFirstExample: dayFirstExample, undecided: false)
        }
        return Evidence(order: .monthFirst, dayFirstExample: nil, undecided: slashSeen && dayFirstExample == nil && !monthFirstSeen)
    }
}
