import Foundation
import Ledger
import LinkedInExport

/// The account's pending invitations that an export no longer lists: withdrawn or expired on LinkedIn, most likely.
///
/// Invitations.csv lists the invitations pending when the export was made. One the ledger still
/// has pending, sent before the export's newest `Sent At` (its horizon: the export's own date is
/// in none of its files), that the export neither lists nor accepts was closed there; it stayed
/// pending for months without a word, `check` refusing its person (audit 128 F2). The import
/// records nothing of it, knowing neither whether it was withdrawn or expired nor when: it says
/// so, with the commands to record it.
struct LinkedInUnlistedPending {
    /// One invitation the export no longer lists.
    struct Invitation {
        var invitation: String
        var recipient: String
        var sentAt: Timestamp
        /// When to record its withdrawal by default: the horizon, or its pair's latest event when later (a reminder).
        var withdrawAt: Timestamp
        /// Whether `expire_after` had run out by the horizon: LinkedIn expired it, as `expire --due` records.
        var overdue: Bool
    }

    /// The export's newest `Sent At`: every invitation pending then and sent before it is in the file.
    var horizon: Timestamp
    /// In `sent` order.
    var invitations: [Invitation]

    /// How many invitations are named in the note; the others are counted.
    static let named = 3

    /// Finds them once the batch's rows are fed; nil when the export holds no outgoing invitation to date it by.
    ///
    /// Recipients are compared by profile and by name key, so an invitation recorded by name from
    /// an older export is listed by its row with a URL, and one a connection of the export answers
    /// without being matched (its lines said why) is not named again here.
    ///
    /// `linked`: the recipients recorded by name that this export's rows name with a profile URL
    /// (`LinkedInImportTally.nameKeyedByURL`), listed whatever spelling of the name recorded them.
    static func find(account: String, invitations: InvitationsFile, connections: ConnectionsFile?, linked: [String: String],
                     in writer: BatchWriter) throws -> LinkedInUnlistedPending? {
        let outgoing = invitations.outgoing
        guard let newest = LinkedInImport.newestRecordableSent(of: outgoing, recordedAt: writer.recordedAt),
              let accountID = try writer.view.accountID(account) else { return nil }
        var listed = Set(linked.values)
        for row in outgoing {
            listed.insert(LinkedInImport.recipient(of: row))
            if !row.toNameKey.isEmpty { listed.insert(LinkedInImport.namePrefix + row.toNameKey) }
        }
        for row in connections?.connections ?? [] {
            if let url = row.profileURL { listed.insert(Identity.recipient(url)) }
            for key in [row.fullNameKey] + row.familyFirstNameKeys where !key.isEmpty { listed.insert(LinkedInImport.namePrefix + key) }
        }
        let horizon = Timestamp(milliseconds: newest)
        var found: [Invitation] = []
        for pending in try writer.view.pendingInvitations() where pending.accountID == accountID {
            // An export without profile URLs (before late 2023) names its invitees only: one to a profile cannot be told unlisted.
            // One to another kind of id (a member URN) no export can list (review 130).
            let byName = pending.recipient.hasPrefix(LinkedInImport.namePrefix)
            guard byName || (invitations.hasProfileURLs && pending.recipient.hasPrefix("linkedin.com/in/")) else { continue }
            // A recipient recorded before this build normalised it as now (review 110 R1) is compared both ways.
            guard !listed.contains(pending.recipient), !listed.contains(Identity.recipient(pending.recipient)),
                  let sent = try writer.view.event(at: pending.sentPosition), sent.at < horizon else { continue }
            found.append(Invitation(invitation: sent.invitation, recipient: sent.recipient, sentAt: sent.at,
                                    withdrawAt: max(horizon, pending.latestAt), overdue: writer.policy.isOverdue(sentAt: sent.at, at: horizon)))
        }
        return found.isEmpty ? nil : LinkedInUnlistedPending(horizon: horizon, invitations: found)
    }

    /// The note said on standard error: how many, which, and the commands that record them.
    func note(account: String, dbArgument: String, invitationsFile: String, connectionsFile: String?) -> String {
        let count = invitations.count
        let one = count == 1
        let shown = invitations.prefix(Self.named).map { "\($0.invitation) to \($0.recipient), sent \($0.sentAt.rfc3339)" }
        let more = count > Self.named ? ", and \(count - Self.named) more (invites pending\(dbArgument)\(ShellWord.option("account", account)))" : ""
        let unlisted = connectionsFile.map { "neither listed in \(invitationsFile) nor accepted in \($0)" } ?? "not listed in \(invitationsFile)"
        var text = "invites: note: \(count) invitation\(one ? "" : "s") of \(account) pending in the ledger, sent before this "
            + "export's newest (\(horizon.rfc3339)), \(one ? "is" : "are") \(unlisted): LinkedIn no "
            + "longer lists \(one ? "it" : "them"): withdrawn or expired there? (\(shown.joined(separator: "; "))\(more)). The import "
            + "records nothing of \(one ? "it" : "them"), knowing neither which nor when; if so, record \(one ? "it" : "each")"
        let allLive = invitations.filter { !$0.overdue }
        let live = allLive.prefix(Self.named)
        if !live.isEmpty {
            let others = allLive.count > live.count ? "; the \(allLive.count - live.count) others alike" : ""
            let commands = live.map { "invites withdraw\(dbArgument)\(ShellWord.option("invitation", $0.invitation))"
                + ShellWord.option("at", $0.withdrawAt.rfc3339) }
            text += ": " + commands.joined(separator: "; ") + others + " (--at: when it was withdrawn, if you know it, as cooldown_after_withdraw "
                + "counts from then; given here is the time of this export's newest invitation)"
        }
        let overdue = invitations.filter(\.overdue).count
        if overdue > 0 {
            text += "\(live.isEmpty ? ":" : ";") invites expire --due\(dbArgument) records the \(overdue == 1 ? "one" : "\(overdue)") past "
                + "expire_after as expired when it ran out"
        }
        return text
    }
}
