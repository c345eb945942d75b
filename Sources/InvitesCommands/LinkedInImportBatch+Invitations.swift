import Foundation
import Ledger
import LinkedInExport

/// The rows of Invitations.csv: sends recorded, recognised as imported before, or refused with the reason.
extension LinkedInImportBatch {
    /// Reads the sends an earlier build may have recorded under URL ids, for an Invitations.csv without URL columns (`LinkedInURLSends`).
    ///
    /// Every send a row of the file finds by its own id is taken first, whatever the rows' order,
    /// so the name matching never gives one of them to another row.
    mutating func prepareOldEraMatching(_ rows: [ExportedInvitation], in view: LedgerView) throws {
        var sends = try LinkedInURLSends(account: account, view: view)
        for row in rows {
            if let position = try view.position(ofEventID: LinkedInEventIDs.sent(row, account: account)) { sends.claim(position) }
        }
        urlSends = sends
    }

    /// Records an outgoing row as a `sent`, or counts it as already imported.
    ///
    /// `oldEraFile`: its Invitations.csv has no URL columns (an export from before late 2023).
    mutating func recordSent(_ row: ExportedInvitation, origin: LinkedInImportTally.Origin, oldEraFile: Bool,
                             in writer: inout BatchWriter) throws {
        // A row with profile URLs is known by its name too (see `LinkedInEventIDs`): found under
        // either id, it is already imported, unless the name's invitation went to another profile.
        if let (recorded, position) = try recordedEventAndPosition(LinkedInEventIDs.sent(row, account: account), in: writer.view) {
            try countOutgoingDuplicate(recorded, at: position, origin: origin, in: &writer)
            return
        }
        // Checked after the id, so a row an earlier build recorded so stays a duplicate.
        if let rejection = nonMemberInvitee(of: row) {
            try refuse(rejection, at: origin, in: &writer)
            return
        }
        var identity = row
        var sameMinute: LinkedInImportTally.Notice?
        if let withoutURLs = LinkedInEventIDs.withoutURLs(row), !row.to.isEmpty {
            switch try lookUpByName(row, as: withoutURLs, origin: origin, in: &writer) {
            case .counted: return
            case .namesake(let caveat): sameMinute = caveat
            case .notFound: identity = withoutURLs
            }
        }
        let noteRecorded = recordedNote(of: row)
        if let recorded = try sameInvitationRenamed(row, note: noteRecorded, in: writer.view) {
            _ = try submit(.success(ProposedEvent(recorded)), at: origin, in: &writer)
            tally.outgoingDuplicates += 1
            return
        }
        if oldEraFile {
            switch try lookUpRecordedFromNewerExport(row, note: noteRecorded, origin: origin, in: &writer) {
            case .counted: return
            case .namesake(let caveat): sameMinute = caveat
            case .notFound: break
            }
        }
        if try sentByAnotherTool(row, in: writer.view) {
            tally.outgoingRecordedElsewhere += 1
            return
        }
        if let rejection = Self.sentAtInTheFuture(row, clock: writer.recordedAt) {
            try refuse(rejection, at: origin, in: &writer)
            return
        }
        try closeSuperseded(by: row, origin: origin, in: &writer)
        let event = sentEvent(of: row, as: identity, note: noteRecorded)
        if case .failure(let rejection) = event {
            try refuse(rejection, at: origin, in: &writer)
            return
        }
        switch try submit(event, at: origin, in: &writer) {
        case .appended: countRecorded(row, note: noteRecorded, sameMinute: sameMinute, origin: origin, clock: writer.recordedAt)
        case .duplicate: tally.outgoingDuplicates += 1
        case .refused: try explainRefusal(of: row, origin: origin, in: writer.view)
        }
    }

    /// What a look-up of an outgoing row's earlier `sent`, by another id than its own, found.
    private enum EarlierSent {
        /// The row's own `sent`: given back to the writer and counted as a duplicate, so the row is done.
        case counted
        /// Another person's invitation of the same name, minute and message: the row is new, and `caveat` is said once it is recorded.
        case namesake(caveat: LinkedInImportTally.Notice)
        /// Nothing: the row is new.
        case notFound
    }

