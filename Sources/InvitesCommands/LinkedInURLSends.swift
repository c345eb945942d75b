import Foundation
import Ledger
import LinkedInExport

/// An account's `sent`s that a LinkedIn import recorded with a profile URL, by their `at`.
///
/// A row of an export from before late 2023 names its invitee only by name. This build
/// records a row with URLs under the ids of its row without them, so the older export finds
/// it by id; but a ledger filled from a newer export by an earlier build holds it under the ids
/// of its URLs, which a name cannot give. Such a row is then found among these sends by its
/// minute and message, and by its invitee's name spelt by the profile's address (`jane doe` is
/// `jane-doe-1a2b3c`): without it, importing the older export recorded every row a second time.
///
/// The name must match, whatever the number of sends in the minute: bulk invitations share
/// minutes and messages, and a row taken for another person's invitation would never be
/// recorded. A profile whose address does not spell the name (a custom or opaque
/// one, `ü` written `ue`) is not found, and the row is recorded again, with a note naming the
/// sends of its minute. Each send is found for one row at most.
struct LinkedInURLSends {
    /// Positions of the sends, by `at` in milliseconds.
    private var positionsByTime: [Int64: [UInt64]] = [:]
    /// Sends already found for a row of this import.
    private var claimed: Set<UInt64> = []

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

    /// What the sends of a row's minute say of it: the one it is, or the others sent that minute (maybe none).
    enum Finding {
        case recorded(Event)
        case notFound(sameMinute: [String])
    }

    /// Finds the recorded `sent` that `row` (a row without URLs) is; `note` is the note its `sent` would carry.
    ///
    /// `notFound` lists the unclaimed sends of the minute with the same note: the ones the row may be.
    mutating func find(_ row: ExportedInvitation, note: String?, view: LedgerView) throws -> Finding {
        let sameMinute = try (positionsByTime[row.sentAt] ?? []).filter { !claimed.contains($0) }
            .compactMap { try view.event(at: $0) }.filter { $0.note == note }
        let named = sameMinute.filter { Self.slug(of: $0.recipient, spells: row.toNameKey) }
        guard named.count == 1, let found = named.first else { return .notFound(sameMinute: sameMinute.map(\.recipient)) }
        claim(found.position)
        return .recorded(found)
    }

    /// Marks a send as found for a row (by this matching, or by its id), so that no other row takes it.
    mutating func claim(_ position: UInt64) { claimed.insert(position) }

    /// Whether a profile address's slug spells exactly a name key's words, in any order.
    ///
    /// `jane doe` is `jane-doe` and `jane-doe-1a2b3c` (a trailing word with a digit is LinkedIn's
    /// suffix), not `jane-m-doe` or `jane-doe-smith`: a name whose words are only some of the
    /// slug's is another person's (John Smith is not `john-paul-smith`). Words
    /// are compared without accents, case or punctuation (`O'Neil` is `oneil`), and nothing else
    /// is left out: leaving out initials or credentials made `Mary J. Smith` and `Mary Smith` one
    /// person. When in doubt the row is recorded, with a note.
    static func slug(of recipient: String, spells key: String) -> Bool {
        let fold = { (text: Substring) in
            String(text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
                .unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
        }
        var slugWords = recipient.dropFirst(profilePrefix.count).split(separator: "-").map(fold).filter { !$0.isEmpty }
        if slugWords.count > 1, slugWords.last?.contains(where: \.isNumber) == true { slugWords.removeLast() }
        let nameWords = key.split(whereSeparator: { $0 == " " || $0 == "-" }).map(fold).filter { !$0.isEmpty }
        return !nameWords.isEmpty && nameWords.sorted() == slugWords.sorted()
    }
}
