import Projections

/// A projection runner's progress as a bar on standard error: `██████······ 54% replaying the log`.
final class ProgressBar {
    private var line = StatusLine()
    private var lastDrawn = -1
    private var phase = ""

    /// The callback to hand the runner, or nil off a terminal, or on one that cannot redraw a line (the runner then skips counting).
    ///
    /// A bar redrawn at each percent would be a hundred lines on a `dumb` terminal.
    var callback: ((ProjectionRunner.Progress) -> Void)? {
        line.isShown && line.repaints ? { [self] progress in draw(progress) } : nil
    }

    private func draw(_ progress: ProjectionRunner.Progress) {
        let percent = progress.total == 0 ? 100 : Int(progress.done * 100 / max(progress.total, 1))
        guard percent != lastDrawn || progress.phase != phase else { return }
        lastDrawn = percent
        phase = progress.phase
        let width = 30
        let filled = min(width, percent * width / 100)
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        line.draw("\(bar) \(percent)% \(progress.phase)")
    }

    /// Clears the bar's line.
    func finish() {
        line.clear()
    }
}
