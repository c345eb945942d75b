import Foundation
import Ledger
import LinkedInExport

/// The rows of Connections.csv: acceptances of the account's pending invitations, found by profile URL or by name.
extension LinkedInImportBatch {
    /// Records a connection as the `accepted` of the account's pending invitation to that person, if there is one.
    ///
    /// `readsInvitations`: this import read an Invitations.csv; `hasProfileURLs`: the connections file has
    /// a URL column (so a row without one hides it, and only a name in Invitations.csv can match it).
    mutating func recordAcceptance(_ row: ExportedConnection, origin: LinkedInImportTally.Origin,
                                   namesInExport: [String: [String]], readsInvitations: Bool, hasProfileURLs: Bool,
                                   in writer: inout BatchWriter) throws {
        let id = LinkedInEventIDs.accepted(row, account: account)
        if let recorded = try recordedEvent(id, in: writer.view)
            ?? LinkedInEventIDs.withoutURL(row).flatMap({ try recordedEvent(LinkedInEventIDs.accepted($0, account: account), in: writer.view) }) {
            _ = try submit(.success(ProposedEvent(recorded)), at: origin, in: &writer)
            tally.acceptedDuplicates += 1
            return
        }
        if let rejection = connectedOnInTheFuture(row, clock: writer.recordedAt) {
            try refuse(rejection, at: origin, in: &writer)
            return
        }
        let policy = writer.policy
        if profilesOfName == nil {
            profilesOfName = Dictionary(grouping: tally.nameKeyedByURL, by: \.value).mapValues { $0.map(\.key) }
        }
        let matches = try pendingMatches(for: row, namesInExport: namesInExport, policy: policy, in: writer.view)
        guard let match = matches.first else {
            tally.connectionsUnmatched += 1
            if row.profileURL == nil, !readsInvitations, hasProfileURLs, !row.fullNameKey.isEmpty { tally.unmatchedWithoutURL += 1 }
            try explainUnmatched(row, origin: origin, namesInExport: namesInExport, policy: policy, in: writer.view)
            return
        }
        if matches.count > 1 {
            let names = matches.map(\.invitation).joined(separator: ", ")
            let day = Timestamp(milliseconds: row.connectedAt).rfc3339
            try refuse(Rejection(.invalidEvent, "\(row.fullName) matches several pending invitations by name (\(names)); record the acceptance "
                                 + "with `invites accept\(dbArgument) --invitation ID --at \(day)` (or later than the invitation's latest event)"),
                       at: origin, in: &writer)
            return
        }
        // Noon of the day may fall before the send, or before a reminder of that day: never go back.
        let at = max(Timestamp(milliseconds: row.connectedAt), match.latestAt)
        let event = ProposedEvent(kind: .accepted, id: id, at: at, invitation: match.invitation,
                                  account: account, recipient: match.recipient)
        switch try submit(.success(event), at: origin, in: &writer) {
        case .appended: countAccepted(row, at: at, byName: match.byName, origin: origin, clock: writer.recordedAt)
        case .duplicate: tally.acceptedDuplicates += 1
        case .refused: break
        }
    }

    /// The refusal of a connection whose `Connected On` is more than a day after the clock, or nil.
    ///
    /// As a Sent At (audit 83 F4): past today anywhere, a Connected On is a misread or edited date, and recorded it would
    /// stay for good and refuse the pair's real events as out of order. Noon of the day, so half a day more.
    private func connectedOnInTheFuture(_ row: ExportedConnection, clock recordedAt: Timestamp) -> Rejection? {
        let connectedAt = Timestamp(milliseconds: row.connectedAt)
        guard connectedAt.milliseconds > recordedAt.milliseconds + Self.futureSentAtTolerance + 12 * 3_600_000 else { return nil }
        return Rejection(.invalidEvent, "Connected On \(connectedDay(row)) is more than a day after the clock "
                         + "(\(recordedAt.rfc3339)): LinkedIn's export holds no connection from the future "
                         + "(a date misread, or the file edited?)")
    }

