import Foundation
import Testing
import LinkedInExport

@Suite struct ConnectionsFixtureTests {
    @Test func olderFileWithoutURLColumnOrPreamble() throws {
        let file = try LinkedInExportReader.readConnections(
            contentsOf: Fixtures.url("export-2023", "Connections.csv"), timeZone: .gmt)
        #expect(!file.hasProfileURLs)
        #expect(file.unknownColumns.isEmpty)
        #expect(file.connections.map(\.line) == [2, 3, 6])
        #expect(file.connections.map(\.fullNameKey) == ["jane doe", "john doe", "mary ann smith"])
        #expect(file.connections.map(\.connectedAt) == [
            1_700_049_600_000,  // 15 Nov 2023 -> 2023-11-15T12:00:00Z
            1_699_963_200_000,  // 14 Nov 2023 -> 2023-11-14T12:00:00Z
            1_699_790_400_000,  // 12 Nov 2023 -> 2023-11-12T12:00:00Z
        ])
        let jane = file.connections[0]
        #expect(jane.profileURL == nil)
        #expect(jane.email == "jane@example.com")
        #expect(jane.company == "Acme, Inc.")
        #expect(jane.position == "Engineer")
        #expect(jane.connectedOn == "2023-11-15")
        #expect(file.connections[1].company == "The \"Best\" Co")
        #expect(file.connections[1].email == nil)
        #expect(file.connections[2].firstName == "Mary\nAnn")
        #expect(file.problems == [
            ExportRowProblem(file: "Connections.csv", line: 4, reason: "hidden profile: no name and no profile URL"),
            ExportRowProblem(file: "Connections.csv", line: 5, reason: "connection Kim Lee: unreadable Connected On \"31 Nov 2023\" (expected a day such as 05 Jan 2026)"),
        ])
    }

    @Test func newerFileWithPreambleURLsBOMAndCRLF() throws {
        let bytes = try Fixtures.bytes("export-2026-01", "Connections.csv")
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "fixture must keep its BOM")
        #expect(bytes.contains(0x0D), "fixture must keep its CRLF line endings")

        let file = try LinkedInExportReader.readConnections(
            contentsOf: Fixtures.url("export-2026-01", "Connections.csv"), timeZone: .gmt)
        #expect(file.hasProfileURLs)
        #expect(file.connections.map(\.line) == [6, 7])  // Notes: 1, paragraph 2-3, blank 4, header 5
        #expect(file.connections.map(\.profileURL) == [
            "https://www.linkedin.com/in/jane-doe", "https://www.linkedin.com/in/bob-smith",
        ])
        #expect(file.connections.map(\.connectedAt) == [1_770_552_000_000, 1_770_033_600_000])  // noon UTC
        #expect(file.connections[1].company == "The \"Best\" Co")
        #expect(file.problems == [
            ExportRowProblem(file: "Connections.csv", line: 8, reason: "hidden profile: no name and no profile URL"),
        ])
    }

    @Test func noonRuleFollowsTheTimeZone() throws {
        let ny = try #require(Fixtures.newYork)
        let file = try LinkedInExportReader.readConnections(
            contentsOf: Fixtures.url("export-2026-01", "Connections.csv"), timeZone: ny)
        #expect(file.connections.first?.connectedAt == 1_770_570_000_000)  // 08 Feb 2026 12:00 EST = 17:00Z
        #expect(file.connections.first?.connectedOn == "2026-02-08")
    }

    @Test func aConnectionFingerprintIsItsProfileOrNameAndItsDay() throws {
        let sep = "\u{1F}"
        let new = try LinkedInExportReader.readConnections(contentsOf: Fixtures.url("export-2026-01", "Connections.csv"))
        #expect(new.connections[0].fingerprint
            == ["linkedin.connection.v1", "url:https://www.linkedin.com/in/jane-doe", "2026-02-08"].joined(separator: sep))
        let old = try LinkedInExportReader.readConnections(contentsOf: Fixtures.url("export-2023", "Connections.csv"))
        #expect(old.connections[2].fingerprint
            == ["linkedin.connection.v1", "name:mary ann smith", "2023-11-12"].joined(separator: sep))
        // The calendar day, not the instant, goes in: the zone does not change it.
        let ny = try #require(Fixtures.newYork)
        let newNY = try LinkedInExportReader.readConnections(
            contentsOf: Fixtures.url("export-2026-01", "Connections.csv"), timeZone: ny)
        #expect(newNY.connections.map(\.fingerprint) == new.connections.map(\.fingerprint))
    }
}
