import Foundation

/// Writing every byte of a buffer to a descriptor, going on after short writes and interrupting signals.
///
/// `write(2)` may write fewer bytes than asked (a pipe, a signal) or fail with EINTR: each
/// writer of standard output, standard error, a rejects file or a spilled run goes on until all
/// are written. What a failure means is the caller's to say, so this only reports it.
public enum FileDescriptorWrites {
    /// How a `writeAll` or `transferAll` ended.
    public enum Ending: Equatable {
        /// Every byte was moved.
        case done
        /// A signal interrupted a transfer and `stopping` said to go no further.
        case stopped
        /// A transfer returned `returned` (−1, or 0: it moved nothing), with `errno` as it was just after it.
        case failed(returned: Int, errno: Int32)
    }

    /// Writes all of `bytes` to `descriptor` with `write(2)`.
    ///
    /// `waitingWhenNotReady`: an EAGAIN (a descriptor inherited in non-blocking mode) waits until
    /// the descriptor is ready (`NonBlockingWait`) and goes on, instead of failing. `stopping` is
    /// asked after each EINTR: true ends the write there (a stopping signal that ends the process).
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, waitingWhenNotReady: Bool,
                                stopping: () -> Bool = { false }) -> Ending {
        guard let base = bytes.baseAddress else { return .done }
        return transferAll(bytes.count, waitingOn: waitingWhenNotReady ? descriptor : nil, stopping: stopping) { done, left in
            write(descriptor, base + done, left)
        }
    }

    /// Moves all of `count` bytes with `transfer`, going on after short transfers and EINTR: `writeAll`'s loop, for `pwrite` and `pread` too.
    ///
    /// Given the bytes done and left, `transfer` returns what `write`, `pwrite` or `pread` returns.
    /// With `waitingOn`, an EAGAIN waits until that descriptor is ready for writing and goes on.
    public static func transferAll(_ count: Int, waitingOn descriptor: Int32? = nil, stopping: () -> Bool = { false },
                                   _ transfer: (_ done: Int, _ left: Int) -> Int) -> Ending {
        var done = 0
        while done < count {
            let moved = transfer(done, count - done)
            if moved < 0, errno == EINTR {
                if stopping() { return .stopped }
                continue
            }
            if moved < 0, let descriptor, NonBlockingWait.isNotReady(errno) {
                NonBlockingWait.untilReady(descriptor, forWriting: true)
                continue
            }
            guard moved > 0 else { return .failed(returned: moved, errno: errno) }
            done += moved
        }
        return .done
    }
}
