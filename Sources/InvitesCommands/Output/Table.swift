import Ledger

/// A table for the terminal (aligned columns) or for CRMs (RFC 4180 CSV).
///
/// Each cell carries two forms: what a person reads in a terminal (short times, `—` for nothing)
/// and what a machine imports from CSV (full RFC 3339 times, empty for nothing). Plain
/// `add([String?])` rows use the same text for both; rows built from ``Cell``s say how each value
/// is shown. A column may also be shown in one output only (`Column(name, only: .csv)`), so CSV
/// can split a terminal's summary column into the separate fields a CRM maps:
///
/// ```swift
/// var table = Table(columns: [.init("position", numeric: true), .init("at"),
///                             .init("details", only: .table), .init("note", only: .csv)])
/// table.add(cells: [.integer(event.position), .time(event.at), .text(details), .text(event.note)])
/// table.print(as: format)   // terminal: 2026-01-05 09:30 — csv: 2026-01-05T09:30:00Z
/// ```
struct Table {
    /// One column: its header, its alignment, and the outputs it appears in.
    struct Column {
        var name: String
        /// Aligned to the right in the terminal (numbers).
        var numeric = false
        /// The only output the column appears in; nil for both.
        var only: OutputFormat?

        init(_ name: String, numeric: Bool = false, only: OutputFormat? = nil) {
            self.name = name
            self.numeric = numeric
            self.only = only
        }

        func isShown(in format: OutputFormat) -> Bool {
            only == nil || only == format
        }
    }

    /// One value, in its terminal form and its CSV form (nil: `—` in the terminal, empty in CSV).
    struct Cell {
        var display: String?
        var csv: String?

        /// The same text in both outputs.
        init(_ text: String?) {
            display = text
            csv = text
        }

        /// Different text for the terminal and for CSV.
        init(display: String?, csv: String?) {
            self.display = display
            self.csv = csv
        }

        /// Text, the same in both outputs.
        static func text(_ text: String?) -> Cell { Cell(text) }

        /// A timestamp: `2026-01-05 09:30` (UTC) in the terminal, full RFC 3339 in CSV.
        static func time(_ time: Timestamp?) -> Cell {
            Cell(display: Short.time(time), csv: time?.rfc3339)
        }

        /// A whole number.
        static func integer<Value: BinaryInteger>(_ value: Value?) -> Cell {
            Cell(value.map { String($0) })
        }

    }

    /// Every column, terminal-only and CSV-only ones included.
    var columns: [Column]
    /// Every row, one cell per column.
    var cells: [[Cell]] = []
    /// Lines printed under the table in the terminal (totals, hints); not part of CSV.
    var footer: [String] = []

    /// A table whose columns appear in both outputs; `numeric` lists the right-aligned ones.
    init(_ headers: [String], numeric: Set<Int> = []) {
        columns = headers.enumerated().map { Column($1, numeric: numeric.contains($0)) }
    }

    /// A table with columns described one by one.
    init(columns: [Column]) {
        self.columns = columns
    }

    /// Adds a row of plain text, the same in both outputs.
    mutating func add(_ row: [String?]) { cells.append(row.map(Cell.init)) }

    /// Adds a row whose cells may differ between the terminal and CSV.
    mutating func add(cells row: [Cell]) { cells.append(row) }

    /// The CSV records: the header row, then one record per row, raw values, nil as empty.
    var csvRecords: [[String?]] {
        let shown = columns.indices.filter { columns[$0].isShown(in: .csv) }
        var records: [[String?]] = [shown.map { columns[$0].name }]
        for row in cells {
            records.append(shown.map { $0 < row.count ? row[$0].csv : nil })
        }
        return records
    }

    /// The table aligned for a terminal, `—` for missing values.
    var rendered: String {
        let shown = columns.indices.filter { columns[$0].isShown(in: .table) }
        let titles = shown.map { columns[$0].name }
        let body = cells.map { row in shown.map { ($0 < row.count ? row[$0].display : nil) ?? "—" } }
        var widths = titles.map(\.count)
        for row in body {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ values: [String]) -> String {
            values.enumerated().map { index, value in
                let padding = String(repeating: " ", count: max(0, widths[index] - value.count))
                return columns[shown[index]].numeric ? padding + value : value + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = [line(titles), line(widths.map { String(repeating: "─", count: $0) })]
        out.append(contentsOf: body.map(line))
        if cells.isEmpty { out.append("(none)") }
        out.append(contentsOf: footer)
        return out.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
