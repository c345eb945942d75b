import Foundation

/// Turns the text of an Invitations.csv into an ``InvitationsFile``.
enum InvitationsParser {
    static func parse(text: String, fileName: String, timeZone: TimeZone, sibling: (file: String, dates: SlashDateOrder.Evidence)? = nil) throws -> InvitationsFile {
        let calendar = LocalDateTime.calendar(in: timeZone)
        let table = try ExportTable.read(text: text, fileName: fileName, spec: .invitations)
        var invitations: [ExportedInvitation] = []
        var problems: [ExportRowProblem] = []
        let (rows, dates) = table.rowsAndDateOrder(of: Column.sentAt, sibling: sibling)
        for outcome in rows {
            switch outcome.then({ invitation(from: $0, table: table, calendar: calendar, order: dates.order) }) {
            case .value(let invitation): invitations.append(invitation)
            case .problem(let problem): problems.append(problem)
            }
        }
        return InvitationsFile(
            fileName: fileName, invitations: invitations, problems: problems,
            hasProfileURLs: table.has(Column.inviteeProfileURL), unknownColumns: table.unknownColumns, dates: dates,
            duplicateColumns: table.duplicateColumns)
    }

    /// Whom a refused row is about, by name or else profile URL: `invitation to Bob Smith`; nil for a row that names no one.
    ///
    /// Every rejection names its subject (audit 100 F13): a row's line number alone sends the user to the file.
    private static func rowSubject(direction: ExportedInvitation.Direction?, from: String, to: String) -> String? {
        switch direction {
        case .outgoing: return to.isEmpty ? nil : "invitation to \(to)"
        case .incoming: return from.isEmpty ? nil : "invitation from \(from)"
        case nil:
            let people = [from.isEmpty ? nil : "from \(from)", to.isEmpty ? nil : "to \(to)"].compactMap { $0 }
            return people.isEmpty ? nil : "invitation " + people.joined(separator: " ")
        }
    }

    private static func invitation(
        from row: ExportRow, table: ExportTable, calendar: Calendar, order: SlashDateOrder
    ) -> RowOutcome<ExportedInvitation> {
        let from = row.text(Column.from)
        let to = row.text(Column.to)
        let inviterURL = row.optional(Column.inviterProfileURL)
        let inviteeURL = row.optional(Column.inviteeProfileURL)
        let rawDirection = row.text(Column.direction)
        let rawSentAt = row.text(Column.sentAt)
        var reasons: [String] = []

        let direction = ExportedInvitation.Direction(rawValue: rawDirection.uppercased())
        if from.isEmpty, to.isEmpty, inviterURL == nil, inviteeURL == nil {
            reasons.append("hidden profile: no names and no profile URLs")
        } else if direction == .outgoing, to.isEmpty, inviteeURL == nil {
            reasons.append("no invitee name or profile URL")
        } else if direction == .incoming, from.isEmpty, inviterURL == nil {
            reasons.append("no inviter name or profile URL")
        }
        if direction == nil {
            reasons.append(rawDirection.isEmpty ? "empty Direction" : "unknown Direction \"\(rawDirection)\"")
        }
        let local = ExportDates.sentAt(rawSentAt, order: order)
        let sentAt = local?.milliseconds(in: calendar)
        if sentAt == nil {
            if let range = local?.outOfRange(in: calendar) {
                reasons.append("Sent At \"\(rawSentAt)\" is \(range)")
            } else {
                reasons.append(rawSentAt.isEmpty
                    ? "empty Sent At" : "unreadable Sent At \"\(rawSentAt)\" (expected a time such as \(ExportDates.sentAtExample))")
            }
        }
        guard reasons.isEmpty, let direction, let sentAt else {
            let reason = reasons.joined(separator: "; ")
            let subject = rowSubject(direction: direction, from: from.isEmpty ? inviterURL ?? "" : from,
                                     to: to.isEmpty ? inviteeURL ?? "" : to)
            return .problem(table.problem(row.line, subject.map { "\($0): \(reason)" } ?? reason))
        }
        let message = row.text(Column.message).normalisingLineBreaks().trimmingWhitespace()
        return .value(ExportedInvitation(
            line: row.line, from: from, to: to, sentAt: sentAt,
            message: message.isEmpty ? nil : message, direction: direction,
            inviterProfileURL: inviterURL, inviteeProfileURL: inviteeURL,
            sentAtSkipped: local?.isSkipped(in: calendar, readAs: sentAt) ?? false))
    }
}
