import Foundation
import Ledger
import LinkedInExport

/// Turns a parsed LinkedIn export into ledger events inside one batch.
///
/// A `sent` for each outgoing invitation, an `accepted` for each connection that answers a
/// pending invitation.
///
/// Invitations go first, oldest first, so that the acceptances that follow find their `sent`;
/// then connections, oldest first. Every event has an id derived from its row (see
/// ``LinkedInEventIDs``), so rows already imported count as duplicates. Rows that cannot be used
/// are given to the writer as rejections and reported by file and line; the caller appends with
/// `skipInvalid`, so they never stop the rest.
struct LinkedInImport {
    /// The `source` of every `sent` the import records.
    static let source = "linkedin-export"
    /// The prefix of a recipient known only by name (exports before late 2023 carry no profile URLs).
    static let namePrefix = "name:"

    let account: String
    let invitations: InvitationsFile?
    let connections: ConnectionsFile?
    /// The zone the export's wall-clock times were read in (`--tz`).
    var timeZone: TimeZone = .gmt
    /// Whether `--tz` was given: without it, rows that an earlier import read in another zone stop the import (`LinkedInImportBatch`).
    var zoneGiven = true
    /// ` --db PATH` as the command gave it, for the commands its notes suggest (`LedgerOptions.dbArgument`).
    var dbArgument = ""
    /// Whether `--inviter-changed` said that the account's own profile URL changed since its earlier exports.
    var inviterChanged = false

    /// The client value under which the ledger keeps whose profile `account`'s exports came from.
    static func inviterKey(account: String) -> String { "linkedin-inviter:" + account }

    /// The normalised profile URL of the member who sent the export's outgoing invitations, or nil (an export without URLs).
    ///
    /// One member: an export of two was refused before (`ImportCommand.mixedInviters`).
    var inviter: String? {
        invitations?.outgoing.lazy.compactMap { Self.memberProfile($0.inviterProfileURL) }.first
    }

    /// A member's profile URL normalised (`linkedin.com/in/…`), or nil for none, one naming nobody, or another address.
    static func memberProfile(_ url: String?) -> String? {
        guard let url else { return nil }
        let recipient = Identity.recipient(url)
        return recipient.hasPrefix("linkedin.com/in/") ? recipient : nil
    }

    /// The recipient of an outgoing row: its invitee's profile URL normalised, else `name:` and the name's key.
    static func recipient(of row: ExportedInvitation) -> String {
        if let url = row.inviteeProfileURL { return Identity.recipient(url) }
        return namePrefix + row.toNameKey
    }

    /// Feeds the batch and returns what happened; called again from scratch when the batch is retried.
    func run(into writer: inout BatchWriter) throws -> LinkedInImportTally {
        var batch = LinkedInImportBatch(account: account, noteLimit: writer.policy.noteLimit, timeZone: timeZone,
                                        zoneGiven: zoneGiven, headBefore: try writer.view.head().position)
        batch.dbArgument = dbArgument
        if let invitations {
            batch.tally.invitationsRead = invitations.invitations.count + invitations.problems.count
            batch.tally.incomingSkipped = invitations.incomingCount
            for problem in invitations.problems {
                try batch.refuse(Rejection(.invalidEvent, problem.reason), at: origin(invitations.fileName, problem.line, 0), in: &writer)
            }
        }
        if let connections {
            batch.tally.connectionsRead = connections.connections.count + connections.problems.count
            for problem in connections.problems {
                try batch.refuse(Rejection(.invalidEvent, problem.reason), at: origin(connections.fileName, problem.line, 1), in: &writer)
            }
        }
        if let invitations {
            let outgoing = invitations.outgoing.sorted { ($0.sentAt, $0.line) < ($1.sentAt, $1.line) }
            if !invitations.hasProfileURLs { try batch.prepareOldEraMatching(outgoing, in: writer.view) }
            for row in outgoing {
                try batch.recordSent(row, origin: origin(invitations.fileName, row.line, 0), oldEraFile: !invitations.hasProfileURLs,
                                     in: &writer)
            }
            // Thrown inside the batch: nothing of it is written.
            if let refusal = batch.zoneRefusal() { throw refusal }
            try keepInviter(batch.tally, in: &writer)
            for (url, name) in batch.tally.nameKeyedByURL { try RecipientAlias.record(url, as: name, in: writer) }
            try keepNewestSent(of: outgoing, tally: &batch.tally, in: &writer)
        }
        if let connections {
            let namesInExport = Self.recipientsByName(invitations?.outgoing ?? [])
            let rows = connections.connections.sorted { ($0.connectedAt, $0.line) < ($1.connectedAt, $1.line) }
            for row in rows {
                try batch.recordAcceptance(row, origin: origin(connections.fileName, row.line, 1), namesInExport: namesInExport,
                                           readsInvitations: invitations != nil, hasProfileURLs: connections.hasProfileURLs, in: &writer)
            }
        }
        if let invitations {
            batch.tally.pendingNotListed = try LinkedInUnlistedPending.find(account: account, invitations: invitations, connections: connections,
                                                                            linked: batch.tally.nameKeyedByURL, in: writer)
        }
        return batch.tally
    }

