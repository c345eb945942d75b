import Foundation
import Testing
@testable import LinkedInExport

/// `Sent At` as a spreadsheet in an ISO locale re-saves it: year first, with or without a zone.
@Suite struct YearFirstSentAtTests {
    private let nineUTC: Int64 = 1_767_603_600_000  // 2026-01-05T09:00:00Z

    @Test func yearFirstTimesWithNoZoneAreReadInTheGivenZone() throws {
        let ny = try #require(Fixtures.newYork)
        for text in ["2026-01-05T09:00:00", "2026-01-05 09:00:00", "2026-01-05 09:00", "2026/01/05 09:00",
                     "2026-1-5 9:00", " 2026-01-05t09:00:00.000 ", "2026/01/05T09:00:00"] {
            #expect(ExportDates.sentAt(text)?.milliseconds(in: .gmt) == nineUTC, "\(text)")
            #expect(ExportDates.sentAt(text)?.milliseconds(in: ny) == 1_767_621_600_000, "\(text)")  // 14:00Z (EST)
        }
    }

    @Test func aZoneWrittenInTheValueWinsOverTheGivenOne() throws {
        let ny = try #require(Fixtures.newYork)
        for text in ["2026-01-05T09:00:00Z", "2026-01-05T09:00:00z", "2026-01-05 10:00:00+01:00", "2026-01-05T10:00+0100",
                     "2026-01-05T10:00:00+01", "2026-01-05 04:00 -05:00", "2026-01-05T09:00:00-00:00",
                     "2026-01-05 09:00:00 UTC", "2026-01-05 09:00 utc"] {  // as LinkedIn's other exports write times (audit 128)
            #expect(ExportDates.sentAt(text)?.milliseconds(in: ny) == nineUTC, "\(text)")
            #expect(ExportDates.sentAt(text)?.milliseconds(in: .gmt) == nineUTC, "\(text)")
        }
        #expect(ExportDates.sentAt("2026-01-05T00:30:00+05:30")?.milliseconds(in: ny) == 1_767_553_200_000)  // 2026-01-04T19:00Z
    }

    @Test func fractionalSecondsAreKeptToTheMillisecond() {
        #expect(ExportDates.sentAt("2026-01-05T09:00:00.25Z")?.milliseconds(in: .gmt) == nineUTC + 250)
        #expect(ExportDates.sentAt("2026-01-05 09:00:00,1234")?.milliseconds(in: .gmt) == nineUTC + 123)
    }

    @Test func yearFirstNonsenseIsRefused() {
        for bad in ["2026-01-05", "2026-13-05 09:00", "2026-02-30 09:00", "2026-01-05 24:00", "2026-01-05 09:0",
                    "2026-01/05 09:00", "2026-01-05T 09:00", "2026-01-05 09:00:00.", "2026-01-05 09:00:00+1",
                    "2026-01-05 09:00:00+24:00", "2026-01-05 09:00:00+01:60", "2026-01-05 09:00 PM", "26-01-05 09:00",
                    "2026-01-05 09:00Z extra", "2026-01-05 09:00:00+01:00Z", "2026-01-05 09:00:00 UT", "2026-01-05 09:00:00 UTC+1"] {
            #expect(ExportDates.sentAt(bad) == nil, "\(bad) should not parse")
        }
    }

    @Test func aFileOfYearFirstTimesIsReadWithNoProblem() throws {
        let text = "From,To,Sent At,Message,Direction\nMe,Ana,2026-01-05T09:00:00Z,,OUTGOING\nMe,Ben,2026-01-05 09:00,,OUTGOING\n"
        let file = try LinkedInExportReader.readInvitations(text: text, timeZone: try #require(Fixtures.newYork))
        #expect(file.problems.isEmpty, "\(file.problems)")
        #expect(file.invitations.map(\.sentAt) == [nineUTC, 1_767_621_600_000])
        #expect(file.dates == .none, "year-first dates tell nothing of a slash order")
    }

    /// Year first is never ambiguous: beside slash dates, only the slash dates decide the file's order.
    @Test func yearFirstDatesTakeNoPartInTheSlashOrder() throws {
        let dayFirst = SlashDateOrder.evidence(in: ["2026-01-13 09:00", "2026/12/13 09:00", "15/01/2026 09:00", "05/01/2026 09:00"])
        #expect(dayFirst.order == .dayFirst && dayFirst.dayFirstExample == "15/01/2026 09:00")
        let undecided = SlashDateOrder.evidence(in: ["2026/01/13 09:00", "05/01/2026 09:00"])
        #expect(undecided.order == .monthFirst && undecided.undecided && undecided.ambiguousExample == "05/01/2026 09:00")
        let text = "From,To,Sent At,Message,Direction\nMe,Ana,2026/01/13 09:00,,OUTGOING\nMe,Ben,15/01/2026 09:00,,OUTGOING\n"
            + "Me,Cy,05/01/2026 09:00,,OUTGOING\n"
        let file = try LinkedInExportReader.readInvitations(text: text)
        #expect(file.problems.isEmpty, "\(file.problems)")
        #expect(file.dates.order == .dayFirst)
        let day: Int64 = 86_400_000
        #expect(file.invitations.map(\.sentAt) == [nineUTC + 8 * day, nineUTC + 10 * day, nineUTC])  // 13, 15 and 5 January
    }

    @Test func anUnreadableSentAtSaysWhatWasExpected() throws {
        let text = "From,To,Sent At,Message,Direction\nMe,Ana,next Tuesday,,OUTGOING\n"
        let file = try LinkedInExportReader.readInvitations(text: text)
        #expect(file.problems.map(\.reason) == ["invitation to Ana: unreadable Sent At \"next Tuesday\" (expected a time such as 1/29/26, 2:37 PM)"])
    }
}
