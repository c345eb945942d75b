import Foundation

/// Keeps a stopping signal from cutting a write to a file in the middle of a line.
///
/// `export > file` stopped by SIGTERM, SIGINT or SIGHUP died inside a `write(2)` of a buffer of
/// whole lines, and the kernel had copied only part of it: the file ended in half a line, which
/// an import refuses (audit 140: 3 of 40 runs). While such a write runs into a regular file,
/// those signals, where they would end the process (their default action), are caught instead:
/// a caught signal is not fatal to the kernel, which finishes a local write, and the process is
/// then ended by the signal once the write returns. Being caught, not blocked, the signal still
/// interrupts a write that hangs (an NFS server gone, a stalled FUSE mount: review 141), which
/// then stops where it is. A signal with a handler of its own (an import's) or ignored is left
/// alone, and so is a pipe or a terminal, whose write may wait on its reader as long as it likes.
/// SIGKILL, which nothing can catch, may still cut a line.
enum WholeLineWrites {
    /// Whether standard output is a regular file, asked once (standard output is never replaced later).
    private static let outputIsFile: Bool = {
        var output = stat()
        return fstat(1, &output) == 0 && (output.st_mode & S_IFMT) == S_IFREG
    }()

    /// The stopping signal that came during a write, or 0; set in the handler.
    nonisolated(unsafe) private static var arrived: Int32 = 0

    /// Whether a stopping signal came during the write under way: the write then stops at its next interruption.
    static var isStopping: Bool { arrived != 0 }

    /// Runs `write`, ending the process once it returns when SIGINT, SIGTERM or SIGHUP came meanwhile, into a file.
    static func run(_ write: () -> Void) {
        guard outputIsFile else { return write() }
        arrived = 0
        var replaced: [(number: Int32, before: sigaction)] = []
        for number in StoppingSignals.numbers where StoppingSignals.action(of: number, is: SIG_DFL) {
            var catching = sigaction()
            catching.__sigaction_handler.sa_handler = { number in WholeLineWrites.arrived = number }
            sigemptyset(&catching.sa_mask)
            catching.sa_flags = 0  // no SA_RESTART: a hanging write returns EINTR
            var before = sigaction()
            if sigaction(number, &catching, &before) == 0 { replaced.append((number, before)) }
        }
        write()
        for var (number, before) in replaced { sigaction(number, &before, nil) }
        let number = arrived
        guard number != 0 else { return }
        // The default action again, and the signal again: the process ends as it would have, after a whole write.
        // Still here, this thread holds it back (another thread caught it): to the process, as it came.
        raise(number)
        kill(getpid(), number)
    }
}