    /// Refuses an export another member sent under an account whose earlier exports were someone else's; else keeps its inviter.
    ///
    /// An export holds no sender id but its rows' `inviterProfileUrl`: a colleague's export under
    /// your `--account` was recorded as your seat's, and closed your own invitations to the same
    /// people as superseded, for good (audit 83 F1). A member's profile URL can change (a vanity
    /// URL): an export that shares an invitation with the earlier ones is that member's, and its
    /// URL is kept from then on; one that shares none needs `--inviter-changed`. Thrown inside
    /// the batch: nothing of it is written.
    private func keepInviter(_ tally: LinkedInImportTally, in writer: inout BatchWriter) throws {
        guard let inviter else { return }
        let key = Self.inviterKey(account: account)
        if let earlier = try writer.view.clientValue(named: key), !earlier.hasSameBytes(as: inviter),
           tally.outgoingDuplicates == 0, !inviterChanged {
            throw Failure("error", "account \(account)'s earlier LinkedIn exports were sent from \(earlier), and this one's invitations "
                + "from \(inviter), none of them imported before; nothing was imported: another member's export is imported under "
                + "that member's own --account. If \(account)'s profile URL changed, give --inviter-changed")
        }
        try writer.setClientValue(inviter, named: key)
    }

    /// Keeps the latest `Sent At` the account's exports have held, and notes an export whose newest is over a day older.
    ///
    /// Such an export is an older one imported after a newer: the newer one's connections found
    /// none of its invitations, which now stay pending until that export is read again (audit 83 F5).
    private func keepNewestSent(of outgoing: [ExportedInvitation], tally: inout LinkedInImportTally,
                                in writer: inout BatchWriter) throws {
        guard let newest = Self.newestRecordableSent(of: outgoing, recordedAt: writer.recordedAt) else { return }
        let key = "linkedin-newest-sent:" + account
        let earlier = try writer.view.clientValue(named: key).flatMap { Int64($0) }
        if let earlier, newest + LinkedInImportBatch.futureSentAtTolerance < earlier {
            tally.newerExportSeen = (Timestamp(milliseconds: newest), Timestamp(milliseconds: earlier))
        }
        try writer.setClientValue(String(max(newest, earlier ?? newest)), named: key)
    }

    /// The newest `Sent At` of `outgoing` that could be recorded at `recordedAt`, or nil.
    ///
    /// Rows refused for a Sent At after the clock are no evidence of when the export was made.
    static func newestRecordableSent(of outgoing: [ExportedInvitation], recordedAt: Timestamp) -> Int64? {
        let latestRecordable = recordedAt.milliseconds + LinkedInImportBatch.futureSentAtTolerance
        return outgoing.lazy.map(\.sentAt).filter { $0 <= latestRecordable }.max()
    }

    private func origin(_ file: String, _ line: Int, _ order: Int) -> LinkedInImportTally.Origin {
        .init(fileOrder: order, file: file, line: line)
    }

    /// The recipients this export's outgoing rows name, by the key of the invitee's name.
    private static func recipientsByName(_ rows: [ExportedInvitation]) -> [String: [String]] {
        var map: [String: [String]] = [:]
        for row in rows where row.inviteeProfileURL != nil && !row.toNameKey.isEmpty {
            let recipient = recipient(of: row)
            // Name keys are NFC already; recipients are compared by their bytes, as the ledger keys them.
            if map[row.toNameKey]?.contains(where: { $0.hasSameBytes(as: recipient) }) != true {
                map[row.toNameKey, default: []].append(recipient)
            }
        }
        return map
    }
}