    /// Says why a connection matched no pending invitation, when the ledger shows it: one that had expired, or one pending under the same name.
    private mutating func explainUnmatched(_ row: ExportedConnection, origin: LinkedInImportTally.Origin, namesInExport: [String: [String]],
                                           policy: Policy, in view: LedgerView) throws {
        if let late = try lateConnection(for: row, namesInExport: namesInExport, policy: policy, in: view) {
            // Accepted so, it would count an answer months late; left unmatched in silence, it was unexplained (audit 83 F3).
            tally.notices.append(.init(origin: origin, message:
                "connected on \(connectedDay(row)), after invitation \(late.invitation) to "
                + "\(late.recipient) had expired (expire_after ran out at \(late.due.rfc3339)): LinkedIn had closed it by then, so the "
                + "connection is not its answer and is not recorded as its acceptance"))
        } else if let expired = try expiredByPolicy(for: row, namesInExport: namesInExport, in: view) {
            tally.notices.append(.init(origin: origin, message:
                "connected on \(connectedDay(row)), but invitation \(expired.invitation) "
                + "to \(expired.recipient) was marked expired by `expire --due` at \(expired.expiredAt.rfc3339): a closed invitation "
                + "cannot be accepted, so the ledger still counts it expired and `check` allows inviting this connection again"))
        } else if let url = row.profileURL {
            // Matched by URL only, which a renamed profile changes: say when the name points at a pending invitation.
            let recipient = Identity.recipient(url)
            for other in namesInExport[row.fullNameKey] ?? [] where !other.hasSameBytes(as: recipient) {
                guard let latest = try view.latestInvitation(account: account, recipient: other), latest.status == .pending,
                      let sent = try view.event(at: latest.sentPosition) else { continue }
                // Dated as the import dates an acceptance it matches: the clock would put it months late (audit 70 F1).
                let at = max(Timestamp(milliseconds: row.connectedAt), try Self.latestEventAt(of: sent, in: view))
                tally.notices.append(.init(origin: origin, message:
                    "\(row.fullName) (\(recipient)) has the name of \(other), whose invitation \(sent.invitation) is pending: "
                    + "if the profile was renamed, record the acceptance with invites accept\(dbArgument)"
                    + "\(ShellWord.option("invitation", sent.invitation)) --at \(at.rfc3339)"))
            }
        }
    }

    /// Counts a recorded `accepted`, dated `at`, and says when that date is not Connected On's day: moved past it, or after the clock.
    private mutating func countAccepted(_ row: ExportedConnection, at: Timestamp, byName: Bool, origin: LinkedInImportTally.Origin,
                                        clock recordedAt: Timestamp) {
        if byName { tally.acceptedByName += 1 } else { tally.acceptedByURL += 1 }
        // Moved past Connected On's day by a later event of the pair (a reminder recorded after it): said, as it skews days to accept (audit 81 F21).
        if at >= endOfDay(row) {
            tally.notices.append(.init(origin: origin, message:
                "accepted dated \(at.rfc3339), the time of the pair's latest event, not on \(connectedDay(row)) "
                + "as Connected On says: an acceptance cannot come before an event recorded for the pair"))
        }
        // Noon of today may not have come yet where --tz is: said, as for a verb's --at in the future.
        if at.isMoreThanAnHour(after: recordedAt) {
            tally.notices.append(.init(origin: origin, message:
                "accepted dated \(at.rfc3339), after the clock: the export gives only the day, read as noon in --tz"))
        }
    }

    /// A pending invitation a connection row may answer.
    struct Match {
        var invitation: String
        var recipient: String
        var latestAt: Timestamp
        var byName: Bool
    }

    /// When the invitation `sent` starts was last acted on: its `sent`, or its latest follow-up.
    private static func latestEventAt(of sent: Event, in view: LedgerView) throws -> Timestamp {
        guard let last = try view.positions(ofInvitation: sent.invitation)?.last, let event = try view.record(at: last) else { return sent.at }
        return max(sent.at, event.at)
    }

