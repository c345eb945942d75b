/// A long import's progress on standard error: `importing: 100000 lines (88%)`, every 50,000 lines.
final class ImportProgress {
    private var status = StatusLine()
    /// The input's size in bytes, when known (not for standard input).
    private let total: Int?
    private var lastShown = 0

    init(total: Int?) {
        self.total = total
    }

    /// Notes that `line` lines, `bytes` bytes of the input, have been read.
    func update(line: Int, bytes: Int) {
        guard status.isShown, line - lastShown >= 50_000 else { return }
        lastShown = line
        var text = "importing: \(line) lines"
        if let total, total > 0 { text += " (\(bytes * 100 / total)%)" }
        status.draw(text)
    }

    /// Clears the progress line.
    func finish() {
        status.clear()
    }
}
