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

    /// A read that failed, with what the system said.
    public struct ReadFailure: Error {
        /// The failed read's `errno`.
        public let code: Int32
        /// The system's words for it (`Is a directory`).
        public var reason: String { String(cString: strerror(code)) }
    }

    /// Reads `descriptor` to its end, waiting when it is not ready; the bytes, or the failure of the read that failed.
    ///
    /// Stops once it holds more than `limit` bytes, so that a caller can refuse an endless input
    /// (`/dev/zero`) by its length instead of running out of memory (review 145).
    public static func readToEnd(_ descriptor: Int32, limit: Int = .max) -> Result<[UInt8], ReadFailure> {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[..<count])
            } else if count == 0 {
                return .success(bytes)
            } else if errno == EINTR {
                continue
            } else if isNotReady(errno) {
                untilReady(descriptor, forWriting: false)
            } else {
                return .failure(ReadFailure(code: errno))
            }
        }
        return .success(bytes)
    }

    /// Blocks until `descriptor` can be read (`forWriting` false) or written, or reports an error or hang-up (which the next call then says).
    public static func untilReady(_ descriptor: Int32, forWriting: Bool) {
        var ready = pollfd(fd: descriptor, events: Int16(forWriting ? POLLOUT : POLLIN), revents: 0)
        while poll(&ready, 1, -1) < 0, errno == EINTR {}
    }
}
