import Foundation
import Ledger

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
///
/// Into a pipe a write that waits for its reader can be cut by such a signal too (audit 155:
/// `log --follow | cat` stopped by SIGTERM ended in half a line 4 times in 20), and catching the
/// signal there would wait on a reader that may never read. So the lines go in pieces the kernel
/// writes whole (`writeLines`): as many as the pipe has room for now, which it copies without
/// waiting, or, when it is full, at most `PIPE_BUF` bytes, which it writes whole or not at all.
/// A stopping signal, left fatal, then ends the process between two lines. A line longer than
/// `PIPE_BUF` that does not fit goes in one write, and may still be cut.
enum WholeLineWrites {
    /// The kind of standard output, asked once (standard output is never replaced later).
    private static let outputKind: mode_t = {
        var output = stat()
        return fstat(1, &output) == 0 ? output.st_mode & S_IFMT : 0
    }()

    /// Whether standard output is a regular file.
    private static var outputIsFile: Bool { outputKind == S_IFREG }

    /// The most bytes a pipe takes in one write whole or not at all (POSIX's `PIPE_BUF`; 4,096 on Linux).
    static let atomicPipeWrite = Int(PIPE_BUF)

    /// Writes `bytes`, whole lines, with `write`: into a pipe in pieces that each end at a line break (`pieceEnd`), else at once.
    static func writeLines(_ bytes: UnsafeRawBufferPointer,
                           _ write: (UnsafeRawBufferPointer) -> FileDescriptorWrites.Ending) -> FileDescriptorWrites.Ending {
        guard outputKind == S_IFIFO else { return write(bytes) }
        var start = 0
        while start < bytes.count {
            let end = pieceEnd(in: bytes, from: start, room: pipeRoom())
            let ending = write(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            guard ending == .done else { return ending }
            start = end
        }
        return .done
    }

    /// Linux's `F_GETPIPE_SZ` (`F_LINUX_SPECIFIC_BASE` + 8), which Glibc's Swift module leaves out: a pipe's capacity in bytes.
    private static let getPipeSize: Int32 = 1024 + 8

    /// The bytes the pipe on standard output surely takes now without waiting for its reader; 0 when it cannot tell.
    ///
    /// A pipe holds its bytes in pages, a write's first one maybe shared with the bytes before it:
    /// the room counted leaves a page more than the unread bytes fill.
    static func pipeRoom() -> Int {
        let capacity = fcntl(1, getPipeSize)
        var unread: Int32 = 0
        guard capacity > 0, ioctl(1, UInt(FIONREAD), &unread) == 0 else { return 0 }
        let page = 4096
        return max(0, Int(capacity) - (Int(unread) + page - 1) / page * page - page)
    }

    /// Where the piece of `bytes` from `start` ends: after the last line break within `room` or `atomicPipeWrite` bytes, whichever is more.
    ///
    /// A line longer than that is a piece of its own, to its line break; so are the last bytes when they hold none.
    static func pieceEnd(in bytes: UnsafeRawBufferPointer, from start: Int, room: Int) -> Int {
        let limit = max(room, atomicPipeWrite)
        guard bytes.count - start > limit else { return bytes.count }
        if let lastBreak = bytes[start..<start + limit].lastIndex(of: 0x0A) { return lastBreak + 1 }
        return bytes[(start + limit)...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
    }

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
