@testable import InvitesCommands
import Testing

/// A table wider than its terminal cuts the clients' texts in their middle, and only those (audit 146).
struct TableFittingTests {
    /// The table's lines for a terminal `limit` columns wide.
    private func lines(_ table: Table, fittingTo limit: Int?) -> [String] {
        var lines: [String] = []
        table.renderLines(fittingTo: limit) { lines.append(String(decoding: $0, as: UTF8.self)) }
        return lines
    }

    private var pendingLike: Table {
        var table = Table(["invitation", "recipient", "source", "sent (UTC)", "reminded"], numeric: [4])
        table.add(["inv-1", "linkedin.com/in/ann-lee-0a1b2c3d4e5f", "search:cto-berlin-series-b-founders", "2026-11-01 09:30", "2×"])
        table.add(["inv-22", "linkedin.com/in/bo", "csv", "2026-11-02 10:00", ""])
        return table
    }

    @Test func aTableThatFitsIsShownWhole() {
        #expect(lines(pendingLike, fittingTo: 200) == lines(pendingLike, fittingTo: nil))
        #expect(!lines(pendingLike, fittingTo: nil).joined().contains("…"))
    }

    @Test func theWidestTextColumnsAreCutInTheirMiddleUntilTheTableFits() throws {
        let fitted = lines(pendingLike, fittingTo: 80)
        #expect(fitted.dropLast().allSatisfy { TerminalWidth.of($0) <= 80 }, "\(fitted)")
        let first = try #require(fitted.dropFirst(2).first)
        #expect(first.hasPrefix("inv-1       linkedin.…b2c3d4e5f  search:ct…-founders  "), "\(first)")
        #expect(first.contains("2026-11-01 09:30") && first.hasSuffix("2×"), "\(first)")
        #expect(fitted.last == "(… marks text cut to fit the terminal: recipient, source; --format csv shows it whole)")
        // A short text is not cut; the CSV is untouched.
        #expect(fitted[3].contains("linkedin.com/in/bo ") && fitted[3].contains(" csv "), "\(fitted[3])")
        #expect(pendingLike.csvRecords[1][1] == "linkedin.com/in/ann-lee-0a1b2c3d4e5f")
    }

    @Test func idsTimesAndCountsStayWholeWhereTheTerminalIsTooNarrowForThem() {
        let fitted = lines(pendingLike, fittingTo: 20)
        #expect(fitted[2].hasPrefix("inv-1 ") && fitted[2].contains("2026-11-01 09:30"), "\(fitted[2])")
        // The texts go down to the narrowest cut, and no further: the terminal wraps what is left.
        #expect(fitted[1].split(separator: " ").map(\.count) == [10, Table.narrowestCut, Table.narrowestCut, 16, 8])
    }

    /// The first column names its row (`metrics --by source` groups by it): two groups cut alike would read as one (review 148).
    @Test func theFirstColumnIsNeverCut() {
        var table = Table(["source", "sent"], numeric: [1])
        table.add(["utm:spring-campaign-q1-berlin-founders", "3"])
        table.add(["utm:spring-campaign-q2-berlin-founders", "4"])
        #expect(lines(table, fittingTo: 20) == lines(table, fittingTo: nil))
    }

    @Test func narrowingTakesFromTheWidestFirst() {
        #expect(Table.narrowed([10, 40, 30], to: 60, floors: [10, 16, 16]) == [10, 23, 23])
        #expect(Table.narrowed([10, 40, 18], to: 60, floors: [10, 16, 16]) == [10, 28, 18])
        #expect(Table.narrowed([10, 40, 30], to: 10, floors: [10, 16, 16]) == [10, 16, 16])
        #expect(Table.narrowed([10, 20], to: 100, floors: [10, 16]) == [10, 20])
    }

    @Test func aCutKeepsBothEndsAndCountsWideCharactersAsTwoColumns() {
        #expect(Table.cut("linkedin.com/in/ann-lee-0a1b2c", toColumns: 16) == ("linkedin…-0a1b2c", 16))
        #expect(Table.cut("王小明王小明王小明王小明", toColumns: 9) == ("王小…小明", 9))
        #expect(Table.cut("王小明王小明王小明王小明", toColumns: 8) == ("王小…明", 7))
    }
}