    /// The account's pending invitations this connection answers.
    ///
    /// Found by profile URL when the row has one, else (or when none is pending under the URL) by full name.
    ///
    /// An invitation sent after the connection's day cannot be what that connection accepted
    /// (the person was connected before, and the invitation is a later one), so it does not match.
    ///
    /// Nor does one whose `expire_after` ran out before the connection's day: LinkedIn had expired
    /// it by then, whether or not `expire --due` recorded it (audit 83 F3), so the connection came
    /// another way (`lateConnection` says which invitation).
    private func pendingMatches(for row: ExportedConnection, namesInExport: [String: [String]], policy: Policy,
                                in view: LedgerView) throws -> [Match] {
        let dayEnd = endOfDay(row)
        func pending(_ recipient: String, byName: Bool) throws -> Match? {
            guard let latest = try view.latestInvitation(account: account, recipient: recipient),
                  latest.status == .pending, let sent = try view.event(at: latest.sentPosition),
                  sent.at < dayEnd, !expired(sent, before: row, policy: policy) else { return nil }
            return Match(invitation: sent.invitation, recipient: recipient, latestAt: try Self.latestEventAt(of: sent, in: view), byName: byName)
        }
        let candidates = Self.candidates(for: row, namesInExport: namesInExport)
        if let first = candidates.first, !first.byName, let match = try pending(first.recipient, byName: false) {
            return [match]
        }
        // Recorded by name from an older export, and linked to this profile by this export's Invitations.csv: no guess.
        if let url = row.profileURL, let linked = tally.nameKeyedByURL[Identity.recipient(url)],
           let match = try pending(linked, byName: false) {
            return [match]
        }
        // A name this export's Invitations.csv ties to another profile went to that one, not to this connection (audit 104 F1).
        let rowRecipient = row.profileURL.map(Identity.recipient)
        let byName = try candidates.filter { candidate in
            guard candidate.byName else { return false }
            guard let rowRecipient else { return true }
            return (profilesOfName?[candidate.recipient] ?? []).allSatisfy { $0.hasSameBytes(as: rowRecipient) }
        }.compactMap { candidate in try pending(candidate.recipient, byName: true).map { (familyFirst: candidate.familyFirst, match: $0) } }
        // The name as written first: family name first (`Doe, John`, `王小明`) only when nothing is pending so, or an invitation to
        // each spelling made the connection match two and neither was accepted (review 130).
        let asWritten = byName.filter { !$0.familyFirst }
        return (asWritten.isEmpty ? byName : asWritten).map(\.match)
    }

    /// A recipient a connection row may be: by its profile URL or by its name, as written or family name first.
    private struct Candidate {
        var recipient: String
        var byName: Bool
        var familyFirst: Bool
    }

    /// The recipients a connection row may be, in the order they are tried.
    ///
    /// Its profile URL's recipient when it has one, then its name key, then (a row without URL)
    /// the recipients this export's invitations of that name went to; then the same for the name
    /// written family name first (`familyFirst`), which matches only when the name as written does not.
    private static func candidates(for row: ExportedConnection, namesInExport: [String: [String]]) -> [Candidate] {
        var candidates = row.profileURL.map { [Candidate(recipient: Identity.recipient($0), byName: false, familyFirst: false)] } ?? []
        let key = row.fullNameKey
        guard !key.isEmpty else { return candidates }
        // The name as written family name first after it: a name in Chinese, Japanese or Korean (audit 109 F8), or `Doe, John` (audit 128 F1).
        for nameKey in [key] + row.familyFirstNameKeys.filter({ $0 != key }) {
            let familyFirst = nameKey != key
            candidates.append(Candidate(recipient: LinkedInImport.namePrefix + nameKey, byName: true, familyFirst: familyFirst))
            if row.profileURL == nil {
                candidates += (namesInExport[nameKey] ?? []).map { Candidate(recipient: $0, byName: true, familyFirst: familyFirst) }
            }
        }
        // Each recipient once, at its first place: two keys of one name may lead to one profile (review 110 R9).
        var seen: [String] = []
        return candidates.filter { candidate in
            guard !seen.contains(where: { $0.hasSameBytes(as: candidate.recipient) }) else { return false }
            seen.append(candidate.recipient)
            return true
        }
    }

