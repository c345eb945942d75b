import Foundation
import Ledger
import LinkedInExport

/// An account's `sent`s that a LinkedIn import recorded with a profile URL, by their `at`.
///
/// A row of an export from before late 2023 names its invitee only by name. Since review 23 a
/// row with URLs is recorded under the ids of its row without them, so the older export finds
/// it by id; but a ledger filled from a newer export by an earlier build holds it under the ids
/// of its URLs, which a name cannot give. Such a row is then found by its minute, message and
/// account among these sends, and by the name in the profile's address when several share the
/// minute: without it, importing the older export recorded every row a second time.
struct LinkedInURLSends {
    /// Positions of the sends, by `at` in milliseconds.
    private var positionsByTime: [Int64: [UInt64]] = [:]

    /// Reads the log once for `account`'s sends with source `linkedin-export` to a profile URL.
    init(account: String, view: LedgerView) throws {
        guard let accountID = try view.accountID(account) else { return }
        var isExportSource: [UInt32: Bool] = [:]
        try view.scan { record in
            guard record.kind == .sent, record.accountID == accountID,
                  record.recipient?.hasPrefix(LinkedInURLSends.profilePrefix) == true else { return true }
            let source: Bool
            if let known = isExportSource[record.sourceID] {
                source = known
            } else {
                source = try view.sourceName(record.sourceID) == LinkedInImport.source
                isExportSource[record.sourceID] = source
            }
            if source { positionsByTime[record.at.milliseconds, default: []].append(record.position) }
            return true
        }
    }

    static let profilePrefix = "linkedin.com/in/"

    /// The recorded `sent` that `row` (a row without URLs) is, or nil when none is, or several could be.
    func recorded(_ row: ExportedInvitation, view: LedgerView) throws -> Event? {
        let sameMinute = try (positionsByTime[row.sentAt] ?? []).compactMap { try view.event(at: $0) }
            .filter { $0.note == row.message || $0.note == nil }
        if sameMinute.count <= 1 { return sameMinute.first }
        let named = sameMinute.filter { Self.slug(of: $0.recipient, names: row.toNameKey) }
        return named.count == 1 ? named.first : nil
    }

    /// Whether the profile address's slug holds every word of a name key (`jane doe` in `jane-doe-1a2b3c`).
    static func slug(of recipient: String, names key: String) -> Bool {
        let fold = { (text: Substring) in text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil) }
        let slugWords = Set(recipient.dropFirst(profilePrefix.count).split(separator: "-").map(fold))
        let nameWords = key.split(separator: " ").map(fold)
        return !nameWords.isEmpty && nameWords.allSatisfy(slugWords.contains)
    }
}
