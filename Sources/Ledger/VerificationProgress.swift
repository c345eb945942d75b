import Foundation

/// The position a `verify` running on the current thread is checking, for the report of a fault that ends the process.
///
/// LMDB stops the process on a damaged page it cannot walk (its assertion, see `AssertionHook`):
/// no error reaches `verify`'s caller then, so the check leaves its position where the fault
/// handler can read it, on the thread that faults (each half of a two-thread check has its own).
final class VerificationProgress {
    private static let key = "invites.verification-progress"

    /// The position being checked: the first not yet found sound.
    var position: UInt64

    private init(position: UInt64) {
        self.position = position
    }

    /// The position being checked on the calling thread, or nil when no check runs on it.
    static func current() -> UInt64? {
        (Thread.current.threadDictionary[key] as? VerificationProgress)?.position
    }

    /// Runs `body` with a progress, starting at `position`, that `current()` reads on this thread until it returns.
    static func tracking<Result>(from position: UInt64, _ body: (VerificationProgress) throws -> Result) rethrows -> Result {
        let dictionary = Thread.current.threadDictionary
        let outer = dictionary[key]
        let progress = VerificationProgress(position: position)
        dictionary[key] = progress
        defer { dictionary[key] = outer }
        return try body(progress)
    }
}

extension Ledger {
    /// The position a `verify` on the calling thread was checking, for a fault handler; nil outside a check.
    public static func positionBeingVerified() -> UInt64? {
        VerificationProgress.current()
    }
}
