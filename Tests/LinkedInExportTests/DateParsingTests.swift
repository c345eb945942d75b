import Foundation
import Testing
@testable import LinkedInExport

@Suite struct DateParsingTests {
    private func utc(_ text: String) -> Int64? {
        ExportDates.sentAt(text)?.milliseconds(in: .gmt)
    }

    @Test func sentTimesParseInEveryFormLinkedInHasWrittenThem() {
        let expected: Int64 = 1_769_697_420_000  // 2026-01-29T14:37:00Z
        #expect(utc("1/29/26, 2:37 PM") == expected)
        #expect(utc("1/29/26, 2:37\u{202F}PM") == expected)
        #expect(utc("1/29/26, 2:37\u{00A0}PM") == expected)
        #expect(utc("1/29/26, 2:37PM") == expected)
        #expect(utc(" 01/29/2026,  2:37 pm ") == expected)
        #expect(utc("1/29/26 2:37 PM") == expected)
        #expect(utc("1/29/26, 14:37") == expected)
        #expect(utc("1/29/26, 2:37:00 PM") == expected)
    }

    @Test func twelveAMIsMidnightAndTwelvePMIsNoon() {
        #expect(utc("1/29/26, 12:00 AM") == 1_769_644_800_000)  // 2026-01-29T00:00:00Z
        #expect(utc("1/29/26, 12:00 PM") == 1_769_688_000_000)  // 2026-01-29T12:00:00Z
        #expect(utc("1/29/26, 0:00") == 1_769_644_800_000)
    }

    @Test func sentTimesThatAreNotDatesAreRefused() {
        for bad in ["", "yesterday", "13/1/26, 1:00 PM", "2/30/26, 1:00 PM", "1/29/26, 13:00 PM",
                    "1/29/26, 0:30 AM", "1/29/26, 2:60 PM", "1/29/26, 2:37 XM", "1/29/126, 2:37 PM",
                    "1/29/26", "1/29/26, 2:37 PM extra", "2026-01-29 2:37 PM"] {
            #expect(utc(bad) == nil, "\(bad) should not parse")
        }
        #expect(utc("2/29/24, 1:00 PM") != nil)  // leap day
    }

    @Test func sentTimesAreReadInTheGivenZoneWinterAndSummer() throws {
        let ny = try #require(Fixtures.newYork)
        #expect(ExportDates.sentAt("1/29/26, 2:37 PM")?.milliseconds(in: ny) == 1_769_715_420_000)  // 19:37Z (EST)
        #expect(ExportDates.sentAt("7/4/25, 9:05 AM")?.milliseconds(in: ny) == 1_751_634_300_000)  // 13:05Z (EDT)
    }

    @Test func daylightSavingGapsAndOverlapsAreDeterministic() throws {
        let ny = try #require(Fixtures.newYork)
        // 2:30 AM on 8 March 2026 does not exist in New York: Calendar moves it forward to 3:30 EDT.
        let gap = ExportDates.sentAt("3/8/26, 2:30 AM")?.milliseconds(in: ny)
        #expect(gap == 1_772_955_000_000)  // 2026-03-08T07:30:00Z
        #expect(gap == ExportDates.sentAt("3/8/26, 2:30 AM")?.milliseconds(in: ny))
        // 1:30 AM on 1 November 2026 happens twice: Calendar takes the first (EDT) one.
        #expect(ExportDates.sentAt("11/1/26, 1:30 AM")?.milliseconds(in: ny) == 1_793_511_000_000)  // 05:30Z
    }

    @Test func connectedOnIsNoonInTheZone() throws {
        let ny = try #require(Fixtures.newYork)
        let tokyo = try #require(Fixtures.tokyo)
        let day = try #require(ExportDates.connectedOn("08 Feb 2026"))
        #expect(day.dayString == "2026-02-08")
        #expect(day.milliseconds(in: .gmt) == 1_770_552_000_000)  // 2026-02-08T12:00:00Z
        #expect(day.milliseconds(in: ny) == 1_770_570_000_000)  // 17:00Z
        #expect(day.milliseconds(in: tokyo) == 1_770_519_600_000)  // 03:00Z
    }