    /// The refusal of a row whose invitee is not a LinkedIn member's profile, or nil.
    ///
    /// LinkedIn's invitee is a member, at linkedin.com/in/…: a company page or another site is an edited file, whose
    /// address would be recorded as the person for good (audit 83 F10).
    private func nonMemberInvitee(of row: ExportedInvitation) -> Rejection? {
        guard let url = row.inviteeProfileURL, !LinkedInImport.recipient(of: row).hasPrefix("linkedin.com/in/"),
              !Identity.isProfileURLWithoutName(url) else { return nil }  // that one is said as in any event: no profile name after /in/
        return Rejection(.invalidEvent, "inviteeProfileUrl \"\(abbreviated(url))\" is not a LinkedIn member's profile "
                         + "(https://www.linkedin.com/in/NAME)")
    }

    /// Looks for the `sent` an export without profile URLs recorded of a row that has them, by `withoutURLs`, the row as that export wrote it.
    ///
    /// Found and to the same person, it is counted as a duplicate, and the row links that name to
    /// the profile; found and to another profile, it is a namesake's, said once the row is recorded.
    private mutating func lookUpByName(_ row: ExportedInvitation, as withoutURLs: ExportedInvitation, origin: LinkedInImportTally.Origin,
                                       in writer: inout BatchWriter) throws -> EarlierSent {
        // An older export may have written the name `Last, First` (audit 133: `Doe, John` then `John Doe` with his URL were
        // two invitations): the row as it would have written it, each way.
        var found: (recorded: Event, position: UInt64, byName: ExportedInvitation)?
        for byName in [withoutURLs] + Self.lastFirstSpellings(of: withoutURLs) {
            if let (recorded, position) = try recordedEventAndPosition(LinkedInEventIDs.sent(byName, account: account), in: writer.view) {
                found = (recorded, position, byName)
                break
            }
        }
        guard let (recorded, position, byName) = found else { return .notFound }
        // Compared as this build normalises the recorded one: a slug recorded before it folded (review 110 R1) is the same profile.
        let recordedRecipient = Identity.recipient(recorded.recipient)
        if recordedRecipient == LinkedInImport.recipient(of: row) || recorded.recipient == LinkedInImport.recipient(of: byName) {
            try countOutgoingDuplicate(recorded, at: position, origin: origin, in: &writer)
            // Recorded by name: this row links that name to the profile, for this export's connections and for a note.
            let byURL = LinkedInImport.recipient(of: row)
            if !recorded.recipient.hasSameBytes(as: byURL) { tally.nameKeyedByURL[byURL] = recorded.recipient }
            return .counted
        }
        // Two people of one name invited the same minute with the same note, or one whose profile URL changed: said (audit 45).
        return .namesake(caveat: .init(origin: origin, message:
            "recorded as a new invitation; the ledger holds invitation \(recorded.invitation) to \(recorded.recipient), of the same "
            + "name, minute and message: if that is this person under a changed profile URL, this invitation is now recorded twice"))
    }

    /// Looks for the `sent` an earlier build recorded of a row of a file without URL columns, from a newer export, under its URL ids.
    ///
    /// Found, it is counted as a duplicate; else invitations of the row's minute and message to
    /// profiles of other names are said once the row is recorded.
    private mutating func lookUpRecordedFromNewerExport(_ row: ExportedInvitation, note: String?, origin: LinkedInImportTally.Origin,
                                                        in writer: inout BatchWriter) throws -> EarlierSent {
        switch try urlSends?.find(row, note: note, view: writer.view) {
        case .recorded(let recorded)?:
            _ = try submit(.success(ProposedEvent(recorded)), at: origin, in: &writer)
            tally.outgoingDuplicates += 1
            // Found by name, not by id: said, so that a wrong match could be seen.
            tally.notices.append(.init(origin: origin, message: "already imported as invitation \(recorded.invitation) to "
                + "\(recorded.recipient) (an earlier build recorded it from a newer export; found by the name in its address)"))
            return .counted
        case .notFound(let candidates)? where !candidates.isEmpty:
            let named = candidates.prefix(3).joined(separator: ", ") + (candidates.count > 3 ? " and \(candidates.count - 3) more" : "")
            return .namesake(caveat: .init(origin: origin, message:
                "recorded by name; the ledger also holds invitations of that minute and message to \(named) "
                + "(from a newer export): if one is this person, this invitation is now recorded twice"))
        default: return .notFound
        }
    }

