/// The header and data records of one export file, with cells looked up by column name.
struct ExportTable {
    /// File name used in problem reports.
    let fileName: String
    /// Number of fields every data record should have.
    let width: Int
    /// Data records after the header, blank lines left out.
    let records: [CSVRecord]
    /// Header names not understood, as written.
    let unknownColumns: [String]
    /// Understood header names written a second time, as written there: only the first of each is read.
    let duplicateColumns: [String]
    private let indexByKey: [String: Int]
    /// How many fields there are up to the header's last named column.
    ///
    /// Past it, a record's fields may be missing or empty (a spreadsheet's trailing commas, in the
    /// header or the rows), never filled (audit 81 F6).
    let namedWidth: Int

    /// Finds the header for `spec` in `text` and collects the records after it.
    static func read(text: String, fileName: String, spec: TableSpec) throws -> ExportTable {
        let all = CSVReader.records(in: text)
        guard let headerAt = spec.headerIndex(in: all) else {
            throw ExportReadError(.noRecognisableHeader(expected: spec.displayName, problem: spec.headerProblem(in: all)), path: fileName)
        }
        let header = all[headerAt].fields
        var indexByKey: [String: Int] = [:]
        var unknown: [String] = []
        var duplicates: [String] = []
        let known = Set(spec.required + spec.optional)
        for (i, cell) in header.enumerated() {
            let key = Column.key(cell)
            if known.contains(key), indexByKey[key] == nil {
                indexByKey[key] = i
            } else if known.contains(key) {
                // The row's cell is looked up at the first index: this one is never read.
                duplicates.append(cell.trimmingWhitespace())
            } else if !key.isEmpty {
                unknown.append(cell.trimmingWhitespace())
            }
        }
        return ExportTable(
            fileName: fileName, width: header.count,
            records: all[(headerAt + 1)...].filter { !$0.isBlank },
            unknownColumns: unknown, duplicateColumns: duplicates, indexByKey: indexByKey,
            namedWidth: (header.lastIndex { !Column.key($0).isEmpty } ?? -1) + 1)
    }

    /// True when the header has the column.
    func has(_ column: String) -> Bool { indexByKey[column] != nil }

    /// The record's cells, or the problem that makes the record unusable as a whole.
    func row(_ record: CSVRecord) -> RowOutcome<ExportRow> {
        if record.hasUnterminatedQuote {
            return .problem(problem(record.line, "a quoted field is never closed"))
        }
        let fields = record.fields
        if fields.count != width {
            // Trailing commas a spreadsheet added (or left out) past the last named column: nothing is lost.
            if fields.count >= namedWidth, fields[namedWidth...].allSatisfy({ $0.trimmingWhitespace().isEmpty }) {
                let fitted = Array(fields.prefix(width)) + Array(repeating: "", count: max(0, width - fields.count))
                return .value(ExportRow(line: record.line, fields: fitted, indexByKey: indexByKey))
            }
            // A record over several lines whose fields do not fit most likely holds a quote opened and
            // closed in the wrong place, which took in the rows after it: say which lines.
            let lastLine = record.line + fields.reduce(0) { $0 + $1.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
            let span = lastLine > record.line
                ? " (the record runs over lines \(record.line)–\(lastLine): a quote in it may be misplaced, and the rows on those lines are not read)"
                : ""
            return .problem(problem(record.line, "expected \(width) fields, found \(fields.count)\(span)"))
        }
        return .value(ExportRow(line: record.line, fields: fields, indexByKey: indexByKey))
    }

    /// Every record's row, and the order of the slash dates in `column` (the sibling file's, when this one's tell nothing).
    ///
    /// Every date of a file was re-saved alike, so the file's dates tell the order of each (`SlashDateOrder`).
    func rowsAndDateOrder(of column: String, sibling: (file: String, dates: SlashDateOrder.Evidence)?)
        -> (rows: [RowOutcome<ExportRow>], dates: SlashDateOrder.Evidence) {
        let rows = records.map(row)
        var dates = SlashDateOrder.evidence(in: rows.compactMap { outcome -> String? in
            if case .value(let row) = outcome { return row.text(column) } else { return nil }
        })
        if let sibling { dates = dates.borrowing(sibling.dates, from: sibling.file) }
        return (rows, dates)
    }

    /// A problem located in this file.
    func problem(_ line: Int, _ reason: String) -> ExportRowProblem {
        ExportRowProblem(file: fileName, line: line, reason: reason)
    }
}

/// One data record whose cells can be read by column name.
struct ExportRow {
    let line: Int
    let fields: [String]
    let indexByKey: [String: Int]

    /// The cell trimmed, or "" when the column is absent.
    func text(_ column: String) -> String {
        guard let i = indexByKey[column] else { return "" }
        return fields[i].trimmingWhitespace()
    }

    /// The cell trimmed, or nil when the column is absent or the cell is blank.
    func optional(_ column: String) -> String? {
        let value = text(column)
        return value.isEmpty ? nil : value
    }
}
