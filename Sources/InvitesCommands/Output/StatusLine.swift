import Foundation

/// A line of progress on standard error, redrawn in place, and drawn only when standard error is a terminal.
///
/// Off a terminal (a log file, a pipe, a test) progress would be noise among the messages, so
/// nothing is written. Each draw goes back to the line's start and erases it first, so a shorter
/// text leaves nothing of a longer one behind; `clear()` leaves the line empty for what follows.
/// A terminal that cannot redraw (`TERM=dumb`, as Emacs' shell sets, or no `TERM`) would show the
/// carriage return and the escape sequence as they are: there each draw is a plain line of its own.
struct StatusLine {
    /// Whether the line is drawn: standard error is a terminal.
    let isShown = isatty(2) == 1
    /// Whether that terminal redraws a line in place (its `TERM` is set, and is not `dumb`).
    let repaints: Bool = {
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        return !term.isEmpty && term != "dumb"
    }()
    private var drawn = false

    /// Return to the start of the line and erase it.
    private static let eraseLine = "\r\u{1B}[K"

    /// Replaces the line's text.
    mutating func draw(_ text: String) {
        guard isShown else { return }
        guard repaints else {
            Console.writeStandardError(text + "\n")
            return
        }
        Console.writeStandardError(Self.eraseLine + text)
        drawn = true
    }

    /// Erases the line, if anything was drawn since it was last cleared.
    mutating func clear() {
        guard drawn else { return }
        Console.writeStandardError(Self.eraseLine)
        drawn = false
    }
}
