import Ledger

/// A table for the terminal (aligned columns) or for CRMs (RFC 4180 CSV).
///
/// Each cell carries two forms: what a person reads in a terminal (short times, rounded numbers,
/// `—` for nothing) and what a machine imports from CSV (full RFC 3339 times, unrounded numbers,
/// empty for nothing). Plain `add([String?])` rows use the same text for both; rows built from
/// ``Cell``s say how each value is shown:
///
/// ```swift
/// var table = Table(["invitation", "sent_at", "age_days"], numeric: [2])
/// table.add(cells: [.text(id), .time(sentAt), .number(ageDays, places: 1)])
/// table.print(as: format)   // terminal: 2026-01-05 09:30, 12.3 — csv: 2026-01-05T09:30:00Z, 12.25
/// ```
///
/// A column may also be shown in one output only (`Column(name, only: .csv)`), so CSV can split a
/// terminal's summary column into the separate fields a CRM maps.
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
            Cell(display: time?.short, csv: time?.rfc3339)
        }

        /// A whole number.
        static func integer<Value: BinaryInteger>(_ value: Value?) -> Cell {
            Cell(value.map { String($0) })
        }

        /// A number: rounded to `places` decimals in the terminal, unrounded in CSV.
        static func number(_ value: Double?, places: Int = 1) -> Cell {
            guard let value else { return Cell(nil) }
            return Cell(display: Table.rounded(value, places: places), csv: Table.unrounded(value))
        }

        /// A share 0…1: a percentage in the terminal (`42.9%`), the unrounded fraction in CSV.
        static func rate(_ value: Double?, places: Int = 1) -> Cell {
            guard let value else { return Cell(nil) }
            return Cell(display: Table.rounded(value * 100, places: places) + "%", csv: Table.unrounded(value))
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

    /// The headers of every column.
    var headers: [String] { columns.map(\.name) }

    /// The rows in their terminal form; setting them replaces every cell with plain text.
    var rows: [[String?]] {
        get { cells.map { $0.map(\.display) } }
        set { cells = newValue.map { $0.map(Cell.init) } }
    }

    /// Right-aligned columns, by index.
    var numeric: Set<Int> {
        get { Set(columns.indices.filter { columns[$0].numeric }) }
        set { for index in columns.indices { columns[index].numeric = newValue.contains(index) } }
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

    /// A number with a fixed count of decimals, for people.
    static func rounded(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return String(value) }
        var scale = 1.0
        for _ in 0..<max(0, places) { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int64(scaled / scale)
        var text = (value < 0 && scaled > 0 ? "-" : "") + String(whole)
        if places > 0 {
            let fraction = String(Int64(scaled) - whole * Int64(scale))
            text += "." + String(repeating: "0", count: places - fraction.count) + fraction
        }
        return text
    }

    /// A number in full, as CSV and JSON carry it: integers without a fraction, others with every digit Swift keeps.
    static func unrounded(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