    /// The refusal of a row whose `Sent At` is more than 26 hours after the clock, or nil.
    ///
    /// Past any zone's error (UTC−12 to UTC+14), a Sent At after the clock is a misread or edited date: refused, as
    /// it would be recorded for good and refuse the pair's real events as out of order (audit 81 F19).
    private static func sentAtInTheFuture(_ row: ExportedInvitation, clock recordedAt: Timestamp) -> Rejection? {
        let sentAt = Timestamp(milliseconds: row.sentAt)
        guard sentAt.milliseconds > recordedAt.milliseconds + futureSentAtTolerance else { return nil }
        return Rejection(.invalidEvent, "Sent At \(sentAt.rfc3339) is more than 26 hours after the clock "
                         + "(\(recordedAt.rfc3339)): LinkedIn's export holds no invitation from the future "
                         + "(a date misread, or the file edited?)")
    }

    /// The `sent` a row is recorded as, validated, with `note`.
    ///
    /// Under the ids of `identity`: the row, or the row as an export without profile URLs wrote it.
    private func sentEvent(of row: ExportedInvitation, as identity: ExportedInvitation, note: String?) -> Result<ProposedEvent, Rejection> {
        EventValidation.normalised(ProposedEvent(
            kind: .sent, id: LinkedInEventIDs.sent(identity, account: account), at: Timestamp(milliseconds: row.sentAt),
            invitation: LinkedInEventIDs.invitation(identity, account: account), account: account,
            recipient: LinkedInImport.recipient(of: row), source: LinkedInImport.source, note: note))
    }

    /// Counts a recorded `sent` and says its caveats: its note left out, a namesake's invitation, a skipped or future `Sent At`.
    ///
    /// `note`: the note it was recorded with; `sameMinute`: the caveat of a look-up by another id.
    private mutating func countRecorded(_ row: ExportedInvitation, note: String?, sameMinute: LinkedInImportTally.Notice?,
                                        origin: LinkedInImportTally.Origin, clock recordedAt: Timestamp) {
        tally.outgoingRecorded += 1
        // Said and counted only of a sent that was recorded, never of a refused row.
        if let message = row.message, note == nil {
            tally.notesLeftOut += 1
            tally.notices.append(.init(origin: origin, message:
                "note left out: its \(message.unicodeScalars.count) characters (Unicode scalars, as SPEC counts) exceed note_limit \(noteLimit); "
                + "the sent is recorded without it"))
        }
        if let sameMinute { tally.notices.append(sameMinute) }
        if row.sentAtSkipped {
            tally.notices.append(.init(origin: origin, message:
                "Sent At is a time --tz skipped (its clocks went forward then): read as \(Timestamp(milliseconds: row.sentAt).rfc3339), "
                + "later by the gap, so it may fall after a row written a little later"))
        }
        // A Sent At after the clock is no export of LinkedIn's: a date misread (another --tz, a re-saved file) or mistyped.
        if Timestamp(milliseconds: row.sentAt).isMoreThanAnHour(after: recordedAt) {
            tally.notices.append(.init(origin: origin, message:
                "sent dated \(Timestamp(milliseconds: row.sentAt).rfc3339), after the clock: recorded as the file says; "
                + "LinkedIn's export holds no invitation from the future (a date misread, or the file edited?)"))
        }
    }

    /// Says why the writer refused a row's `sent`, when the ledger shows it: an older export imported after a newer one, or another `--tz`.
    ///
    /// Without `--tz`, also keeps the rows an earlier import's invitations look shifted from, for `zoneRefusal`.
    private mutating func explainRefusal(of row: ExportedInvitation, origin: LinkedInImportTally.Origin, in view: LedgerView) throws {
        if let newer = try newerInvitation(than: row, in: view) {
            // The cause, said: an older export imported after a newer one (audit 83 F5).
            tally.notices.append(.init(origin: origin, message:
                "this invitation, sent \(Timestamp(milliseconds: row.sentAt).rfc3339), is older than invitation \(newer.invitation) "
                + "to this person, sent \(newer.at.rfc3339), which the ledger holds already: a pair's events are recorded in time "
                + "order, so it cannot be added now; import LinkedIn exports oldest first"))
            return
        }
        // Said once, at the first such row: an export read in another zone has every row shifted alike.
        // Without --tz every such row is counted, for `zoneRefusal`.
        guard !saidZoneShift || !zoneGiven, let shift = try zoneShift(of: row, in: view) else { return }
        // Read in UTC, the earlier zone's offset is minus the gap, which must be one a zone has (UTC−12 to UTC+14: audit 58).
        if !zoneGiven, shift.sent.position <= headBefore, (-14 * 3_600_000 ... 12 * 3_600_000).contains(shift.gap) {
            shiftedFromEarlierImports.append((origin, shift.gap, shift.message))
        }
        // Only against an invitation an earlier import recorded: two rows of this file hours apart are no other --tz (audit 128 N2).
        guard !saidZoneShift, shift.sent.position <= headBefore else { return }
        saidZoneShift = true
        tally.notices.append(.init(origin: origin, message: shift.message + ": was the export imported before with another --tz? "
            + "(read with the same --tz, its rows are found as already imported; later rows refused so are not said again)"))
    }

