/// A table for the terminal (aligned columns) or for CRMs (RFC 4180 CSV).
struct Table {
    var headers: [String]
    var rows: [[String?]] = []
    /// Columns aligned to the right (numbers).
    var numeric: Set<Int> = []
    /// Lines printed under the table (totals, hints); not part of CSV.
    var footer: [String] = []

    init(_ headers: [String], numeric: Set<Int> = []) {
        self.headers = headers
        self.numeric = numeric
    }

    mutating func add(_ row: [String?]) { rows.append(row) }

    /// The table aligned for a terminal, `—` for missing values.
    var rendered: String {
        let cells = rows.map { $0.map { $0 ?? "—" } }
        var widths = headers.map { $0.count }
        for row in cells {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ values: [String]) -> String {
            values.enumerated().map { index, value in
                let padding = String(repeating: " ", count: max(0, widths[index] - value.count))
                return numeric.contains(index) ? padding + value : value + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = [line(headers), line(widths.map { String(repeating: "─", count: $0) })]
        out.append(contentsOf: cells.map(line))
        if rows.isEmpty { out.append("(none)") }
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
