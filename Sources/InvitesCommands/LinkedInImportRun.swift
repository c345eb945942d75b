import Foundation
import Ledger
import LinkedInExport

/// Where an import's events come from (`--from`).
enum ImportInput: String, CaseIterable, Sendable {
    /// JSON Lines, one event a line (SPEC §2).
    case jsonl
    /// LinkedIn's own data export: Invitations.csv and Connections.csv.
    case linkedin
}

extension ImportCommand {
    /// The zone `--tz` names (UTC when not given), or nil when it names none.
    static func timeZone(named name: String?) -> TimeZone? {
        guard let name else { return .gmt }
        return TimeZone.named(name)
    }

    /// `import --from linkedin`: reads the export, appends what is new, reports unusable rows by line.
    func runLinkedIn(account rawAccount: String) throws {
        let account = Identity.trim(rawAccount)
        let zoneName = tz ?? "UTC"
        guard let timeZone = Self.timeZone(named: tz) else {
            throw Failure("error", "unknown time zone \(zoneName)")
        }
        let export: LinkedInImport
        do {
            let read = try LinkedInExportReader.read(URL(fileURLWithPath: file), timeZone: timeZone)
            export = LinkedInImport(account: account, invitations: read.invitations, connections: read.connections)
        } catch let error as ExportReadError {
            throw Failure("error", error.description)
        }
        let ledger = try options.openForWriting()
        var tally = LinkedInImportTally()
        let outcome = try ledger.append(skipInvalid: true, beforeCommit: try projectionCatchUp(for: ledger)) { writer in
            tally = try export.run(into: &writer)
        }
        for (file, columns) in [(export.invitations?.fileName, export.invitations?.unknownColumns),
                                (export.connections?.fileName, export.connections?.unknownColumns)] {
            guard let file, let columns, !columns.isEmpty else { continue }
            Console.error("\(file): ignored unknown column\(columns.count == 1 ? "" : "s") "
                + columns.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        for (origin, rejection) in tally.refusedRows(of: outcome) {
            Console.error("\(origin.description): \(rejection.code.rawValue): \(rejection.message)")
        }
        for notice in tally.notices.sorted(by: { $0.origin < $1.origin }) {
            Console.error("\(notice.origin.description): \(notice.message)")
        }
        LinkedInImportReport.print(outcome, tally, account: account, timeZone: tz == nil ? zoneName : timeZone.identifier, format: options.format)
    }
}