    /// The pair's latest `sent` when it is more than 26 hours after the row's (past any error of `--tz`), or nil.
    private func newerInvitation(than row: ExportedInvitation, in view: LedgerView) throws -> Event? {
        guard let latest = try view.invitationsOfPair(account: account, recipient: LinkedInImport.recipient(of: row)).last,
              let sent = try view.event(at: latest), sent.at.milliseconds > row.sentAt + Self.futureSentAtTolerance else { return nil }
        return sent
    }

    /// Closes the pair's invitation that the ledger still has pending when the export holds a newer one to the same person.
    ///
    /// LinkedIn keeps one pending invitation per person and lists only the newer: the earlier one
    /// was withdrawn, or had expired, before the newer was sent. Left pending, it would refuse the
    /// newer row (`already_pending`) and take the connection that answers the newer one, for good
    /// (audit 45). It is closed at the latest moment it can have been, the newer one's `Sent At`:
    /// as `expired` by policy when `expire_after` had run out by then (as `expire --due` would
    /// have recorded it, same id), else as `withdrawn`, with an id derived from its invitation so
    /// that a re-import finds it recorded. Said on standard error, as an inference.
    ///
    /// Only for an invitation an export recorded (another tool records its own withdraws, which an
    /// inferred one would refuse), to an invitee known by profile URL (names are shared), and only
    /// when the newer one is more than 26 hours later and not the earlier's day and month swapped:
    /// closer, or swapped, it is one invitation seen twice (another `--tz`; a file re-saved day
    /// first and read month first), which stays a refusal with its hint (review 46).
    private mutating func closeSuperseded(by row: ExportedInvitation, origin: LinkedInImportTally.Origin,
                                          in writer: inout BatchWriter) throws {
        guard row.inviteeProfileURL != nil else { return }
        let view = writer.view
        guard let latestSent = try view.invitationsOfPair(account: account, recipient: LinkedInImport.recipient(of: row)).last else { return }
        let history = try view.history(ofSentPositions: [latestSent])
        guard let sent = history.first, sent.source == LinkedInImport.source, let latest = history.last,
              latest.kind == .sent || latest.kind == .reminded,
              sent.at.milliseconds + 26 * 3_600_000 < row.sentAt, latest.at.milliseconds <= row.sentAt else { return }
        if isDayAndMonthSwapped(sent.at.milliseconds, row.sentAt) {
            tally.notices.append(.init(origin: origin, message:
                "the ledger holds invitation \(sent.invitation) to this person at \(sent.at.rfc3339), this row's time with its day and month "
                + "swapped: the same invitation, read from a file whose dates were taken the other way round? (left as it is)"))
            return
        }
        let resent = Timestamp(milliseconds: row.sentAt)
        let due = writer.policy.expiresAt(sentAt: sent.at)
        let closing = writer.policy.isOverdue(sentAt: sent.at, at: resent)
            ? ProposedEvent(kind: .expired, id: "expire:\(sent.invitation)", at: max(due, latest.at), invitation: sent.invitation, by: "policy")
            : ProposedEvent(kind: .withdrawn, id: "\(sent.invitation):withdrawn", at: resent, invitation: sent.invitation,
                            reason: "inferred: a LinkedIn export lists a newer invitation to this person")
        guard try submit(.success(closing), at: origin, in: &writer) == .appended else { return }
        if closing.kind == .expired { tally.inferredExpired += 1 } else { tally.inferredWithdrawn += 1 }
        // Recorded by this import: the export itself lists both (audit 83 F12), not an earlier import's invitation.
        let earlier = latestSent > headBefore
            ? "this export also lists invitation \(sent.invitation) to \(sent.recipient), sent \(sent.at.rfc3339); LinkedIn keeps one pending "
                + "invitation per person, so it was closed before this one was sent"
            : "invitation \(sent.invitation) to \(sent.recipient), sent \(sent.at.rfc3339), was still pending in the ledger; LinkedIn lists "
                + "only this newer one, so it was closed first"
        tally.notices.append(.init(origin: origin, message: earlier + ": recorded as \(closing.kind.name) at \(closing.at.rfc3339)"))
    }