    /// Whether `expire_after` (when not 0) ran out for the invitation `sent` starts before the connection's day began.
    private func expired(_ sent: Event, before row: ExportedConnection, policy: Policy) -> Bool {
        policy.expireAfter.milliseconds > 0 && policy.isOverdue(sentAt: sent.at, at: day(of: row).start)
    }

    /// The account's invitation to this person that had expired before the connection's day, or nil when there is none.
    ///
    /// One still pending, or closed by `expire --due`, whose `expire_after` ran out before that
    /// day: the connection is not its answer.
    private func lateConnection(for row: ExportedConnection, namesInExport: [String: [String]], policy: Policy,
                                in view: LedgerView) throws -> (invitation: String, recipient: String, due: Timestamp)? {
        for recipient in Self.candidates(for: row, namesInExport: namesInExport).map(\.recipient) {
            guard let latest = try view.latestInvitation(account: account, recipient: recipient),
                  latest.status == .pending || latest.status == .expired,
                  let sent = try view.event(at: latest.sentPosition), expired(sent, before: row, policy: policy)
            else { continue }
            return (sent.invitation, recipient, policy.expiresAt(sentAt: sent.at))
        }
        return nil
    }

    /// A connection's `Connected On` day as the file gives it (`2026-02-08`): read in `--tz`, not the UTC day of its noon (audit 85 F6).
    private func connectedDay(_ row: ExportedConnection) -> String {
        let day = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(row.connectedAt) / 1000))
        return String(format: "%04d-%02d-%02d", day.year ?? 0, day.month ?? 0, day.day ?? 0)
    }

    /// The end of a connection's day as the export gives it (the next day's midnight in `--tz`):
    /// an invitation sent later cannot be what that connection accepted.
    private func endOfDay(_ row: ExportedConnection) -> Timestamp { day(of: row).end }

    /// Where `Connected On`'s day begins and ends in `--tz`: from its first moment to the next day's.
    ///
    /// From the calendar, not noon ± 12 hours: a day that changes to or from summer time lasts
    /// 23 or 25 hours, and in a zone that changes at midnight (America/Santiago) it begins at
    /// 01:00 or ends at the second midnight (audit 108 F2: an invitation that had expired the
    /// evening before was matched, and one still live was refused).
    private func day(of row: ExportedConnection) -> (start: Timestamp, end: Timestamp) {
        let noon = Date(timeIntervalSince1970: Double(row.connectedAt) / 1000)
        guard let interval = calendar.dateInterval(of: .day, for: noon) else {
            return (Timestamp(milliseconds: row.connectedAt - 12 * 3_600_000), Timestamp(milliseconds: row.connectedAt + 12 * 3_600_000))
        }
        return (Timestamp(milliseconds: Int64((interval.start.timeIntervalSince1970 * 1000).rounded())),
                Timestamp(milliseconds: Int64((interval.end.timeIntervalSince1970 * 1000).rounded())))
    }

    /// The invitation this connection would have answered, had `expire --due` not closed it after the connection's day, or nil.
    ///
    /// LinkedIn's export is the later, better-informed witness.
    private func expiredByPolicy(for row: ExportedConnection, namesInExport: [String: [String]],
                                 in view: LedgerView) throws -> (invitation: String, recipient: String, expiredAt: Timestamp)? {
        let dayEnd = endOfDay(row)
        for recipient in Self.candidates(for: row, namesInExport: namesInExport).map(\.recipient) {
            guard let latest = try view.latestInvitation(account: account, recipient: recipient), latest.status == .expired,
                  let sent = try view.event(at: latest.sentPosition), sent.at < dayEnd,
                  let last = try view.positions(ofInvitation: sent.invitation)?.last, let closing = try view.event(at: last),
                  closing.kind == .expired, closing.by == "policy", closing.at > dayEnd else { continue }
            return (sent.invitation, recipient, closing.at)
        }
        return nil
    }
}
