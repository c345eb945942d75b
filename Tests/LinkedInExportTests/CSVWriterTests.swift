import Testing
import LinkedInExport

@Suite struct CSVWriterTests {
    @Test func quotesOnlyWhenNeeded() {
        #expect(CSVWriter.row(["plain", nil, "", "a,b", "say \"hi\"", " lead", "trail ", "x\ny"])
            == "plain,,,\"a,b\",\"say \"\"hi\"\"\",\" lead\",\"trail \",\"x\ny\"\r\n")
        #expect(CSVWriter.row(["cr\rlf\r\n"]) == "\"cr\rlf\r\n\"\r\n")
    }

    @Test func roundTripsNastyStringsThroughReader() {
        let rows: [[String]] = [
            ["comma, inside", "\"quoted\"", "\"", "\"\"", "trailing quote\""],
            ["line\nbreak", "crlf\r\nbreak", "lone\rcr", "\r\n", "\n"],
            ["emoji 🎉👩🏽‍💻", "flag 🇫🇷", "é composed", "e\u{301} decomposed", "\u{202F}narrow"],
            ["  spaced  ", "\t", "", "=SUM(A1)", "ünïcödé"],
        ]
        let text = CSVWriter.rows(rows)
        let back = CSVReader.records(in: text)
        #expect(back.map(\.fields) == rows)
        // Compare scalar by scalar too: String == treats canonically equivalent text as equal.
        #expect(back.map { $0.fields.map { Array($0.unicodeScalars) } } == rows.map { $0.map { Array($0.unicodeScalars) } })
        #expect(back.map(\.line) == [1, 2, 8, 9])
        #expect(text.hasSuffix("\r\n"))
    }

    @Test func aMissingValueIsWrittenAsAnEmptyField() {
        #expect(CSVWriter.row([nil, nil]) == ",\r\n")
        #expect(CSVReader.records(in: CSVWriter.row([nil, "x"])).first?.fields == ["", "x"])
    }
}