    /// The `sent` an export recorded of this row's invitation under another name of the invitee (its profile, minute and message), or nil.
    ///
    /// A row's ids hold the invitee's name (`LinkedInEventIDs`), so a name changed between two
    /// exports (a married name, `Bo Chen, CFA`) gave the row new ids, and it was refused as
    /// `already_pending` or `already_connected` on every re-import (audit 45). One profile, one
    /// minute and one message are one invitation, whatever the name.
    private func sameInvitationRenamed(_ row: ExportedInvitation, note: String?, in view: LedgerView) throws -> Event? {
        guard row.inviteeProfileURL != nil else { return nil }
        return try exportSends(toInviteeOf: row, note: note, in: view).first { $0.at.milliseconds == row.sentAt }
    }

    /// `row` with its `To` written family name first, `Last, First`, at each place a name of two words or more may split: `Doe, John` for `John Doe`.
    ///
    /// An export may write an invitee so where a later one writes the name as shown (the project's
    /// own 2023 fixture does): the same invitation, whose id the earlier import took from that spelling.
    static func lastFirstSpellings(of row: ExportedInvitation) -> [ExportedInvitation] {
        let words = row.to.split(whereSeparator: \.isWhitespace)
        guard words.count >= 2, !row.to.contains(",") else { return [] }
        return (1..<words.count).map { split in
            ExportedInvitation(line: row.line, from: row.from, to: words[split...].joined(separator: " ") + ", " + words[..<split].joined(separator: " "),
                               sentAt: row.sentAt, message: row.message, direction: row.direction,
                               inviterProfileURL: row.inviterProfileURL, inviteeProfileURL: row.inviteeProfileURL)
        }
    }

    /// The note a row's `sent` is recorded with: its message, or none when the message is longer than `note_limit`.
    ///
    /// Truncating would record words never sent; leaving the note out records what is sure. Every look-up of a row's
    /// earlier `sent` compares this, not the row's message (audit 104 F2: a zone shift went unseen for a long note).
    private func recordedNote(of row: ExportedInvitation) -> String? {
        row.message.flatMap { $0.unicodeScalars.count > noteLimit ? nil : $0 }
    }

    /// The `sent`s an export recorded to the row's invitee, for this account, with `note` (the same bytes), newest first.
    private func exportSends(toInviteeOf row: ExportedInvitation, note: String?, in view: LedgerView) throws -> [Event] {
        try view.invitationsOfPair(account: account, recipient: LinkedInImport.recipient(of: row)).reversed().compactMap { position in
            guard let sent = try view.event(at: position), sent.source == LinkedInImport.source, sent.note.hasSameBytes(as: note) else { return nil }
            return sent
        }
    }

    /// Whether two times are one wall-clock time in the export's zone with its day and month read the other way round (`02/03` as 3 Feb and 2 Mar).
    private func isDayAndMonthSwapped(_ first: Int64, _ second: Int64) -> Bool {
        let parts: Set<Calendar.Component> = [.year, .month, .day, .hour, .minute]
        let a = calendar.dateComponents(parts, from: Date(timeIntervalSince1970: Double(first) / 1000))
        let b = calendar.dateComponents(parts, from: Date(timeIntervalSince1970: Double(second) / 1000))
        return a.year == b.year && a.month == b.day && a.day == b.month && a.hour == b.hour && a.minute == b.minute
    }

    /// For a refused row, the invitation the ledger holds that looks like the same one read in another time zone, or nil.
    ///
    /// `Sent At` has no zone: read with another `--tz` than the import before, every row falls in
    /// another minute, so its ids are new and each row is refused against the one recorded then
    /// (`already_pending`, `already_connected`, `out_of_order`), which names no zone. It is found
    /// when the pair holds an invitation from a LinkedIn export, with the same message, a whole
    /// number of quarter hours away (up to 26 h, the widest gap between two zones). `gap` is the
    /// recorded time minus this row's, and `message` says what was found.
    private func zoneShift(of row: ExportedInvitation, in view: LedgerView) throws -> (sent: Event, gap: Int64, message: String)? {
        let quarterHour: Int64 = 15 * 60_000
        let note = recordedNote(of: row)
        for sent in try exportSends(toInviteeOf: row, note: note, in: view) {
            let gap = sent.at.milliseconds - row.sentAt
            guard gap != 0, gap % quarterHour == 0, abs(gap) <= 26 * 60 * 60_000 else { continue }
            let hours = Double(abs(gap)) / 3_600_000
            let amount = hours == hours.rounded() ? "\(Int(hours)) h" : String(format: "%.2f h", hours)
            return (sent, gap, "the ledger holds invitation \(sent.invitation) to this person, "
                + "\(row.message == nil ? "with no message" : note == nil ? "with this message left out (past note_limit)" : "with this message") "
                + "too, \(amount) \(gap > 0 ? "later" : "earlier"), "
                + "from a LinkedIn export")
        }
        return nil
    }

