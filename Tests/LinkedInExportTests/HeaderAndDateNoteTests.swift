import Foundation
import Testing
@testable import LinkedInExport

/// What standard error is given of a file's header and dates: each note names what the file holds.
@Suite struct HeaderAndDateNoteTests {
    /// The note for a file whose dates are all ambiguous quotes one of its own, and how it was read.
    @Test func anAmbiguousFilesNoteQuotesOneOfItsOwnDates() throws {
        let text = "From,To,Sent At,Message,Direction\nMe,Ana,2026-01-13 09:00,,OUTGOING\nMe,Ben,1/5/2026 09:00,,OUTGOING\n"
            + "Me,Cy,02/03/2026 10:00,,OUTGOING\n"
        let file = try LinkedInExportReader.readInvitations(text: text)
        #expect(file.dates.undecided && file.dates.resaved)
        #expect(file.dates.ambiguousExample == "1/5/2026 09:00")
        #expect(file.dates.ambiguousReading == "January 5")
        let note = try #require(file.dates.undecidedNote)
        #expect(note.hasPrefix("dates are read month first, as LinkedIn writes Sent At (\"1/5/2026 09:00\" read as January 5); "), "\(note)")
        #expect(!note.contains("5/1/2026") && !note.contains("May 1"), "\(note)")
        let connections = try LinkedInExportReader.readConnections(
            text: "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,N,,,,,12/11/2025\n")
        #expect(connections.dates.undecidedNote?.contains("(\"12/11/2025\" read as December 11)") == true)
        // A date no reading takes (a 5-digit year) is not the one quoted (audit 86).
        let unread = SlashDateOrder.evidence(in: ["1/1/99999", "2/3/2026"])
        #expect(unread.ambiguousExample == "2/3/2026", "\(unread)")
        #expect(SlashDateOrder.evidence(in: ["1/1/99999"]).undecidedNote == nil)
    }

    @Test func aFileWhoseDatesToldTheirOrderHasNoAmbiguityNote() throws {
        #expect(SlashDateOrder.evidence(in: ["05/01/2026", "15/01/2026"]).undecidedNote == nil)
        #expect(SlashDateOrder.evidence(in: ["05/01/2026", "1/15/2026"]).undecidedNote == nil)
        #expect(SlashDateOrder.evidence(in: ["29 Jan 2026"]).undecidedNote == nil)
    }

    /// A column written twice is not unknown: the first is read, the second never.
    @Test func aDuplicateColumnIsSaidToBeOneAndTheFirstIsRead() throws {
        let text = "From,To,Sent At,Message,Direction,direction ,Notes\nMe,Ana,\"1/5/26, 9:00 AM\",,OUTGOING,INCOMING,x\n"
        let file = try LinkedInExportReader.readInvitations(text: text)
        #expect(file.invitations.map(\.direction) == [.outgoing], "the first Direction is read")
        #expect(file.unknownColumns == ["Notes"])
        #expect(file.duplicateColumns == ["direction"])
        #expect(file.columnNotes == ["ignored unknown column \"Notes\"", "duplicate column \"direction\": the first is read"])
        let connections = try LinkedInExportReader.readConnections(
            text: "First Name,Last Name,Connected On,Connected On\nAna,N,05 Jan 2026,\n")
        #expect(connections.problems.isEmpty && connections.connections.map(\.connectedOn) == ["2026-01-05"])
        #expect(connections.columnNotes == ["duplicate column \"Connected On\": the first is read"])
        #expect(ColumnNotes.lines(unknown: ["A", "B"], duplicates: ["To", "From"])
            == ["ignored unknown columns \"A\", \"B\"", "duplicate columns \"To\", \"From\": the first of each is read"])
    }

    /// A Connections.csv saved as Invitations.csv, or the reverse, is named for what it is.
    @Test func theOtherFilesHeaderIsSaidToBeIt() throws {
        let connections = "Notes:\n\"When exporting your connection data…\"\n\n"
            + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,N,,,,,05 Jan 2026\n"
        let asInvitations = #expect(throws: ExportReadError.self) {
            try LinkedInExportReader.readInvitations(text: connections, fileName: "Invitations.csv")
        }
        #expect(asInvitations?.description == "Invitations.csv: no recognisable header row (expected the columns From, To, Sent At, Message, "
            + "Direction): this looks like a Connections.csv (its columns First Name, Last Name, URL, Email Address, Company, Position, Connected On)")
        let invitations = "From,To,Sent At,Message,Direction\nMe,Ana,\"1/5/26, 9:00 AM\",,OUTGOING\n"
        let asConnections = #expect(throws: ExportReadError.self) {
            try LinkedInExportReader.readConnections(text: invitations, fileName: "Connections.csv")
        }
        #expect(asConnections?.description == "Connections.csv: no recognisable header row (expected the columns First Name, Last Name, URL, "
            + "Email Address, Company, Position, Connected On): this looks like an Invitations.csv (its columns From, To, Sent At, Message, Direction)")
    }
}
