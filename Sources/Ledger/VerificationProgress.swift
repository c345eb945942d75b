import Foundation

/// The position a `verify` running on the current thread is checking, for the report of a fault that ends the process.
///
/// LMDB stops the process on a damaged page it cannot walk (its assertion, see `AssertionHook`):
/// no error reaches `verify`'s caller then, so the check leaves its position where the fault
/// handler can read it, on the thread that faults (each half of a two-thread check has its own).
final class VerificationProgress {
    /// The thread-specific slot that holds the calling thread's progress, unretained.
    ///
    /// A POSIX key rather than Foundation's thread dictionary: a signal handler (a bus error on a
    /// damaged page) reads it, and `pthread_getspecific` takes no lock and allocates nothing.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The position being checked: the first not yet found sound.
    var position: UInt64

    private init(position: UInt64) {
        self.position = position
    }

    /// The position being checked on the calling thread, or nil when no check runs on it.
    static func current() -> UInt64? {
        guard let slot = pthread_getspecific(key) else { return nil }
        return Unmanaged<VerificationProgress>.fromOpaque(slot).takeUnretainedValue().position
    }

    /// Runs `body` with a progress, starting at `position`, that `current()` reads on this thread until it returns.
    static func tracking<Result>(from position: UInt64, _ body: (VerificationProgress) throws -> Result) rethrows -> Result {
        let outer = pthread_getspecific(key)
        let progress = VerificationProgress(position: position)
        pthread_setspecific(key, Unmanaged.passUnretained(progress).toOpaque())
        defer { pthread_setspecific(key, outer) }
        return try withExtendedLifetime(progress) { try body(progress) }
    }
}

extension Ledger {
    /// The position a `verify` on the calling thread was checking, for a fault handler; nil outside a check.
    public static func positionBeingVerified() -> UInt64? {
        VerificationProgress.current()
    }
}
