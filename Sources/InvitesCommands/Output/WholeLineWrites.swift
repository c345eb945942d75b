import Foundation

/// Keeps a stopping signal from cutting a write to a file in the middle of a line.
///
/// `export > file` stopped by SIGTERM, SIGINT or SIGHUP died inside a `write(2)` of a buffer of
/// whole lines, and the kernel had copied only part of it: the file ended in half a line, which
/// an import refuses (audit 140: 3 of 40 runs). Into a regular file those signals are blocked
/// for the length of each write and act once it returns, after a whole line. Not into a pipe or
/// a terminal, whose write may wait on the reader (a pager that ignores Ctrl-C) for as long as it
/// likes: there the signal keeps stopping the command at once, and a line may be cut (SIGKILL,
/// which cannot be blocked, may cut one anywhere).
enum WholeLineWrites {
    /// Whether standard output is a regular file, asked once.
    private static let outputIsFile: Bool = {
        var output = stat()
        return fstat(1, &output) == 0 && (output.st_mode & S_IFMT) == S_IFREG
    }()

    /// Runs `write` with SIGINT, SIGTERM and SIGHUP held back on this thread when standard output is a file.
    static func run(_ write: () -> Void) {
        guard outputIsFile else { return write() }
        var stopping = sigset_t()
        sigemptyset(&stopping)
        for number in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&stopping, number) }
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &stopping, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        write()
    }
}
