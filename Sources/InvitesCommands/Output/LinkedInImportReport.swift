import Ledger

/// Prints what a LinkedIn export import did.
///
/// SPEC's append object (plus a `linkedin` member) in JSON, one CSV record, or a table of
/// counts for people.
enum LinkedInImportReport {
    /// The LinkedIn counts, by the name JSON and CSV give them.
    static func counts(_ tally: LinkedInImportTally, rowsUnusable: Int, rowsRefused: Int) -> [(String, Int)] {
        [
            ("invitations_read", tally.invitationsRead),
            ("outgoing_recorded", tally.outgoingRecorded),
            ("incoming_skipped", tally.incomingSkipped),
            ("outgoing_duplicates", tally.outgoingDuplicates),
            ("connections_read", tally.connectionsRead),
            ("accepted_by_url", tally.acceptedByURL),
            ("accepted_by_name", tally.acceptedByName),
            ("accepted_duplicates", tally.acceptedDuplicates),
            ("connections_unmatched", tally.connectionsUnmatched),
            ("rows_unusable", rowsUnusable),
            ("rows_refused", rowsRefused),
            ("notes_left_out", tally.notesLeftOut),
            ("outgoing_recorded_by_others", tally.outgoingRecordedElsewhere),
            ("inferred_withdrawn", tally.inferredWithdrawn),
            ("inferred_expired", tally.inferredExpired),
            ("pending_not_listed", tally.pendingNotListed?.invitations.count ?? 0),
        ]
    }

    static func print(_ outcome: AppendOutcome, _ tally: LinkedInImportTally, account: String, timeZone: String,
                      format: OutputFormat) {
        Console.writtenBeforeOutput = outcome.committed && outcome.appended > 0 ? "the events were recorded" : nil
        // A row that cannot be read is the file's; one the lifecycle rules refuse is the ledger's answer to a good row (an
        // older export after a newer one): counted apart, so that neither reads as the other (audit 83 F11).
        let refused = outcome.rejections.filter { $0.rejection.code != .invalidEvent }.count
        let counts = counts(tally, rowsUnusable: outcome.rejected - refused, rowsRefused: refused)
        switch format {
        case .json:
            var members = AppendReport.members(outcome)
            var linkedin: [(String, JSONValue)] = [("account", .string(account)), ("time_zone", .string(timeZone))]
            linkedin += counts.map { ($0.0, .integer(Int64($0.1))) }
            members.append(("linkedin", .object(linkedin)))
            Console.line(JSONValue.object(members).text)
        case .csv:
            var table = Table(AppendReport.csvColumns + ["account", "time_zone"] + counts.map(\.0))
            table.add(AppendReport.csvValues(outcome) + [account, timeZone] + counts.map { String($0.1) })
            table.print(as: .csv)
        case .table:
            var table = Table(["LinkedIn export → account \(account) (times in \(timeZone))", "rows"], numeric: [1])
            table.add(["invitations read", String(tally.invitationsRead)])
            table.add(["  outgoing, recorded as sent", String(tally.outgoingRecorded)])
            table.add(["  outgoing, already imported", String(tally.outgoingDuplicates)])
            if tally.outgoingRecordedElsewhere > 0 {
                table.add(["  outgoing, recorded by another tool", String(tally.outgoingRecordedElsewhere)])
            }
            table.add(["  incoming, skipped", String(tally.incomingSkipped)])
            // Events this import wrote too: without them `appended` does not add up (audit 83 F7).
            if tally.inferredWithdrawn > 0 {
                table.add(["  earlier invitations closed: withdrawn", String(tally.inferredWithdrawn)])
            }
            if tally.inferredExpired > 0 {
                table.add(["  earlier invitations closed: expired", String(tally.inferredExpired)])
            }
            table.add(["connections read", String(tally.connectionsRead)])
            table.add(["  accepted, matched by profile URL", String(tally.acceptedByURL)])
            table.add(["  accepted, matched by name", String(tally.acceptedByName)])
            table.add(["  accepted, already imported", String(tally.acceptedDuplicates)])
            table.add(["  no pending invitation to match", String(tally.connectionsUnmatched)])
            table.add(["rows unusable (listed on stderr)", String(outcome.rejected - refused)])
            if refused > 0 {
                table.add(["rows refused by the ledger's rules (listed on stderr)", String(refused)])
            }
            if tally.notesLeftOut > 0 {
                table.add(["notes left out (over note_limit)", String(tally.notesLeftOut)])
            }
            table.footer = [AppendReport.sentence(outcome)]
            table.print(as: .table)
        }
    }
}
