@testable import InvitesCommands
import Testing

/// How reports are laid out for terminals and written for programs.
struct OutputTests {
    @Test func aTableAlignsTextLeftAndNumbersRight() {
        var table = Table(["name", "count"], numeric: [1])
        table.add(["alpha", "7"])
        table.add(["b", "1234"])
        #expect(table.rendered == """
            name   count
            ─────  ─────
            alpha      7
            b       1234
            """)
    }

    @Test func anEmptyTableSaysSoAndMissingValuesShowAsADash() {
        var table = Table(["a", "b"])
        #expect(table.rendered.hasSuffix("(none)"))
        table.add(["x", nil])
        #expect(table.rendered.split(separator: "\n").last == "x  —")
        #expect(table.csvRecords == [["a", "b"], ["x", nil]])
    }

    @Test func aValueWithANewlineOrATabStaysOnItsRowInTheTerminalAndWholeInCSV() {
        var table = Table(["id", "reason"])
        table.add(["1", "line one\nline two\tend"])
        table.add(["2", "a\r\nb\u{2028}c\u{85}d\u{7F}e"])
        table.add(["3", "plain — café"])
        #expect(table.rendered == """
            id  reason
            ──  ─────────────────────
            1   line one line two end
            2   a  b c d e
            3   plain — café
            """)
        #expect(table.csvRecords[1] == ["1", "line one\nline two\tend"])
        #expect(Table.oneLine("é ✓ ¡ ÿ") == "é ✓ ¡ ÿ")  // C2 A1, C3 BF: not control characters
        #expect(Table.oneLine("a\u{80}b\u{9B}c\u{9F}d") == "a b c d")  // C1 controls, a terminal's escapes among them
    }

    @Test func columnsMayShowOnlyOnTheTerminalOrOnlyInCSV() {
        var table = Table(columns: [.init("id"), .init("details", only: .table), .init("note", only: .csv)])
        table.add(["1", "source s", "hello"])
        #expect(table.rendered.split(separator: "\n").first == "id  details")
        #expect(table.csvRecords == [["id", "note"], ["1", "hello"]])
    }

    @Test func jsonValuesAreWrittenCanonically() {
        let value = JSONValue.object([("b", .integer(-3)), ("a", .array([.string("q\"\n"), .bool(true), .null]))])
        #expect(value.text == #"{"b":-3,"a":["q\"\n",true,null]}"#)
    }
}
