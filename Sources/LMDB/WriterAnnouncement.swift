import Foundation

/// Says, across processes, that a write transaction is open: a lock others can test without waiting.
///
/// LMDB's own writer lock can only be waited for. Every write transaction of `Environment`
/// also holds an exclusive `flock` on `writer.lock` beside the data file, which `isHeld()`
/// tests without blocking, so that a reader may answer another way rather than wait for a
/// long write to commit. The lock goes with its process: a killed writer leaves nothing held.
/// A `flock` belongs to the open file, not to a thread, so a gate keeps two threads of one
/// process from sharing it. When the file cannot be opened (a read-only directory), writes
/// go on without it and `isHeld()` answers false: LMDB's lock still serialises the writers.
/// A read-only environment only tests the lock, and never creates the file.
final class WriterAnnouncement: @unchecked Sendable {
    /// The environment's directory, which holds the lock file.
    private let directory: String
    private let path: String
    private let mode: mode_t
    /// Open the lock file read-only, without creating it (a read-only environment never writes).
    private let readOnly: Bool
    /// Held by the thread of this process that holds the lock file.
    private let gate = NSLock()
    /// Guards `descriptor`, opened on first use.
    private let opening = NSLock()
    private var descriptor: Int32?

    /// The announcement of the environment in `directory`, with the lock file created with `mode` (unless `readOnly`).
    init(directory: String, mode: mode_t, readOnly: Bool = false) {
        self.directory = directory
        path = directory + "/writer.lock"
        self.mode = mode
        self.readOnly = readOnly
    }

    deinit {
        if let descriptor, descriptor >= 0 { close(descriptor) }
    }

    /// Called with the environment's directory when a write must wait for another process's to end (`Environment.onWaitingForAnotherWriter`).
    nonisolated(unsafe) static var onWait: (@Sendable (String) -> Void)?

    /// Whether a write held by another writer fails at once (`LMDBError.isWriterBusy`) instead of waiting for it.
    ///
    /// Bound for the length of a call by `Environment.withoutWaitingForOtherWriters`.
    @TaskLocal static var givesUp = false

    /// Runs `body` holding the announcement, after waiting for another process's to be released.
    ///
    /// Under `givesUp`, throws instead of waiting when another writer holds it.
    func holding<R>(_ body: () throws -> R) throws -> R {
        if Self.givesUp {
            guard gate.try() else { throw busy() }
        } else {
            gate.lock()
        }
        defer { gate.unlock() }
        let file = lockFile()
        if file >= 0, flock(file, LOCK_EX | LOCK_NB) != 0 {
            if errno == EWOULDBLOCK, Self.givesUp { throw busy() }
            if errno == EWOULDBLOCK, let onWait = Self.onWait { onWait(directory) }
            while flock(file, LOCK_EX) != 0, errno == EINTR {}
        }
        defer { if file >= 0 { flock(file, LOCK_UN) } }
        return try body()
    }

    /// The refusal of a write that would wait for another writer.
    private func busy() -> LMDBError {
        LMDBError(code: EBUSY, context: "writing to \(directory)", detail: "another process is writing to it")
    }

    /// Whether a write transaction is open, in this process or another (false when the lock file cannot be opened).
    func isHeld() -> Bool {
        guard gate.try() else { return true }
        defer { gate.unlock() }
        let file = lockFile()
        guard file >= 0 else { return false }
        if flock(file, LOCK_EX | LOCK_NB) == 0 {
            flock(file, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    /// The lock file's descriptor, opened (and created) on first use; −1 when it cannot be.
    ///
    /// A failure is tried again at the next call, not kept: a read-only open made before any
    /// writer created the file, or a moment with no free descriptor, would otherwise hide every
    /// later write from `isHeld()` for the life of the process (review 145).
    private func lockFile() -> Int32 {
        opening.withLock {
            if let descriptor { return descriptor }
            let opened = readOnly ? open(path, O_RDONLY | O_CLOEXEC) : open(path, O_RDWR | O_CREAT | O_CLOEXEC, mode)
            if opened >= 0 { descriptor = opened }
            return opened
        }
    }
}
