import Foundation
import Testing
import LinkedInExport

@Suite struct InvitationsFixtureTests {
    @Test func olderHeaderWithoutProfileURLs() throws {
        let file = try LinkedInExportReader.readInvitations(
            contentsOf: Fixtures.url("export-2023", "Invitations.csv"), timeZone: .gmt)
        #expect(file.fileName == "Invitations.csv")
        #expect(!file.hasProfileURLs)
        #expect(file.unknownColumns.isEmpty)
        #expect(file.invitations.map(\.line) == [2, 3, 5, 8, 9])
        #expect(file.invitations.map(\.to) == ["Jane Doe", "Doe, John", "Alex Owner", "Kim Lee", "Pat\nQuinn"])
        #expect(file.invitations.map(\.sentAt) == [
            1_699_952_700_000,  // 11/14/23, 9:05 AM  -> 2023-11-14T09:05:00Z
            1_699_876_800_000,  // 11/13/23, 12:00 PM -> 2023-11-13T12:00:00Z
            1_699_749_000_000,  // 11/12/23, 12:30 AM -> 2023-11-12T00:30:00Z
            1_699_555_500_000,  // 11/09/23, 18:45    -> 2023-11-09T18:45:00Z
            1_699_470_900_000,  // 11/08/2023, 7:15 pm -> 2023-11-08T19:15:00Z
        ])
        #expect(file.outgoing.count == 4)
        #expect(file.incomingCount == 1)
        #expect(file.invitations.allSatisfy { $0.inviteeProfileURL == nil && $0.inviterProfileURL == nil })

        let john = file.invitations[1]
        #expect(john.message == "Hi John, we met at \"SwiftConf\".\nWould love to connect!")
        #expect(john.toNameKey == "doe, john")
        #expect(file.invitations[0].message == nil)
        #expect(file.invitations[4].toNameKey == "pat quinn")
        #expect(file.invitations[4].direction == .outgoing)  // "Outgoing", any case
        #expect(file.invitations[2].direction == .incoming)
        #expect(NameKey.of(file.invitations[2].from) == "sam recruiter")

        #expect(file.problems == [
            ExportRowProblem(file: "Invitations.csv", line: 6, reason: "invitation to Maria Garcia: unreadable Sent At \"11/40/23, 3:00 PM\" (expected a time such as 1/29/26, 2:37 PM)"),
            ExportRowProblem(file: "Invitations.csv", line: 7, reason: "hidden profile: no names and no profile URLs"),
            ExportRowProblem(file: "Invitations.csv", line: 11, reason: "expected 5 fields, found 6"),
            ExportRowProblem(file: "Invitations.csv", line: 12, reason: "invitation from Alex Owner to Unknown Dir: unknown Direction \"SIDEWAYS\""),
        ])
    }

    @Test func newerHeaderWithProfileURLsBOMAndCRLF() throws {
        let bytes = try Fixtures.bytes("export-2026-01", "Invitations.csv")
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "fixture must keep its BOM")
        #expect(bytes.contains(0x0D), "fixture must keep its CRLF line endings")

        let file = try LinkedInExportReader.readInvitations(
            contentsOf: Fixtures.url("export-2026-01", "Invitations.csv"), timeZone: .gmt)
        #expect(file.hasProfileURLs)
        #expect(file.unknownColumns.isEmpty)
        #expect(file.invitations.map(\.line) == [2, 3, 5, 7])
        #expect(file.invitations.map(\.sentAt) == [
            1_769_697_420_000,  // 1/29/26, 2:37<U+202F>PM -> 2026-01-29T14:37:00Z
            1_769_590_800_000,  // 1/28/26, 9:00<NBSP>AM   -> 2026-01-28T09:00:00Z
            1_769_558_340_000,  // 1/27/26, 11:59 PM       -> 2026-01-27T23:59:00Z
            1_769_299_500_000,  // 1/25/26, 12:05 AM       -> 2026-01-25T00:05:00Z
        ])
        let bob = file.invitations[1]
        #expect(bob.to == "Smith, Bob")
        #expect(bob.inviteeProfileURL == "https://www.linkedin.com/in/bob-smith")
        #expect(bob.inviterProfileURL == "https://www.linkedin.com/in/alex-owner")
        #expect(bob.message == "Hello Bob,\nloved your talk on \"CRDTs\" 🎉")  // CRLF inside quotes becomes LF
        #expect(file.outgoing.map(\.to) == ["Jane Doe", "Smith, Bob", "Dana White"])
        #expect(file.incomingCount == 1)
        #expect(file.problems == [
            ExportRowProblem(file: "Invitations.csv", line: 6, reason: "no invitee name or profile URL"),
        ])
    }

    @Test func anExportReadInNewYorkIsFiveHoursLaterThanInUTC() throws {
        let ny = try #require(Fixtures.newYork)
        let file = try LinkedInExportReader.readInvitations(
            contentsOf: Fixtures.url("export-2026-01", "Invitations.csv"), timeZone: ny)
        #expect(file.invitations.first?.sentAt == 1_769_715_420_000)  // 2026-01-29T19:37:00Z
        let utc = try LinkedInExportReader.readInvitations(
            contentsOf: Fixtures.url("export-2026-01", "Invitations.csv"))
        #expect(zip(file.invitations, utc.invitations).allSatisfy { $0.sentAt - $1.sentAt == 5 * 3_600_000 })
    }

    @Test func anInvitationFingerprintIsItsDirectionTimeProfileAndMessage() throws {
        let file = try LinkedInExportReader.readInvitations(
            contentsOf: Fixtures.url("export-2026-01", "Invitations.csv"))
        let sep = "\u{1F}"
        #expect(file.invitations[0].fingerprint == ["linkedin.invitation.v1", "OUTGOING", "1769697420000",
                                                    "url:https://www.linkedin.com/in/jane-doe", ""].joined(separator: sep))
        #expect(file.invitations[2].fingerprint == ["linkedin.invitation.v1", "INCOMING", "1769558340000",
                                                    "url:https://www.linkedin.com/in/chris", ""].joined(separator: sep))
        let old = try LinkedInExportReader.readInvitations(contentsOf: Fixtures.url("export-2023", "Invitations.csv"))
        #expect(old.invitations[1].fingerprint == ["linkedin.invitation.v1", "OUTGOING", "1699876800000",
                                                   "name:doe, john",
                                                   "Hi John, we met at \"SwiftConf\".\nWould love to connect!"]
            .joined(separator: sep))
        #expect(Set(file.invitations.map(\.fingerprint)).count == file.invitations.count)
    }
}
