/// The header columns one kind of export file needs and understands.
struct TableSpec: Sendable {
    /// Columns that must all be present for a record to count as the header (lowercased).
    let required: [String]
    /// Further columns that are understood (lowercased).
    let optional: [String]
    /// How the required columns read to a user.
    let displayName: String
    /// The export's name for the file: `Invitations.csv`.
    let fileName: String

    /// Invitations.csv: `From,To,Sent At,Message,Direction[,inviterProfileUrl,inviteeProfileUrl]`.
    static let invitations = TableSpec(
        required: [Column.from, Column.to, Column.sentAt, Column.direction],
        optional: [Column.message, Column.inviterProfileURL, Column.inviteeProfileURL],
        displayName: "From, To, Sent At, Message, Direction", fileName: "Invitations.csv")

    /// Connections.csv: `First Name,Last Name[,URL],Email Address,Company,Position,Connected On`.
    static let connections = TableSpec(
        required: [Column.firstName, Column.lastName, Column.connectedOn],
        optional: [Column.url, Column.email, Column.company, Column.position],
        displayName: "First Name, Last Name, URL, Email Address, Company, Position, Connected On", fileName: "Connections.csv")

    /// The export's other file: Connections.csv for Invitations.csv, and the reverse.
    var other: TableSpec { fileName == Self.invitations.fileName ? .connections : .invitations }

    /// How many records from the top are searched for the header (Connections.csv has a preamble).
    static let headerSearchLimit = 50

    /// True when the record's cells hold every required column name.
    func isHeader(_ record: CSVRecord) -> Bool {
        let names = Set(record.fields.map(Column.key))
        return required.allSatisfy(names.contains)
    }

    /// Index of the first header record among the first ``headerSearchLimit`` records.
    func headerIndex(in records: [CSVRecord]) -> Int? {
        records.prefix(Self.headerSearchLimit).firstIndex(where: isHeader)
    }

    /// What is wrong with the record that comes closest to the header, when none is one.
    ///
    /// A record that is the header of the export's other file says the file is that one (a
    /// Connections.csv saved as Invitations.csv). A record holding at least two of the required names, or holding them all once split at
    /// `;` (a spreadsheet's re-save in a locale whose lists use semicolons), is taken for the
    /// header: the message names its line and the columns it lacks, or the separator.
    func headerProblem(in records: [CSVRecord]) -> String? {
        if let at = other.headerIndex(in: records) {
            let columns = records[at].fields.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            let article = "AEIOU".contains(other.fileName.prefix(1)) ? "an" : "a"
            return "this looks like \(article) \(other.fileName) (its columns \(columns.joined(separator: ", ")))"
        }
        var best: (record: CSVRecord, missing: [String])?
        for record in records.prefix(Self.headerSearchLimit) {
            let names = Set(record.fields.map(Column.key))
            if record.fields.contains(where: { $0.contains(";") }) {
                let split = Set(record.fields.flatMap { $0.split(separator: ";", omittingEmptySubsequences: false).map { Column.key(String($0)) } })
                if required.allSatisfy(split.contains) {
                    return "the header on line \(record.line) is separated by \";\", not \",\" (a spreadsheet's re-save?): "
                        + "use the file from the export, or save it as CSV with commas"
                }
            }
            let missing = required.filter { !names.contains($0) }
            if required.count - missing.count >= 2, missing.count < best.map({ $0.missing.count }) ?? .max {
                best = (record, missing)
            }
        }
        guard let best else { return nil }
        let columns = best.missing.map(Column.title).joined(separator: ", ")
        return "the header on line \(best.record.line) lacks \(columns)"
    }
}

/// Lowercased header names of the columns the parsers read.
enum Column {
    static let from = "from"
    static let to = "to"
    static let sentAt = "sent at"
    static let message = "message"
    static let direction = "direction"
    static let inviterProfileURL = "inviterprofileurl"
    static let inviteeProfileURL = "inviteeprofileurl"
    static let firstName = "first name"
    static let lastName = "last name"
    static let url = "url"
    static let email = "email address"
    static let company = "company"
    static let position = "position"
    static let connectedOn = "connected on"

    /// A column's name as the export writes it: `sent at` → `Sent At`.
    static func title(_ key: String) -> String {
        key.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    /// The matching key of a header cell: trimmed, inner whitespace collapsed, lowercased.
    static func key(_ cell: String) -> String {
        cell.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").lowercased()
    }
}
