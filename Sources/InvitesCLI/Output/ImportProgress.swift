import Foundation

/// A progress line on standard error for long imports on a terminal.
final class ImportProgress {
    private let enabled: Bool
    private let total: Int?
    private var lastShown = 0
    private var shown = false

    init(enabled: Bool, total: Int?) {
        self.enabled = enabled
        self.total = total
    }

    func update(line: Int, bytes: Int) {
        guard enabled, line - lastShown >= 50_000 else { return }
        lastShown = line
        shown = true
        var text = "\rimporting: \(line) lines"
        if let total, total > 0 { text += " (\(bytes * 100 / total)%)" }
        FileHandle.standardError.write(Data(text.utf8))
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