    @Test func connectionDaysParseInEveryFormAndNonsenseIsRefused() {
        for text in ["08 Feb 2026", "8 Feb 2026", "08 feb 2026", "08 FEB 2026", "08 February 2026",
                     "08 Feb. 2026", " 08\u{00A0}Feb 2026 ", "08-Feb-2026",
                     // As a spreadsheet re-saves it (audit 22): month first, as Sent At, or ISO.
                     "2/8/2026", "02/08/2026", "2/8/26", "2026-02-08", "2026-2-8"] {
            #expect(ExportDates.connectedOn(text)?.dayString == "2026-02-08", "\(text)")
        }
        #expect(ExportDates.connectedOn("30 Sept 2025")?.dayString == "2025-09-30")
        for bad in ["", "31 Nov 2023", "08 Fe 2026", "08 Feb 26", "Feb 08 2026", "08 Foo 2026", "13/8/2026", "2/30/2026",
                    "2026-13-01", "2026-02-08T10:00", "2/8/2026 10:00", "026-02-08", "2/8/202"] {
            #expect(ExportDates.connectedOn(bad) == nil, "\(bad) should not parse")
        }
    }
}

/// A spreadsheet re-saves an export's dates in its own locale's order: a file is read day first when its dates show it (audit 45).
@Suite struct SlashDateOrderTests {
    @Test func aFileIsReadDayFirstOnlyWhenADateCanOnlyBeReadSo() {
        let dayFirst = SlashDateOrder.evidence(in: ["05/01/2026", "15/01/2026", "29 Jan 2026"])
        #expect(dayFirst.order == .dayFirst && dayFirst.dayFirstExample == "15/01/2026" && !dayFirst.undecided)
        let monthFirst = SlashDateOrder.evidence(in: ["1/29/26, 2:37 PM", "1/2/26, 9:00 AM"])
        #expect(monthFirst.order == .monthFirst && !monthFirst.undecided)
        // Both kinds of date: not one order, so LinkedIn's (the day-first one stays unreadable).
        #expect(SlashDateOrder.evidence(in: ["15/01/2026", "1/29/2026"]).order == .monthFirst)
        let undecided = SlashDateOrder.evidence(in: ["05/01/2026", "02/03/2026"])
        #expect(undecided.order == .monthFirst && undecided.undecided && undecided.resaved)
        #expect(!SlashDateOrder.evidence(in: ["1/2/26, 9:00 AM"]).resaved, "LinkedIn's own Sent At has a 2-digit year")
        #expect(SlashDateOrder.evidence(in: ["29 Jan 2026", "2026-01-05", ""]) == .none)
    }

    /// A sibling file's day-first dates are borrowed only by a file re-saved itself: LinkedIn's own `Sent At` stays month first (audit 81 F13).
    @Test func linkedInsOwnSentAtBorrowsNoOrder() {
        let connections = SlashDateOrder.evidence(in: ["15/01/2026", "04/02/2026"])
        #expect(connections.order == .dayFirst)
        let asDownloaded = SlashDateOrder.evidence(in: ["1/5/26, 9:00 AM", "2/3/26, 9:00 PM"])
        #expect(asDownloaded.undecided && !asDownloaded.resaved)
        #expect(asDownloaded.borrowing(connections, from: "Connections.csv").order == .monthFirst)
        for resaved in [["05/01/2026 09:00"], ["05/01/26 09:00"], ["05/01/26"]] {
            let evidence = SlashDateOrder.evidence(in: resaved)
            #expect(evidence.resaved, "\(resaved)")
            #expect(evidence.borrowing(connections, from: "Connections.csv").order == .dayFirst, "\(resaved)")
        }
    }

    @Test func slashDatesAreReadInTheFilesOrder() {
        #expect(ExportDates.sentAt("02/01/2026, 14:37", order: .dayFirst)?.milliseconds(in: .gmt) == 1_767_364_620_000)  // 2026-01-02T14:37Z
        #expect(ExportDates.sentAt("13/01/2026, 09:00", order: .dayFirst) != nil)
        #expect(ExportDates.sentAt("13/01/2026, 09:00") == nil)
        #expect(ExportDates.connectedOn("05/01/2026", order: .dayFirst)?.dayString == "2026-01-05")
        #expect(ExportDates.connectedOn("05/01/2026")?.dayString == "2026-05-01")
        #expect(ExportDates.connectedOn("05 Jan 2026", order: .dayFirst)?.dayString == "2026-01-05")
    }

    @Test func aConnectionsFileReSavedDayFirstIsReadSo() throws {
        let text = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,N,,,,,05/01/2026\nBen,O,,,,,15/01/2026\n"
        let file = try ConnectionsParser.parse(text: text, fileName: "Connections.csv", timeZone: .gmt)
        #expect(file.problems.isEmpty, "\(file.problems)")
        #expect(file.connections.map(\.connectedOn) == ["2026-01-05", "2026-01-15"])
        #expect(file.dates.dayFirstExample == "15/01/2026")
    }
}
