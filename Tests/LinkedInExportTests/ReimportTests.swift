import Foundation
import Testing
import LinkedInExport

/// export-2026-03 is a newer export of the same account: a superset of export-2026-01, with new rows
/// on top (so line numbers shift), LF instead of CRLF, no BOM, columns reordered, an extra column,
/// and a changed job title.
@Suite struct ReimportTests {
    @Test func invitationFingerprintsOfCommonRowsAreIdentical() throws {
        let older = try LinkedInExportReader.readInvitations(contentsOf: Fixtures.url("export-2026-01", "Invitations.csv"))
        let newer = try LinkedInExportReader.readInvitations(contentsOf: Fixtures.url("export-2026-03", "Invitations.csv"))
        #expect(newer.unknownColumns == ["Invitation Type"])
        #expect(newer.hasProfileURLs)

        let olderPrints = older.invitations.map(\.fingerprint)
        let newerPrints = newer.invitations.map(\.fingerprint)
        #expect(Array(newerPrints.suffix(olderPrints.count)) == olderPrints)
        let fresh = newer.invitations.filter { !Set(olderPrints).contains($0.fingerprint) }
        #expect(fresh.map(\.to) == ["Eve Adams", "Alex Owner"])
        #expect(fresh.map(\.sentAt) == [1_772_439_000_000, 1_772_382_000_000])  // 2026-03-02T08:10Z, 03-01T16:20Z
        #expect(fresh.first?.message == "Hi Eve, \"quick\" question")

        // Same rows, different lines: the line is not part of the fingerprint.
        #expect(older.invitations.map(\.line) == [2, 3, 5, 7])
        #expect(newer.invitations.suffix(4).map(\.line) == [4, 5, 7, 9])
        #expect(newer.problems.map(\.line) == [8])
    }

    @Test func connectionFingerprintsOfCommonRowsAreIdentical() throws {
        let older = try LinkedInExportReader.readConnections(contentsOf: Fixtures.url("export-2026-01", "Connections.csv"))
        let newer = try LinkedInExportReader.readConnections(contentsOf: Fixtures.url("export-2026-03", "Connections.csv"))
        let olderPrints = older.connections.map(\.fingerprint)
        #expect(Array(newer.connections.map(\.fingerprint).suffix(olderPrints.count)) == olderPrints)
        #expect(newer.connections.map(\.line) == [6, 7, 8])
        #expect(newer.connections.first?.fullNameKey == "eve adams")
        #expect(newer.connections.first?.connectedAt == 1_772_539_200_000)  // 03 Mar 2026 noon UTC
        #expect(newer.connections[1].position == "Principal Engineer")  // changed, fingerprint kept
    }

    @Test func reimportingTheSameExportGivesTheSameFingerprints() throws {
        let url = Fixtures.url("export-2023", "Invitations.csv")
        let first = try LinkedInExportReader.readInvitations(contentsOf: url)
        let second = try LinkedInExportReader.readInvitations(contentsOf: url)
        #expect(first == second)
    }
}
