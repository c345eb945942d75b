import Foundation

/// Waits on a descriptor that said "try again" (EAGAIN): one inherited in non-blocking mode.
///
/// O_NONBLOCK belongs to the open file, so a child inherits it from a parent that set it on a
/// shared pipe or terminal (Node.js with `stdio: 'inherit'`, some asyncio programs). A read or
/// write there fails with EAGAIN whenever the other end is slower, which is no failure: the
/// command waits until the descriptor is ready and tries again, as a blocking one would have
/// waited (audit 115 F12: `export` stopped after 64 KiB, `import -` refused at once).
public enum NonBlockingWait {
    /// Whether `error` (an `errno`) means "not ready yet" rather than a failure.
    public static func isNotReady(_ error: Int32) -> Bool {
        error == EAGAIN || error == EWOULDBLOCK
    }

    /// Blocks until `descriptor` can be read (`forWriting` false) or written, or reports an error or hang-up (which the next call then says).
    public static func untilReady(_ descriptor: Int32, forWriting: Bool) {
        var ready = pollfd(fd: descriptor, events: Int16(forWriting ? POLLOUT : POLLIN), revents: 0)
        while poll(&ready, 1, -1) < 0, errno == EINTR {}
    }
}
