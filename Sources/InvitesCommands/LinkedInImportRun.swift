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
    /// The refusal of an Invitations.csv whose outgoing rows were sent by more than one member, or nil.
    ///
    /// A data export is one member's: rows of two inviters are files merged by hand, or a
    /// colleague's export, which recorded under `--account` would be counted as that seat's and
    /// would close its own invitations to the same people as superseded (audit 83 F1).
    static func mixedInviters(_ file: InvitationsFile) -> Failure? {
        var first: (inviter: String, line: Int)?
        for row in file.outgoing.sorted(by: { $0.line < $1.line }) {
            guard let inviter = LinkedInImport.memberProfile(row.inviterProfileURL) else { continue }
            guard let seen = first else {
                first = (inviter, row.line)
                continue
            }
            if !inviter.hasSameBytes(as: seen.inviter) {
                return Failure("error", "\(file.fileName) holds invitations sent by more than one member (\(seen.inviter) on line "
                    + "\(seen.line), \(inviter) on line \(row.line)); nothing was imported: a LinkedIn export is one member's, so import "
                    + "each member's own export, under that member's --account")
            }
        }
        return nil
    }

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
        let export = try readExport(account: account, timeZone: timeZone)
        if let refusal = export.invitations.flatMap(Self.mixedInviters) { throw refusal }
        let (outcome, tally) = try append(export, account: account)
        sayHowFilesWereRead(export)
        sayRows(of: outcome, tally)
        adviseOnTheOtherFile(of: export, tally, account: account)
        noteEarlierImports(export, tally, account: account)
        noteFolderFilesNotRead(export, account: account)
        noteNothingUsable(export, tally, outcome)
        noteNamesKnownByProfile(tally)
        ClockBehindNote.say(for: outcome)
        if let note = LinkedInZoneNote.note(zoneGiven: tz != nil, appended: outcome.appended) { Console.note(note) }
        LinkedInImportReport.print(outcome, tally, account: account, timeZone: tz.map { TimeZone.displayName(timeZone, as: $0) } ?? zoneName,
                                   format: options.format)
    }

    /// Reads the export that `file` names (its folder, or one of its files), its wall-clock times in `timeZone`, for `account`.
    private func readExport(account: String, timeZone: TimeZone) throws -> LinkedInImport {
        do {
            let read = try LinkedInExportReader.read(URL(fileURLWithPath: file), timeZone: timeZone)
            return LinkedInImport(account: account, invitations: read.invitations, connections: read.connections, timeZone: timeZone,
                                  zoneGiven: tz != nil, dbArgument: options.dbArgument, inviterChanged: inviterChanged)
        } catch let error as ExportReadError {
            throw Failure("error", error.description)
        }
    }

    /// Appends the export's events as one batch, and returns what it appended and what the import did row by row.
    private func append(_ export: LinkedInImport, account: String) throws -> (outcome: AppendOutcome, tally: LinkedInImportTally) {
        var tally = LinkedInImportTally()
        // Nothing at --db yet: the ledger appears there only if the import records something.
        let outcome = try NewLedgerStaging.append(at: options) { ledger, commits in
            try refuseSecondSpelling(of: account, in: ledger)
            let catchUp = try projectionCatchUp(for: ledger)
            let beforeCommit: (LedgerView) throws -> Void = { view in
                ImportInterruption.commitBegins()
                try catchUp?(view)
            }
            return try ledger.append(skipInvalid: true, commits: commits, beforeCommit: beforeCommit) { writer in
                tally = try export.run(into: &writer)
            }
        }
        return (outcome, tally)
    }

    /// Refuses an account new to the ledger whose name is close to one it knows, unless `--new-account` says it is another seat.
    ///
    /// A seat's export imported under another spelling of its account would be a second seat: every invitation
    /// recorded again, counted twice by every report, for good. Refused before anything is written (audit 83 F2).
    private func refuseSecondSpelling(of account: String, in ledger: Ledger) throws {
        let closeAccounts = try ledger.read { view in try AccountHint.likelyMeant(account, in: view) } ?? []
        if !closeAccounts.isEmpty, !newAccount {
            throw Failure("error", "account \(NearNames.shown(account)) is new to this ledger, which knows \(closeAccounts.map(NearNames.shown).joined(separator: ", ")); "
                + "nothing was imported: under a second spelling, a seat's invitations would be recorded again and counted twice. "
                + "Give the known spelling (\(ShellWord.option("account", closeAccounts[0]).dropFirst())), or --new-account if \(account) is "
                + "another seat")
        }
    }

    /// Says on standard error how the export's files were read: their columns unknown or named twice, their slash dates' order.
    private func sayHowFilesWereRead(_ export: LinkedInImport) {
        // Columns unknown, and columns named twice (the first is read: audit 83 F12).
        for (file, notes) in [export.invitations.map { ($0.fileName, $0.columnNotes) },
                              export.connections.map { ($0.fileName, $0.columnNotes) }].compactMap({ $0 }) {
            for note in notes { Console.error("\(file): \(note)") }
        }
        // Slash dates come from a spreadsheet's re-save, in its locale's order (`SlashDateOrder`).
        for (file, dates) in [(export.invitations?.fileName, export.invitations?.dates), (export.connections?.fileName, export.connections?.dates)] {
            guard let file, let dates else { continue }
            if let example = dates.dayFirstExample {
                let shownBy = dates.shownBy.map { "\($0)'s " } ?? ""
                Console.error("\(file): dates read day first (D/M/Y), as \(shownBy)\"\(example)\" can only be: a spreadsheet re-saved the file so")
            } else if dates.undecided, file == export.connections?.fileName || dates.resaved, let note = dates.undecidedNote {
                // LinkedIn writes Connected On as `29 Jan 2026`, and Sent At with a 2-digit year: other slash dates are a re-save, of
                // either order. The note quotes one of the file's own dates and how it was read (audit 83 F8).
                Console.error("\(file): \(note)")
            }
        }
    }

    /// Says on standard error each refused row, and each row recorded with a caveat, in file and line order.
    private func sayRows(of outcome: AppendOutcome, _ tally: LinkedInImportTally) {
        let lines = tally.refusedRows(of: outcome).map { ($0.origin, "\($0.rejection.code.rawValue): \($0.rejection.message)") }
            + tally.notices.map { ($0.origin, $0.message) }
        for (origin, message) in lines.sorted(by: { $0.0 < $1.0 }) {
            Console.error("\(origin.description): \(message)")
        }
    }

    /// Advises importing the export's other file, when only one of Invitations.csv and Connections.csv was imported and the other would have helped.
    private func adviseOnTheOtherFile(of export: LinkedInImport, _ tally: LinkedInImportTally, account: String) {
        if tally.unmatchedWithoutURL > 0, let file = export.connections?.fileName {
            // The same rows imported with their Invitations.csv would have been matched by the invitee's name.
            Console.error("\(file): \(tally.unmatchedWithoutURL) connection\(tally.unmatchedWithoutURL == 1 ? "" : "s") without a profile URL "
                + "matched no pending invitation; an invitation recorded with a profile URL is matched to such a connection "
                + "through the invitee's name in the Invitations.csv of the same import: import the export's folder (or both "
                + "files) to match them")
        } else if export.invitations == nil, let file = export.connections?.fileName, tally.connectionsUnmatched > 0 {
            if tally.acceptedByURL + tally.acceptedByName + tally.acceptedDuplicates == 0 {
                // A Connections.csv alone, before its Invitations.csv: nothing to accept yet (audit 45).
                Console.error("\(file): none of its connections matched a pending invitation of \(account); if its Invitations.csv "
                    + "was not imported yet, import it (or the export's folder), then this file again")
            } else if let beside = LinkedInExportReader.file("invitations.csv", beside: URL(fileURLWithPath: self.file))?.lastPathComponent {
                // Some matched: an invitation of this export's newest rows may be unrecorded still (audit 83 F6).
                Console.error("\(file): \(tally.connectionsUnmatched) of its connections matched no pending invitation of \(account), "
                    + "and the \(beside) beside it was not part of this import: if it was not imported yet, import the export's "
                    + "folder, which reads both, invitations first")
            }
        }
        if export.connections == nil, let file = export.invitations?.fileName, tally.outgoingRecorded > 0,
           let beside = LinkedInExportReader.file("connections.csv", beside: URL(fileURLWithPath: self.file))?.lastPathComponent {
            // The invitations recorded stay pending until their connections are read (audit 83 F6). A file of another name (a
            // renamed download) is not the one the folder reads (audit 128 F3).
            let folder = file.lowercased() == "invitations.csv" ? " (or the export's folder, which reads both)" : ""
            Console.error("\(file): the \(beside) beside it was not part of this import: import it too\(folder), so that its connections "
                + "accept these invitations")
        }
    }

    /// Notes what the account's earlier imports show of this export: an older one imported after a newer, pending invitations it does not list.
    private func noteEarlierImports(_ export: LinkedInImport, _ tally: LinkedInImportTally, account: String) {
        if let seen = tally.newerExportSeen, tally.outgoingRecorded > 0 {
            Console.note("invites: note: this export's newest invitation was sent \(seen.newest.rfc3339), and an earlier import of "
                + "\(account)'s exports held one sent \(seen.earlier.rfc3339): an older export, imported after a newer one. Import the "
                + "newer export again now, so that its connections accept the invitations this one recorded (LinkedIn lists an accepted "
                + "invitation no longer); import exports oldest first")
        }
        if let unlisted = tally.pendingNotListed, let file = export.invitations?.fileName {
            Console.note(unlisted.note(account: account, dbArgument: options.dbArgument, invitationsFile: file,
                                       connectionsFile: export.connections?.fileName))
        }
    }

    /// Notes what of the export's folder was not read (`ExportFolderNotes`), with the command that imports such a file.
    private func noteFolderFilesNotRead(_ export: LinkedInImport, account: String) {
        ExportFolderNotes.say(about: self.file, read: [export.invitations?.fileName, export.connections?.fileName].compactMap { $0 }) {
            "invites import --from linkedin \(ShellWord.path($0))\(ShellWord.option("account", account))"
                + "\(tz.map { ShellWord.option("tz", $0) } ?? "")\(options.dbArgument)"
        }
    }

    /// Notes an export of which nothing could be used, in one line: its rows' own lines are easy to take for some (audit 83 F9).
    private func noteNothingUsable(_ export: LinkedInImport, _ tally: LinkedInImportTally, _ outcome: AppendOutcome) {
        let rowsRead = tally.invitationsRead + tally.connectionsRead
        if rowsRead == 0 {
            let files = [export.invitations?.fileName, export.connections?.fileName].compactMap { $0 }.joined(separator: " and ")
            Console.note("invites: note: the export holds no rows, only the header of \(files): nothing to import")
        } else if outcome.rejected == rowsRead {
            let none = rowsRead == 1 ? "the export's one row could not be used" : "none of the export's \(rowsRead) rows could be used"
            Console.note("invites: note: \(none) (listed above): nothing was imported")
        }
    }

    /// Notes the invitations recorded by name from an older export that this one names with a profile URL, and how to ask about them.
    private func noteNamesKnownByProfile(_ tally: LinkedInImportTally) {
        guard let first = tally.nameKeyedByURL.min(by: { $0.key.bytesPrecede($1.key) }) else { return }
        // The ledger cannot rename a recorded recipient: `check` and `send` follow the link kept (`RecipientAlias`), the other
        // queries know the name only, which is said (audit 81 F1).
        let count = tally.nameKeyedByURL.count
        Console.note("invites: note: \(count) invitation\(count == 1 ? "" : "s") recorded by name from an export without profile "
            + "URLs \(count == 1 ? "is" : "are") named with \(count == 1 ? "its" : "their") profile URL in this one (\(first.value) is "
            + "\(first.key)\(count > 1 ? ", and \(count - 1) more" : "")): check and send by the URL judge "
            + "\(count == 1 ? "it" : "them") by the name's invitations; cooldown, pending and history know \(count == 1 ? "it" : "them") "
            + "by the name only, which a recorded event cannot change, so ask by it: "
            + "invites history\(options.dbArgument)\(ShellWord.option("to", first.value))")
    }

}
