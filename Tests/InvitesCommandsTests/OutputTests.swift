@testable import InvitesCommands
import Ledger
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

    @Test func aValueWithANewlineOrATabStaysOnItsRowInTheTerminalAndWholeInCSV() throws {
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
        // Bidirectional overrides and isolates turn a row around; their neighbours (U+2027, U+202F, U+2065, U+206A) stay.
        #expect(Table.oneLine("src\u{202E}evil\u{202A}x\u{2066}y\u{2069}z") == "src evil x y z")
        #expect(Table.oneLine("a\u{2027}b\u{202F}c\u{2065}d\u{206A}e") == "a\u{2027}b\u{202F}c\u{2065}d\u{206A}e")
        for value in UInt32(0x2000)...0x20FF {
            let scalar = try #require(Unicode.Scalar(value))
            #expect(Table.needsOneLine(String(scalar)) == Table.isControlOrLineSeparator(scalar), "U+\(String(value, radix: 16))")
        }
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

    /// Numbers are plain decimals in JSON and CSV, never in exponent form, and read back as the same value (audit 134).
    @Test func numbersNeverTakeAnExponent() {
        let cases: [(Double, String)] = [
            (1.1574074074074074e-08, "0.000000011574074074074074"), (4.513888888888889e-07, "0.0000004513888888888889"),
            (0.0001, "0.0001"), (0.5, "0.5"), (5, "5.0"), (-0.0, "0.0"), (-2.5e-05, "-0.000025"), (1e15, "1000000000000000.0"),
            (1.5e16, "15000000000000000.0"), (123456789012345.6, "123456789012345.6"), (-7, "-7.0"), (2.5e300, "25" + String(repeating: "0", count: 299) + ".0"),
        ]
        for (value, text) in cases {
            #expect(DecimalText.plain(value) == text, "\(value)")
            #expect(Double(DecimalText.plain(value)) == value, "\(value)")
        }
        for _ in 0..<2000 {
            let value = Double(bitPattern: UInt64.random(in: 0...UInt64.max))
            guard value.isFinite else { continue }
            let text = DecimalText.plain(value)
            #expect(!text.contains("e") && Double(text) == value, "\(value): \(text)")
        }
        #expect(JSONValue.object([("age_days", .number(1.1574074074074074e-08)), ("x", .number(.nan))]).text == #"{"age_days":0.000000011574074074074074,"x":null}"#)
    }

    /// A stored time near year 0000 or 9999, shifted into a table's zone, keeps its whole date and time (audit 47 L1).
    @Test func aTimeShiftedPastYear9999OrBefore0000KeepsItsWholeDate() throws {
        let first = try Timestamp.parse("0000-01-01T00:00:00Z"), last = try Timestamp.parse("9999-12-31T23:59:59.999Z")
        let newYork = try #require(DisplayZone(named: "America/New_York"))
        let kolkata = try #require(DisplayZone(named: "+05:30"))
        #expect(newYork.short(first) == "-0001-12-31 19:03:58")  // local mean time, −4:56:02
        #expect(kolkata.short(last) == "10000-01-01 05:29:59.999")
        #expect(DisplayZone.utc.short(last) == "9999-12-31 23:59:59.999")
    }

    /// In the hour a zone repeats when its summer time ends, a table's time carries its offset; elsewhere it does not (audit 108 F5).
    @Test func theRepeatedHourSaysItsOffset() throws {
        let newYork = try #require(DisplayZone(named: "America/New_York"))
        #expect(newYork.short(try Timestamp.parse("2026-11-01T05:30:00Z")) == "2026-11-01 01:30 -04:00")
        #expect(newYork.short(try Timestamp.parse("2026-11-01T06:30:00Z")) == "2026-11-01 01:30 -05:00")
        #expect(newYork.short(try Timestamp.parse("2026-11-01T04:30:00Z")) == "2026-11-01 00:30")
        #expect(newYork.short(try Timestamp.parse("2026-11-01T07:00:00Z")) == "2026-11-01 02:00")
        #expect(newYork.short(try Timestamp.parse("2026-03-08T07:30:00Z")) == "2026-03-08 03:30")  // the skipped hour: no twin
        let offset = try #require(DisplayZone(named: "-05:00"))
        #expect(offset.short(try Timestamp.parse("2026-11-01T06:30:00Z")) == "2026-11-01 01:30")
    }

    /// A table's time shows its seconds when it has any, so that an `until` is never shown before it ends; an age is cut down (audit 108 F4, F8).
    @Test func tableTimesKeepTheirSecondsAndAgesAreCutDown() throws {
        #expect(Short.time(try Timestamp.parse("2026-03-22T12:00:00Z")) == "2026-03-22 12:00")
        #expect(Short.time(try Timestamp.parse("2026-03-22T12:00:30Z")) == "2026-03-22 12:00:30")
        #expect(Short.time(try Timestamp.parse("2026-03-22T12:00:00.250Z")) == "2026-03-22 12:00:00.250")
        #expect(Short.age(181.979) == "181.9 d")
        #expect(Short.age(182) == "182.0 d")
        #expect(Short.age(-0.03) == "0.0 d" && Short.age(-0.25) == "-0.2 d")
        #expect(Short.age(0.04) == "0.0 d")
    }

    /// A cooldown's time left is rounded up, so a pair still cooling never shows `0.0 d`, and exact tenths stay exact (audit 126 N2).
    @Test func timeLeftIsRoundedUp() throws {
        let now = try Timestamp.parse("2026-01-31T09:30:00Z")
        #expect(Short.left(until: try Timestamp.parse("2026-01-31T10:00:00Z"), now: now) == "0.1 d")
        #expect(Short.left(until: try Timestamp.parse("2026-01-31T09:30:00.001Z"), now: now) == "0.1 d")
        #expect(Short.left(until: try Timestamp.parse("2026-01-31T16:42:00Z"), now: now) == "0.3 d")  // 0.3 days exactly
        #expect(Short.left(until: try Timestamp.parse("2026-02-21T09:30:00Z"), now: now) == "21.0 d")
        #expect(Short.left(until: try Timestamp.parse("2026-02-21T09:30:01Z"), now: now) == "21.1 d")
        #expect(Short.left(until: now, now: now) == "0.0 d")
    }

    /// A zone at UTC today but not always (Sao Tomé was UTC+1 in 2018) is shifted like any other; UTC's own names are not (audit 47 L2).
    @Test func aZoneAtZeroTodayStillShiftsTheTimesOfItsOtherOffsets() throws {
        let june2018 = try Timestamp.parse("2018-06-01T12:00:00Z")
        let saoTome = try #require(DisplayZone(named: "Africa/Sao_Tome"))
        #expect(!saoTome.isUTC && saoTome.label == "Africa/Sao_Tome")
        #expect(saoTome.short(june2018) == "2018-06-01 13:00")
        for name in ["UTC", "utc", "Etc/UTC", "GMT", "Z", "+00:00", "-0", "Etc/GMT+0", "Zulu"] {
            #expect(try #require(DisplayZone(named: name), "\(name)").isUTC, "\(name)")
        }
    }
}

