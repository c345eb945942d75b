import Foundation
import Ledger

/// One query at a time catches a ledger's projections up; the others wait for it, then read what it wrote.
///
/// Twenty `check`s started together after a daily import each found the projections behind,
/// and each rebuilt them, or folded the whole log when another was writing: 25–33 s each and
/// 4.6 GB together on a 3.3M-event ledger, for answers one catch-up (≈ 2 s) gives them all
/// (audit 60 M1). A catch-up takes an exclusive `flock` on `catch-up.lock` in the ledger's
/// directory; a query that needs one waits for the lock, then looks again. Imports never take
/// it, so a query still answers from a fold rather than wait for a long import. The lock goes
/// with its process. Where the file cannot be opened (a read-only directory), there is no
/// turn to wait for, as before; a ledger open read-only never creates it.
struct CatchUpTurn {
    /// The lock file's path, in the ledger's directory.
    let path: String
    /// Whether the file may be created (not on a ledger open read-only).
    let creates: Bool

    init(ledger: Ledger) {
        path = ledger.path + "/catch-up.lock"
        creates = !ledger.environment.isReadOnly
    }

    /// Runs `body` holding the turn, after another query's catch-up ends.
    ///
    /// Each call opens the file anew: a `flock` belongs to an open file, so two threads of one
    /// process taking turns exclude each other like two processes.
    func taking<R>(_ body: () throws -> R) rethrows -> R {
        let file = creates ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600) : open(path, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { return try body() }
        defer { close(file) }  // which releases the lock
        while flock(file, LOCK_EX) != 0, errno == EINTR {}
        return try body()
    }
}
