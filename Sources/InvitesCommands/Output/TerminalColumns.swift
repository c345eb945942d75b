import Foundation

/// How many columns wide the terminal that standard output shows is: a table is fitted to it.
///
/// Nil when standard output is no terminal (a pipe or a file keeps every row whole, for `grep`,
/// `less -S` and scripts) or when the terminal does not say. Read once: a table is printed once.
enum TerminalColumns {
    static let ofStandardOutput: Int? = {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }()
}