/// Wide characters take two columns and marks none, so a table's columns stay in line (audit 51).
@Test func terminalWidthsCountWideCharactersTwice() {
    #expect(TerminalWidth.of("linkedin.com/in/bob") == 19)
    #expect(TerminalWidth.of("王小明") == 6)
    #expect(TerminalWidth.of("活动:上海") == 9)
    #expect(TerminalWidth.of("event:köln 🎉") == 13)
    #expect(TerminalWidth.of("Zoë") == 3 && TerminalWidth.of("Zoe\u{0308}") == 3)
    #expect(TerminalWidth.of("👩‍💻") == 2 && TerminalWidth.of("❤️") == 2 && TerminalWidth.of("©") == 1)
    #expect(TerminalWidth.of("한국어") == 6 && TerminalWidth.of("ｆｕｌｌ") == 8)
    // A grapheme of another script takes its scalars' columns, as terminals count them (audit 109 F2):
    // प्रि is a consonant, a virama (none), a consonant and a spacing vowel sign.
    #expect(TerminalWidth.of("प्रिया शर्मा") == 10 && TerminalWidth.of("अनीता") == 5 && TerminalWidth.of("กำพล") == 4)
    #expect(TerminalWidth.of("👍🏽") == 2 && TerminalWidth.of("🇩🇪") == 2)
    var table = Table(["source", "sent"], numeric: [1])
    table.add(["活动:上海", "1"])
    table.add(["plain", "22"])
    let lines = table.rendered.split(separator: "\n").map(String.init)
    // Every line ends in the same column: the numbers are right-aligned after the padded sources.
    #expect(Set(lines.prefix(4).map(TerminalWidth.of)) == [TerminalWidth.of(lines[1])], "\(lines)")
}

/// How far a time is, rounded down (or, for a wait, up) in the largest unit that is at least 2.
@Test func timeAheadRoundsDownInTheLargestUnitOfAtLeastTwo() {
    let now = Timestamp(milliseconds: 1_800_000_000_000)
    func ahead(_ milliseconds: Int64) -> String { TimeAhead.phrase(Timestamp(milliseconds: now.milliseconds + milliseconds), from: now) }
    #expect(ahead(-1) == "now" && ahead(0) == "now")
    #expect(ahead(59_999) == "in under a minute" && ahead(60_000) == "in 1 minute" && ahead(119_999) == "in 1 minute")
    #expect(ahead(120_000) == "in 2 minutes" && ahead(7_199_999) == "in 119 minutes" && ahead(7_200_000) == "in 2 hours")
    #expect(ahead(172_799_999) == "in 47 hours" && ahead(172_800_000) == "in 2 days" && ahead(21 * 86_400_000 - 1) == "in 20 days")
    #expect(TimeAhead.phrase(Timestamp(milliseconds: .max), from: Timestamp(milliseconds: .min)) == "in \(Int64.max / 86_400_000) days")
    // A wait rounds up in the same unit: 10.9999 days left are never "in 10 days" (audit 136).
    func wait(_ milliseconds: Int64) -> String {
        TimeAhead.phrase(Timestamp(milliseconds: now.milliseconds + milliseconds), from: now, roundingUp: true)
    }
    #expect(wait(11 * 86_400_000 - 1) == "in 11 days" && wait(11 * 86_400_000) == "in 11 days" && wait(11 * 86_400_000 + 1) == "in 11 days 1 hour")
    #expect(wait(11 * 86_400_000 + 9 * 3_600_000) == "in 11 days 9 hours" && wait(11 * 86_400_000 + 9 * 3_600_000 + 1) == "in 11 days 10 hours")
    #expect(wait(86_400_001) == "in 25 hours" && wait(60_001) == "in 2 minutes" && wait(60_000) == "in 1 minute" && wait(59_999) == "in under a minute")
}

/// A title that names a client's text (the LinkedIn summary's account) is shown on one line, as a cell is (review 57).
@Test func aTableTitleIsShownOnOneLine() {
    var table = Table(["account al\u{202E}ex\nnext", "rows"], numeric: [1])
    table.add(["read", "7"])
    #expect(table.rendered.split(separator: "\n").first == "account al ex next  rows")
}
