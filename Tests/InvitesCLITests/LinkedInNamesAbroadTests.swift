import Foundation
import Testing

/// Names outside ASCII English in an older LinkedIn export, which names its invitees by name only (audit 109).
@Suite struct LinkedInNamesAbroadTests {
    /// An older export's folder: Invitations.csv without URL columns, and Connections.csv without URLs.
    static func oldExport(in folder: URL, invitee: String, connectionFirst: String, connectionLast: String) throws -> String {
        let invitations = "From,To,Sent At,Message,Direction\nAlex Doe,\(invitee),\"1/5/26, 9:00 AM\",,OUTGOING\n"
        let connections = LinkedInImportOrderTests.connectionsHeader + "\(connectionFirst),\(connectionLast),,,,,10 Jan 2026\n"
        let export = folder.appendingPathComponent("old")
        try FileManager.default.createDirectory(at: export, withIntermediateDirectories: false)
        try Data(invitations.utf8).write(to: export.appendingPathComponent("Invitations.csv"))
        try Data(connections.utf8).write(to: export.appendingPathComponent("Connections.csv"))
        return export.path
    }

    /// A Chinese, Japanese or Korean name the invitation writes family name first is matched by name (F8).
    @Test func aNameWrittenFamilyFirstIsMatched() throws {
        for (invitee, first, last) in [("王小明", "小明", "王"), ("山田 太郎", "太郎", "山田"), ("김민수", "민수", "김")] {
            try withTemporaryLedger { db, folder in
                let run = try LinkedInImportOrderTests.importExport(
                    try Self.oldExport(in: folder, invitee: invitee, connectionFirst: first, connectionLast: last), db: db)
                #expect(run.status == 0 && run.linkedin["accepted_by_name"] as? Int == 1, "\(invitee): \(run.stdout)\(run.stderr)")
            }
        }
    }

    /// A name typed as LinkedIn shows it, not as the import keys it, gets a note naming the key (F5).
    @Test func aNameTypedAsShownIsPointedToItsKey() throws {
        try withTemporaryLedger { db, folder in
            let run = try LinkedInImportOrderTests.importExport(
                try Self.oldExport(in: folder, invitee: "José García", connectionFirst: "José", connectionLast: "García"), db: db)
            #expect(run.status == 0 && run.linkedin["accepted_by_name"] as? Int == 1, "\(run.stdout)\(run.stderr)")
            let check = try invites(["check", "--account", "alex", "--to", "name:José García", "--db", db])
            #expect(check.stderr.contains("recipient name:José García has never been invited, but name:josé garcía has"), "\(check.stderr)")
            #expect(check.stderr.contains("--to 'name:josé garcía'"), "\(check.stderr)")
            let keyed = try invites(["check", "--account", "alex", "--to", "name:josé garcía", "--db", db])
            #expect(keyed.status == 3 && keyed.stderr.isEmpty, "\(keyed.stdout)\(keyed.stderr)")
        }
    }
}
