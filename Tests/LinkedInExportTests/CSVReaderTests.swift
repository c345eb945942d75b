import Testing
import LinkedInExport

@Suite struct CSVReaderTests {
    @Test func plainRecordsWithAndWithoutTrailingNewline() {
        #expect(CSVReader.records(in: "a,b\nc,d\n") == [
            CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["c", "d"]),
        ])
        #expect(CSVReader.records(in: "a,b\nc,d") == [
            CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["c", "d"]),
        ])
        #expect(CSVReader.records(in: "").isEmpty)
    }

    @Test func quotedCommasDoubledQuotesAndLineBreaks() {
        let text = "\"Doe, Jane\",\"say \"\"hi\"\"\",\"two\r\nlines\",\"lf\nonly\"\r\nnext,\"\"\r\n"
        #expect(CSVReader.records(in: text) == [
            CSVRecord(line: 1, fields: ["Doe, Jane", "say \"hi\"", "two\r\nlines", "lf\nonly"]),
            CSVRecord(line: 4, fields: ["next", ""]),  // two breaks inside quotes
        ])
    }

    @Test func startingLineCountsBreaksInsideQuotesAndBlankLines() {
        let text = "h1,h2\n\n\"a\nb\nc\",x\r\n\ny,z\rw,v"
        let records = CSVReader.records(in: text)
        #expect(records.map(\.line) == [1, 2, 3, 6, 7, 8])
        #expect(records[1].isBlank && records[3].isBlank)
        #expect(records[2].fields == ["a\nb\nc", "x"])
        #expect(records[4].fields == ["y", "z"])
        #expect(records[5].fields == ["w", "v"])
    }

    @Test func aSpreadsheetsEmptyRowIsBlank() {
        let records = CSVReader.records(in: ",,,,\n , ,\"\",\na,,\n\"")
        #expect(records[0].isBlank && records[1].isBlank, "audit 45: Excel writes ,,,,, for an empty row")
        #expect(!records[2].isBlank)
        #expect(!records[3].isBlank, "an unterminated quote is a problem to report, not a blank row")
    }

    @Test func skipsByteOrderMark() {
        #expect(CSVReader.records(in: "\u{FEFF}From,To\n") == [CSVRecord(line: 1, fields: ["From", "To"])])
    }

    @Test func emptyFieldsAndTrailingComma() {
        #expect(CSVReader.records(in: ",,\n") == [CSVRecord(line: 1, fields: ["", "", ""])])
    }

    @Test func lenientAboutStrayQuotes() {
        #expect(CSVReader.records(in: "ab\"c,\"q\"x\n") == [CSVRecord(line: 1, fields: ["ab\"c", "qx"])])
    }

    @Test func reportsUnterminatedQuote() {
        let records = CSVReader.records(in: "a,b\n\"open,c\nd\n")
        #expect(records.count == 2)
        #expect(records[1] == CSVRecord(line: 2, fields: ["open,c\nd\n"], hasUnterminatedQuote: true))
    }
}
