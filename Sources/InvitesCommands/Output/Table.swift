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
        /// Holds times: its terminal header names the zone even when the table has no row (`at (UTC)`).
        var time = false
        /// Holds a client's own text (`Table.textColumns`), which a terminal too narrow for the table shows cut.
        var cuttable: Bool

        init(_ name: String, numeric: Bool = false, only: OutputFormat? = nil, time: Bool = false) {
            self.name = name
            self.numeric = numeric
            self.only = only
            self.time = time
            cuttable = Table.textColumns.contains(name)
        }

        func isShown(in format: OutputFormat) -> Bool {
            only == nil || only == format
        }
    }

    /// One value, in its terminal form and its CSV form (nil: `—` in the terminal, empty in CSV).
    struct Cell {
        let display: String?
        let csv: String?
        /// A time (`Cell.time`): shown in the table's `zone`, which its column's terminal header names, `sent (UTC)`.
        private(set) var isTime = false
        /// The time of a `Cell.time` (nil: `—`).
        private(set) var moment: Timestamp?

        /// The same text in both outputs (in the terminal on one line: `Table.oneLine`).
        init(_ text: String?) {
            display = text.map(Table.oneLine)
            csv = text
        }

        /// Different text for the terminal (put on one line: `Table.oneLine`) and for CSV.
        init(display: String?, csv: String?) {
            self.display = display.map(Table.oneLine)
            self.csv = csv
        }

        /// Text, the same in both outputs.
        static func text(_ text: String?) -> Cell { Cell(text) }

        /// A timestamp: `2026-01-05 09:30` in the table's `zone` in the terminal, full RFC 3339 in UTC in CSV.
        static func time(_ time: Timestamp?) -> Cell {
            var cell = Cell(display: nil, csv: time?.rfc3339)
            cell.isTime = true
            cell.moment = time
            return cell
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
    /// The zone the terminal's times (`Cell.time`) are in, which their columns' headers name.
    var zone = DisplayZone.utc

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
        var records: [[String?]] = []
        forEachCSVRecord { records.append($0) }
        return records
    }

    /// Calls `body` with the header row, then each row's CSV record, one at a time.
    func forEachCSVRecord(_ body: ([String?]) -> Void) {
        let shown = columns.indices.filter { columns[$0].isShown(in: .csv) }
        body(shown.map { columns[$0].name })
        for row in cells { body(shown.map { $0 < row.count ? row[$0].csv : nil }) }
    }

    /// The table aligned for a terminal, `—` for missing values, as one string (for tests; output goes through `renderLines`).
    var rendered: String {
        var lines: [String] = []
        renderLines { lines.append(String(decoding: $0, as: UTF8.self)) }
        return lines.joined(separator: "\n")
    }

    /// Calls `line` with each line of `rendered`, as UTF-8 without its newline, in one reused buffer.
    ///
    /// A large answer (every connected pair: 240k rows at 1M events) is never one string, and each
    /// cell's width in characters is counted once: building the lines as strings took most of a
    /// `cooldown` table's 1.35 s. With `limit` (a terminal's width), a table wider than that has
    /// its widest text columns but the first cut to fit (`narrowed(_:to:floors:)`), and says so under it.
    func renderLines(fittingTo limit: Int? = nil, _ line: ([UInt8]) -> Void) {
        let shown = columns.indices.filter { columns[$0].isShown(in: .table) }
        // A terminal's short times carry no zone: the header of a column of times says it (CSV's are RFC 3339, with `Z`).
        // Every row of a table is built by one call site, so the first row tells which columns hold times: a column
        // without any is not scanned through every row (a `cooldown` table can hold 240k).
        let holdsTimes = shown.map { column in
            columns[column].time || cells.first.map { column < $0.count && $0[column].isTime } == true
        }
        // A title may name a client's text too (the LinkedIn summary's account): on one line, as a cell is.
        let titles = shown.indices.map { Table.oneLine(holdsTimes[$0] ? zone.header(columns[shown[$0]].name) : columns[shown[$0]].name) }
        func display(_ row: [Cell], _ column: Int) -> String {
            guard column < row.count else { return "—" }
            let cell = row[column]
            return (cell.isTime ? zone.short(cell.moment) : cell.display) ?? "—"
        }
        // Widths in columns, as a terminal shows them (`TerminalWidth`); each body cell counted once, kept row by row.
        var widths = titles.map(TerminalWidth.of)
        var counts: [Int] = []
        counts.reserveCapacity(cells.count * shown.count)
        for row in cells {
            for (index, column) in shown.enumerated() {
                let count = TerminalWidth.of(display(row, column))
                counts.append(count)
                widths[index] = max(widths[index], count)
            }
        }
        // Fitted to a terminal, only the clients' texts are cut: ids, times, counts and hashes stay whole (audit 146:
        // a `pending` of long sources and profile URLs wrapped each row over three lines of an 80-column terminal).
        let full = widths
        if let limit {
            // The first column names the row (an id, an account, a metrics group such as a source): never cut, as two
            // groups cut alike would read as one (review 148).
            let floors = shown.indices.map { index in
                index > 0 && columns[shown[index]].cuttable ? min(widths[index], max(Self.narrowestCut, TerminalWidth.of(titles[index])))
                    : widths[index]
            }
            widths = Self.narrowed(widths, to: limit, floors: floors)
        }
        var buffer: [UInt8] = []
        func emit(_ values: (Int) -> (text: String, count: Int)) {
            buffer.removeAll(keepingCapacity: true)
            for index in shown.indices {
                if index > 0 { buffer.append(contentsOf: [0x20, 0x20]) }
                let (text, count) = values(index)
                let padding = max(0, widths[index] - count)
                if columns[shown[index]].numeric {
                    buffer.append(contentsOf: repeatElement(0x20, count: padding))
                    buffer.append(contentsOf: text.utf8)
                } else {
                    buffer.append(contentsOf: text.utf8)
                    buffer.append(contentsOf: repeatElement(0x20, count: padding))
                }
            }
            while buffer.last == 0x20 { buffer.removeLast() }
            line(buffer)
        }
        emit { (titles[$0], TerminalWidth.of(titles[$0])) }
        emit { (String(repeating: "─", count: widths[$0]), widths[$0]) }
        var cut = false
        for (rowIndex, row) in cells.enumerated() {
            emit { index in
                let text = display(row, shown[index]), count = counts[rowIndex * shown.count + index]
                guard count > widths[index] else { return (text, count) }
                cut = true
                return Self.cut(text, toColumns: widths[index])
            }
        }
        if cells.isEmpty { line(Array("(none)".utf8)) }
        for text in footer { line(Array(text.utf8)) }
        if cut {
            let narrowed = shown.indices.filter { widths[$0] < full[$0] }.map { titles[$0] }.joined(separator: ", ")
            line(Array("(… marks text cut to fit the terminal: \(narrowed); --format csv shows it whole)".utf8))
        }
    }

    /// The columns that hold a client's own text, which a terminal too narrow for the table shows cut; every other one stays whole.
    static let textColumns: Set<String> = ["account", "recipient", "source", "template", "reason", "details"]

    /// The fewest columns a text column is cut to when a table is fitted to a terminal.
    static let narrowestCut = 16

    /// `widths` lowered, the widest first, until the table (its columns and the two spaces between them) fits `limit`, none below its floor.
    ///
    /// Where the floors leave it wider than `limit`, it is as narrow as they allow: the terminal
    /// then wraps what is left, as it did every row before.
    static func narrowed(_ widths: [Int], to limit: Int, floors: [Int]) -> [Int] {
        var widths = widths
        var excess = widths.reduce(0, +) + 2 * max(0, widths.count - 1) - limit
        while excess > 0 {
            guard let widest = widths.indices.filter({ widths[$0] > floors[$0] }).max(by: { widths[$0] < widths[$1] }) else { break }
            widths[widest] -= 1
            excess -= 1
        }
        return widths
    }

    /// `text` cut in its middle to `columns` terminal columns, `…` where it was cut, and the columns it then takes.
    ///
    /// The middle goes: a profile URL's or an account's end tells one from the next
    /// (`linkedin.com/…lee-0a1b2c`), and a source's start says what kind it is.
    static func cut(_ text: String, toColumns columns: Int) -> (text: String, count: Int) {
        let characters = Array(text)
        var head = 0, headWidth = 0
        while head < characters.count, headWidth + TerminalWidth.of(characters[head]) <= columns / 2 {
            headWidth += TerminalWidth.of(characters[head])
            head += 1
        }
        var tail = characters.count, tailWidth = 0
        while tail > head, headWidth + tailWidth + TerminalWidth.of(characters[tail - 1]) <= columns - 1 {
            tailWidth += TerminalWidth.of(characters[tail - 1])
            tail -= 1
        }
        return (String(characters[..<head]) + "…" + String(characters[tail...]), headWidth + 1 + tailWidth)
    }

    /// `text` with each control character (C0, DEL, C1) and line separator shown as a space, so a cell stays on its row.
    ///
    /// A `reason` or `note` may hold a newline or a tab (SPEC lets free text be any text); in the
    /// terminal that would break the row and its alignment. CSV and JSON keep the text as it is.
    static func oneLine(_ text: String) -> String {
        guard needsOneLine(text) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isControlOrLineSeparator($0) ? " " : $0 }))
    }

    /// Whether a scalar is one a table shows as a space, and standard error escapes (`Console.oneLine`).
    ///
    /// A control character (C0, DEL, C1), a line separator (U+2028, U+2029) or a bidirectional
    /// embedding, override or isolate (U+202A–U+202E, U+2066–U+2069). A right-to-left override in a source
    /// would otherwise turn the rest of its row around on the terminal (audit 55).
    static func isControlOrLineSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x2028...0x202E).contains(scalar.value)
            || (0x2066...0x2069).contains(scalar.value)
    }

    /// Whether `text` holds a scalar `isControlOrLineSeparator` names, read byte by byte.
    ///
    /// C0 and DEL are single bytes in UTF-8; C1 (U+0080–U+009F) is C2 80–C2 9F; U+2028–U+202E is E2 80 A8–AE, and
    /// U+2066–U+2069 is E2 81 A6–A9. Most cells hold none, and `—` (E2 80 94) is common.
    static func needsOneLine(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for index in bytes.indices {
                let byte = bytes[index]
                if byte < 0x20 || byte == 0x7F { return true }
                if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] <= 0x9F { return true }
                guard byte == 0xE2, index + 2 < bytes.count else { continue }
                let second = bytes[index + 1], third = bytes[index + 2]
                if second == 0x80, (0xA8...0xAE).contains(third) { return true }
                if second == 0x81, (0xA6...0xA9).contains(third) { return true }
            }
            return false
        }
    }
}
