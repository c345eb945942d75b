import Foundation
import Projections

/// A progress bar on standard error, drawn only when it is a terminal.
final class ProgressBar {
    private var lastDrawn = -1
    private var phase = ""
    private var drawn = false
    private let enabled = Console.stderrIsTerminal

    /// The callback to hand the runner, or nil off a terminal.
    var callback: ((ProjectionRunner.Progress) -> Void)? {
        enabled ? { [self] progress in draw(progress) } : nil
    }

    private func draw(_ progress: ProjectionRunner.Progress) {
        let percent = progress.total == 0 ? 100 : Int(progress.done * 100 / max(progress.total, 1))
        guard percent != lastDrawn || progress.phase != phase else { return }
        lastDrawn = percent
        phase = progress.phase
        let width = 30
        let filled = min(width, percent * width / 100)
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(bar) \(percent)% \(progress.phase)".utf8))
        drawn = true
    }

    /// Clears the bar's line.
    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}
