import Foundation
import Testing
import LinkedInExport

@Suite struct TextParsingTests {
    @Test func headerMatchedByNameCaseInsensitivelyAndTrimmed() throws {
        let text = " direction , SENT AT,to,From ,message,Extra Thing,\nOUTGOING,\"1/29/26, 2:37 PM\",Jane Doe,Me,,x,\n"
        let file = try LinkedInExportReader.readInvitations(text: text)
        #expect(file.invitations.count == 1)
        #expect(file.invitations.first?.to == "Jane Doe")
        #expect(file.invitations.first?.sentAt == 1_769_697_420_000)
        #expect(file.unknownColumns == ["Extra Thing"])
        #expect(!file.hasProfileURLs)
    }

    @Test func severalReasonsAreJoined() throws {
        let text = "From,To,Sent At,Message,Direction\nMe,,soon,,\n"
        let file = try LinkedInExportReader.readInvitations(text: text, fileName: "x.csv")
        #expect(file.problems == [
            ExportRowProblem(file: "x.csv", line: 2, reason: "invitation from Me: empty Direction; unreadable Sent At \"soon\" (expected a time such as 1/29/26, 2:37 PM)"),
        ])
        #expect(file.problems.first?.description == "x.csv:2: invitation from Me: empty Direction; unreadable Sent At \"soon\" (expected a time such as 1/29/26, 2:37 PM)")
    }

    @Test func incomingRowNeedsTheInviter() throws {
        let text = "From,To,Sent At,Message,Direction\n,Me,\"1/29/26, 2:37 PM\",,INCOMING\n"
        let file = try LinkedInExportReader.readInvitations(text: text)
        #expect(file.problems.map(\.reason) == ["no inviter name or profile URL"])
    }

    @Test func unterminatedQuoteIsAProblemNotAFailure() throws {
        let text = "From,To,Sent At,Message,Direction\nMe,Jane,\"1/29/26, 2:37 PM\",,OUTGOING\nMe,Bob,\"1/29/26, 2:37 PM\",\"oops,OUTGOING\n"
        let file = try LinkedInExportReader.readInvitations(text: text)
        #expect(file.invitations.map(\.to) == ["Jane"])
        #expect(file.problems.map(\.line) == [3])
        #expect(file.problems.map(\.reason) == ["a quoted field is never closed"])
    }

    /// A quote opened in one row and closed in the next takes that row in: the problem names both lines (audit 22).
    @Test func aMisplacedQuoteNamesTheLinesItTookIn() throws {
        let text = "From,To,Sent At,Message,Direction\nMe,A1,\"1/29/26, 2:37 PM\",,OUTGOING\n"
            + "Me,A2,\"1/29/26, 2:38 PM\",\"oops,OUTGOING\nMe,A3,\"1/29/26, 2:39 PM\",,OUTGOING\nMe,A4,\"1/29/26, 2:40 PM\",,OUTGOING\n"
        let file = try LinkedInExportReader.readInvitations(text: text)
        #expect(file.invitations.map(\.to) == ["A1", "A4"])
        #expect(file.problems.map(\.line) == [3])
        #expect(file.problems.first?.reason.hasSuffix("(the record runs over lines 3–4: a quote in it may be misplaced, and the rows on those lines are not read)") == true,
                "\(file.problems)")
    }

    /// Trailing commas a spreadsheet adds, in the rows or the header, lose nothing: the rows are read (audit 81 F6).
    @Test func trailingEmptyFieldsAreNotAnError() throws {
        let rows = "Me,A1,\"1/29/26, 2:37 PM\",,OUTGOING\nMe,A2,\"1/29/26, 2:38 PM\",Hi,OUTGOING,,,\n"
        for header in ["From,To,Sent At,Message,Direction\n", "From,To,Sent At,Message,Direction,\n"] {
            let file = try LinkedInExportReader.readInvitations(text: header + rows)
            #expect(file.problems.isEmpty && file.invitations.map(\.to) == ["A1", "A2"], "\(header): \(file.problems)")
            #expect(file.invitations[1].message == "Hi")
        }
        // A filled field past the header is still a row that does not fit.
        let extra = try LinkedInExportReader.readInvitations(text: "From,To,Sent At,Message,Direction\nMe,A3,\"1/29/26, 2:39 PM\",,OUTGOING,x\n")
        #expect(extra.problems.map(\.reason) == ["expected 5 fields, found 6"])
    }

    @Test func unquotedSentAtSplitsTheRow() throws {
        let text = "From,To,Sent At,Message,Direction\nMe,Jane,1/29/26, 2:37 PM,,OUTGOING\n"
        let file = try LinkedInExportReader.readInvitations(text: text)
        #expect(file.problems.map(\.reason) == ["expected 5 fields, found 6"])
    }

    @Test func connectionsWithURLButNoName() throws {
        let text = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n,,https://www.linkedin.com/in/x,,,,08 Feb 2026\n"
        let file = try LinkedInExportReader.readConnections(text: text)
        #expect(file.problems.isEmpty)
        #expect(file.connections.first?.profileURL == "https://www.linkedin.com/in/x")
        #expect(file.connections.first?.fullName == "")
    }

    @Test func headerOnlyAndBlankLines() throws {
        let file = try LinkedInExportReader.readConnections(text: "\u{FEFF}\n\nFirst Name,Last Name,Connected On\r\n\r\n")
        #expect(file.connections.isEmpty && file.problems.isEmpty)
        #expect(throws: ExportReadError.self) { try LinkedInExportReader.readConnections(text: "") }
    }

    /// Years Foundation's Julian calendar would move (before 1583) and times past the ledger's last
    /// millisecond are refused rows that say so, not wrong times or "unreadable" (audit 49 M1).
    @Test func timesOutsideTheLedgersYearsAreRefusedRowsThatSaySo() throws {
        let header = "From,To,Sent At,Message,Direction\n"
        let old = try LinkedInExportReader.readInvitations(text: header + "Me,Jane,\"1/29/1500, 2:37 PM\",,OUTGOING\n")
        #expect(old.problems.map(\.reason) == ["invitation to Jane: Sent At \"1/29/1500, 2:37 PM\" is outside the years 1583–9999"])
        let ny = try #require(Fixtures.newYork)
        let late = "Me,Jane,\"12/31/9999, 11:00 PM\",,OUTGOING\n"
        #expect(try LinkedInExportReader.readInvitations(text: header + late).problems.isEmpty)
        let west = try LinkedInExportReader.readInvitations(text: header + late, timeZone: ny)
        #expect(west.problems.map(\.reason) == ["invitation to Jane: Sent At \"12/31/9999, 11:00 PM\" is after 9999-12-31T23:59:59.999Z in UTC"])
        let first = try LinkedInExportReader.readInvitations(text: header + "Me,Jane,\"1/1/1583, 12:00 AM\",,OUTGOING\n")
        #expect(first.invitations.first?.sentAt == -12_212_553_600_000)  // 1583-01-01T00:00:00Z, proleptic Gregorian
        let connections = "First Name,Last Name,URL,Connected On\nJane,Doe,,01 Jan 1200\n"
        #expect(try LinkedInExportReader.readConnections(text: connections).problems.map(\.reason)
            == ["connection Jane Doe: Connected On \"01 Jan 1200\" is outside the years 1583–9999"])
    }

    /// A file past 64 MiB is refused while it is read, before it is all in memory (audit 49 L3).
    @Test func aFileLargerThanAnyExportIsRefused() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("Invitations.csv")
        #expect(FileManager.default.createFile(atPath: url.path, contents: Data("From,To,Sent At,Message,Direction\n".utf8)))
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 65 << 20)
        try handle.close()
        #expect {
            _ = try LinkedInExportReader.readInvitations(contentsOf: url)
        } throws: { error in
            "\(error)".contains("cannot be read (it holds more than 64 MiB")
        }
    }
}
