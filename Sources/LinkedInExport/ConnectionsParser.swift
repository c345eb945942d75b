import Foundation

/// Turns the text of a Connections.csv (with or without its `Notes:` preamble) into a ``ConnectionsFile``.
enum ConnectionsParser {
    static func parse(text: String, fileName: String, timeZone: TimeZone, sibling: (file: String, dates: SlashDateOrder.Evidence)? = nil) throws -> ConnectionsFile {
        let calendar = LocalDateTime.calendar(in: timeZone)
        let table = try ExportTable.read(text: text, fileName: fileName, spec: .connections)
        var connections: [ExportedConnection] = []
        var problems: [ExportRowProblem] = []
        let (rows, dates) = table.rowsAndDateOrder(of: Column.connectedOn, sibling: sibling)
        for outcome in rows {
            switch outcome.then({ connection(from: $0, table: table, calendar: calendar, order: dates.order) }) {
            case .value(let connection): connections.append(connection)
            case .problem(let problem): problems.append(problem)
            }
        }
        return ConnectionsFile(
            fileName: fileName, connections: connections, problems: problems,
            hasProfileURLs: table.has(Column.url), unknownColumns: table.unknownColumns, dates: dates,
            duplicateColumns: table.duplicateColumns)
    }

    private static func connection(
        from row: ExportRow, table: ExportTable, calendar: Calendar, order: SlashDateOrder
    ) -> RowOutcome<ExportedConnection> {
        let firstName = row.text(Column.firstName)
        let lastName = row.text(Column.lastName)
        let url = row.optional(Column.url)
        let rawConnectedOn = row.text(Column.connectedOn)
        var reasons: [String] = []

        if firstName.isEmpty, lastName.isEmpty, url == nil {
            reasons.append("hidden profile: no name and no profile URL")
        }
        let day = ExportDates.connectedOn(rawConnectedOn, order: order)
        let connectedAt = day?.milliseconds(in: calendar)
        if connectedAt == nil, let range = day?.outOfRange(in: calendar) {
            reasons.append("Connected On \"\(rawConnectedOn)\" is \(range)")
        } else if connectedAt == nil {
            reasons.append(rawConnectedOn.isEmpty
                ? "empty Connected On" : "unreadable Connected On \"\(rawConnectedOn)\" (expected a day such as 05 Jan 2026)")
        }
        guard reasons.isEmpty, let day, let connectedAt else {
            // The row's person, as an invitation row's error names its invitee (audit 100 F13).
            let name = [firstName, lastName].filter { !$0.isEmpty }.joined(separator: " ")
            let person = name.isEmpty ? url : name
            let reason = reasons.joined(separator: "; ")
            return .problem(table.problem(row.line, person.map { "connection \($0): \(reason)" } ?? reason))
        }
        return .value(ExportedConnection(
            line: row.line, firstName: firstName, lastName: lastName, profileURL: url,
            email: row.optional(Column.email), company: row.optional(Column.company),
            position: row.optional(Column.position),
            connectedOn: day.dayString, connectedAt: connectedAt))
    }
}