    /// The refusal of the whole import, when it was read in UTC only because `--tz` was left out, and an earlier import read it in another zone.
    ///
    /// Every new row would be recorded hours off, for good (audit 51 M7). The evidence: a refused
    /// row looks like an earlier import's invitation to the same person, with the same message,
    /// whole quarter hours away (up to 26 h), and none of the export's rows was found as imported
    /// before, as some would be in the same zone (review 56 M1: an export read twice in one zone).
    /// One such row is enough (review 57: a later export often shares a single invitation still
    /// pending with the earlier one): LinkedIn lets no one invite the same person again within
    /// weeks of a withdrawal, so two invitations hours apart are one, read in two zones.
    func zoneRefusal() -> Failure? {
        guard !zoneGiven, let first = shiftedFromEarlierImports.first, tally.outgoingDuplicates == 0 else { return nil }
        let others = shiftedFromEarlierImports.count - 1
        let more = others == 0 ? "" : ", and \(others) more row\(others == 1 ? " looks" : "s look") shifted so"
        return Failure("error", "\(first.origin.description): \(first.message)\(more); no row of this export is found as imported "
            + "before; nothing was imported: this export was read in UTC, "
            + "since --tz was not given, and an earlier import read it in a zone at \(Self.offsetText(-first.gap)) then. "
            + "Give that import's --tz (an IANA name such as Europe/Berlin, which also follows its summer time), "
            + "or --tz UTC to read the export in UTC all the same")
    }

    /// An offset from UTC as `UTC+01:00`, `UTC-05:30`.
    static func offsetText(_ milliseconds: Int64) -> String {
        "UTC" + TimeZone.offsetText(seconds: Int(milliseconds / 1000))
    }

    /// How much earlier and later than an export row's `Sent At` (a minute, read in `--tz`) a tool's `sent` may be and still be the row's.
    static let sameSendWindow: (before: Int64, after: Int64) = (60_000, 120_000)

    /// Whether one of the pair's invitations is this row's, recorded by another tool.
    ///
    /// It is, when that tool (any source but this import's `linkedin-export`) sent it within
    /// `sameSendWindow` of the row's minute to the row's profile, and it was still open at that
    /// minute: a pair cannot be invited twice in two minutes unless the first was closed. Every
    /// invitation of the pair is looked at, not only the latest, so a later re-invite does not make
    /// the row refused again. Not for rows known only by name, whose namesakes share a
    /// pair. Counted apart, not refused: every later import of the export would otherwise report
    /// it again.
    private func sentByAnotherTool(_ row: ExportedInvitation, in view: LedgerView) throws -> Bool {
        guard row.inviteeProfileURL != nil else { return false }
        let recipient = LinkedInImport.recipient(of: row)
        for position in try view.invitationsOfPair(account: account, recipient: recipient).reversed() {
            guard let sent = try view.event(at: position), sent.source != LinkedInImport.source,
                  sent.at.milliseconds >= row.sentAt - Self.sameSendWindow.before,
                  sent.at.milliseconds < row.sentAt + Self.sameSendWindow.after else { continue }
            if let last = try view.positions(ofInvitation: sent.invitation)?.last, last != position,
               let closing = try view.event(at: last), closing.kind.closes, closing.at.milliseconds <= row.sentAt {
                continue  // closed by the row's minute: the row is a new invitation after it
            }
            return true
        }
        return false
    }

    /// Gives the writer an outgoing row's recorded `sent` back, counted as a duplicate; said when this import recorded it.
    ///
    /// Recorded by this import, it is the same row twice in the export, which "already imported"
    /// alone hid (audit 83 F12).
    private mutating func countOutgoingDuplicate(_ recorded: Event, at position: UInt64, origin: LinkedInImportTally.Origin,
                                                 in writer: inout BatchWriter) throws {
        _ = try submit(.success(ProposedEvent(recorded)), at: origin, in: &writer)
        tally.outgoingDuplicates += 1
        guard position > headBefore else { return }
        tally.notices.append(.init(origin: origin, message: "the same row as an earlier line of this export (invitation "
            + "\(recorded.invitation)): counted once, as a duplicate"))
    }
}
