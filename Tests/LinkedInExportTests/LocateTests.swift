import Foundation
import Testing
@testable import LinkedInExport

@Suite struct LocateTests {
    @Test func findsBothFilesInAnExportFolder() throws {
        let found = try LinkedInExportReader.locate(Fixtures.url("export-2026-01"))
        #expect(found.invitations?.lastPathComponent == "Invitations.csv")
        #expect(found.connections?.lastPathComponent == "Connections.csv")
    }

    @Test func folderMatchIgnoresCaseAndNeedsOneFile() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("First Name,Last Name,Connected On\n".utf8).write(to: folder.appendingPathComponent("CONNECTIONS.CSV"))
        let found = try LinkedInExportReader.locate(folder)
        #expect(found.invitations == nil)
        #expect(found.connections?.lastPathComponent == "CONNECTIONS.CSV")

        let empty = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: ExportReadError(.noExportFiles(), path: empty.path)) {
            try LinkedInExportReader.locate(empty)
        }
    }

    /// A file a browser renamed on download (`Invitations (1).csv`) is read when it is the only one of its kind (audit 83 F12),
    /// or the only one beside a 0-byte file of the name (audit 128 F3).
    @Test func aRenamedDownloadCopyIsReadWhenItIsTheOnlyOne() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("From,To,Sent At,Message,Direction\n".utf8).write(to: folder.appendingPathComponent("Invitations (1).csv"))
        try Data("First Name,Last Name,Connected On\n".utf8).write(to: folder.appendingPathComponent("Connections.csv"))
        #expect(try LinkedInExportReader.locate(folder).invitations?.lastPathComponent == "Invitations (1).csv")
        // Two copies: which is newer is not the name's to say, so neither is guessed.
        try Data("From,To,Sent At,Message,Direction\n".utf8).write(to: folder.appendingPathComponent("Invitations (2).csv"))
        #expect(try LinkedInExportReader.locate(folder).invitations == nil)
        // The name LinkedIn writes wins over copies; other names are not copies.
        try Data("From,To,Sent At,Message,Direction\n".utf8).write(to: folder.appendingPathComponent("invitations.csv"))
        #expect(try LinkedInExportReader.locate(folder).invitations?.lastPathComponent == "invitations.csv")
        // A 0-byte file of the name: the one copy beside it that holds something is read in its place (audit 128 F3), two are not.
        try Data().write(to: folder.appendingPathComponent("invitations.csv"))
        #expect(try LinkedInExportReader.locate(folder).invitations == nil)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("Invitations (2).csv"))
        #expect(try LinkedInExportReader.locate(folder).invitations?.lastPathComponent == "Invitations (1).csv")
        try Data().write(to: folder.appendingPathComponent("Invitations (1).csv"))
        #expect(try LinkedInExportReader.locate(folder).invitations == nil)
        // Nothing readable, and copies beside: the refusal names them, rather than "download the export again" (audit 133).
        try FileManager.default.removeItem(at: folder.appendingPathComponent("Connections.csv"))
        try Data("From,To,Sent At,Message,Direction\n".utf8).write(to: folder.appendingPathComponent("Invitations (1).csv"))
        try Data("From,To,Sent At,Message,Direction\n".utf8).write(to: folder.appendingPathComponent("Invitations (2).csv"))
        for emptyFileOfTheName in [true, false] {
            if !emptyFileOfTheName { try FileManager.default.removeItem(at: folder.appendingPathComponent("invitations.csv")) }
            do {
                _ = try LinkedInExportReader.locate(folder)
                Issue.record("two copies and nothing else were read")
            } catch let error as ExportReadError {
                #expect("\(error)".contains("the folder also holds Invitations (1).csv, Invitations (2).csv, renamed downloads"), "\(error)")
            }
        }
        for (name, copy) in [(" (3)", true), ("-2", true), (" copy", true), ("2", true), ("_old", false), (" (a)", false), ("", false)] {
            #expect(ExportLocator.isDownloadCopySuffix(Substring(name)) == copy, "\(name)")
        }
    }

    /// A FIFO of an export file's name in a folder is refused, not read, which waited for a writer for ever (audit 86 F9).
    @Test func aFIFOOfTheNameIsRefusedNotWaitedOn() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try #require(mkfifo(folder.appendingPathComponent("Invitations.csv").path, 0o600) == 0)
        #expect(throws: ExportReadError.self) { try LinkedInExportReader.read(folder) }
        #expect(ExportLocator.regularFileSize(folder.appendingPathComponent("Invitations.csv")) == nil)
    }

    /// A file given alone takes the day-first order its sibling beside it shows, as the two read together do (audit 86).
    @Test func aFileGivenAloneTakesItsSiblingsDateOrder() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(("From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
                  + "A,Bob,02/01/2026 09:00,,OUTGOING,https://www.linkedin.com/in/a,https://www.linkedin.com/in/bob\n"
                  + "A,Jane,15/01/2026 09:00,,OUTGOING,https://www.linkedin.com/in/a,https://www.linkedin.com/in/jane\n").utf8)
            .write(to: folder.appendingPathComponent("Invitations.csv"))
        try Data("First Name,Last Name,URL,Email Address,Company,Position,Connected On\nBob,X,https://www.linkedin.com/in/bob,,,,03/01/2026\n".utf8)
            .write(to: folder.appendingPathComponent("Connections.csv"))
        let alone = try LinkedInExportReader.read(folder.appendingPathComponent("Connections.csv"))
        let together = try LinkedInExportReader.read(folder)
        #expect(alone.invitations == nil && alone.connections?.dates.order == .dayFirst)
        #expect(alone.connections?.connections.first?.connectedAt == together.connections?.connections.first?.connectedAt)
        #expect(alone.connections?.dates.shownBy == "Invitations.csv")
    }

    /// The folder holding the export (a downloads folder) names it, or the ZIP archive there (audit 22).
    @Test func aFolderHoldingTheExportNamesIt() throws {
        let downloads = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: downloads) }
        let export = downloads.appendingPathComponent("Basic_LinkedInDataExport_01-31-2026")
        try FileManager.default.createDirectory(at: export, withIntermediateDirectories: false)
        try Data("From,To,Sent At,Message,Direction\n".utf8).write(to: export.appendingPathComponent("Invitations.csv"))
        try Data().write(to: downloads.appendingPathComponent("Basic_LinkedInDataExport_03-04-2026.zip"))
        #expect(throws: ExportReadError(.noExportFiles(inside: [export.path], archives: [downloads.appendingPathComponent("Basic_LinkedInDataExport_03-04-2026.zip").path]),
                                        path: downloads.path)) {
            try LinkedInExportReader.locate(downloads)
        }
        let message = ExportReadError(.noExportFiles(inside: [export.path]), path: downloads.path).description
        #expect(message.hasSuffix("the export is in \(export.path): give that folder"), "\(message)")
        let zipped = ExportReadError(.noExportFiles(archives: ["a.zip"]), path: downloads.path).description
        #expect(zipped.hasSuffix("a.zip is a ZIP archive: unzip it and give the folder it makes"), "\(zipped)")
    }

    /// A header that lacks a column, or was re-saved with semicolons, is named with what is wrong (audit 22).
    @Test func aNearHeaderSaysWhatIsWrong() throws {
        func problem(_ text: String) -> String? {
            do {
                _ = try LinkedInExportReader.readInvitations(text: text)
                return nil
            } catch let error as ExportReadError {
                guard case .noRecognisableHeader(_, let problem) = error.kind else { return "other: \(error)" }
                return problem
            } catch { return "other: \(error)" }
        }
        #expect(problem("From,To,Sent At,Message\nA,B,\"1/5/26, 9:30 AM\",hi\n") == "the header on line 1 lacks Direction")
        #expect(problem("note\nFrom,Sent At,Message\n") == "the header on line 2 lacks To, Direction")
        #expect(problem("From;To;Sent At;Message;Direction\nA;B;1/5/26 9:30;;OUTGOING\n")?
            .hasPrefix("the header on line 1 is separated by \";\", not \",\"") == true)
        #expect(problem("nothing,like,it\n") == nil)
    }

    @Test func singleFileByNameOrHeader() throws {
        let byName = try LinkedInExportReader.locate(Fixtures.url("export-2023", "Invitations.csv"))
        #expect(byName.invitations != nil && byName.connections == nil)

        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let renamedConnections = folder.appendingPathComponent("people.csv")
        try Data(contentsOf: Fixtures.url("export-2026-01", "Connections.csv")).write(to: renamedConnections)
        #expect(try LinkedInExportReader.locate(renamedConnections) == (nil, renamedConnections))

        let renamedInvitations = folder.appendingPathComponent("sent.csv")
        try Data(contentsOf: Fixtures.url("export-2026-03", "Invitations.csv")).write(to: renamedInvitations)
        #expect(try LinkedInExportReader.locate(renamedInvitations) == (renamedInvitations, nil))

        let other = folder.appendingPathComponent("messages.csv")
        try Data("CONVERSATION ID,FROM,TO,DATE\n".utf8).write(to: other)
        #expect(throws: ExportReadError.self) { try LinkedInExportReader.locate(other) }
    }

    @Test func aMissingOrUnreadableFileIsOneErrorForTheWholeFile() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("Invitations.csv")
        #expect(throws: ExportReadError(.missingFile, path: missing.path)) {
            try LinkedInExportReader.readInvitations(contentsOf: missing)
        }
        #expect(throws: ExportReadError(.missingFile, path: missing.path)) {
            try LinkedInExportReader.locate(missing)
        }

        let latin1 = folder.appendingPathComponent("Connections.csv")
        try Data([0x46, 0x69, 0x72, 0x73, 0x74, 0x2C, 0xE9, 0x0A]).write(to: latin1)
        #expect(throws: ExportReadError(.notUTF8(line: 1, byte: 0xE9), path: latin1.path)) {
            try LinkedInExportReader.readConnections(contentsOf: latin1)
        }
        // Excel's "Unicode Text" is UTF-16, said as such (audit 113 D2).
        let unicodeText = folder.appendingPathComponent("Invitations.csv")
        try Data([0xFF, 0xFE] + Array("From,To".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: unicodeText)
        #expect(throws: ExportReadError(.utf16, path: unicodeText.path)) {
            try LinkedInExportReader.readInvitations(contentsOf: unicodeText)
        }
        // Without its mark, UTF-16's ASCII is valid UTF-8 with NULs that no header matched; said as UTF-16, with its order (review 114 R10).
        for littleEndian in [true, false] {
            try Data(Array("From,To".utf16).flatMap { littleEndian ? [UInt8($0 & 0xFF), 0] : [0, UInt8($0 & 0xFF)] }).write(to: unicodeText)
            #expect(throws: ExportReadError(.utf16WithoutMark(littleEndian: littleEndian), path: unicodeText.path)) {
                try LinkedInExportReader.readInvitations(contentsOf: unicodeText)
            }
        }

        let wrongKind = Fixtures.url("export-2023", "Invitations.csv")
        do {
            _ = try LinkedInExportReader.readConnections(contentsOf: wrongKind)
            Issue.record("expected an error")
        } catch let error as ExportReadError {
            guard case .noRecognisableHeader = error.kind else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(error.description.contains("First Name, Last Name"))
        }
    }
}
