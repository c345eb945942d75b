import Foundation
import Ledger

/// One query at a time catches a ledger's projections up; the others wait for it, then read what it wrote.
///
/// Twenty `check`s started together after a daily import each found the projections behind,
/// and each rebuilt them, or folded the whole log when another was writing: 25–33 s each and
/// 4.6 GB together on a 3.3M-event ledger, for answers one catch-up (≈ 2 s) gives them all
/// (audit 60 M1). A catch-up takes an exclusive `flock` on `catch-up.lock` in the ledger's
/// directory; a query that needs one waits for the lock, then looks again. Imports never take
/// it, and a catch-up gives up rather than wait for one (`Environment.withoutWaitingForOtherWriters`),
/// so no query waits behind an import. The lock goes with its process; one held longer than a
/// catch-up takes (a process stopped with Ctrl-Z keeps it) is waited for only so long
/// (`patience`). Where the file cannot be opened (a read-only directory), there is no turn to
/// wait for; a ledger open read-only never creates it.
struct CatchUpTurn {
    /// The lock file's path, in the ledger's directory.
    let path: String
    /// Whether the file may be created (not on a ledger open read-only).
    let creates: Bool

    init(ledger: Ledger) {
        path = ledger.path + "/catch-up.lock"
        creates = !ledger.environment.isReadOnly
    }

    /// How long to wait for another query's catch-up of a log of `events`: more than a rebuild of it takes.
    ///
    /// A rebuild runs at ≈ 3M events/s on this project's machine (1.4–3 s at 3.4M events on a
    /// busy one); 2 s, and 1 s more per million events, leaves room for that. Past it the query
    /// does without the turn.
    static func patience(events: UInt64) -> TimeInterval { 2 + Double(events) / 1_000_000 }

    /// Runs `body` holding the turn, once another query's catch-up ends, or without it after `patience` seconds.
    ///
    /// Each call opens the file anew: a `flock` belongs to an open file, so two threads of one
    /// process taking turns exclude each other like two processes. `waiting` is called once
    /// when another holds the turn, before the wait.
    func taking<R>(patience: TimeInterval, waiting: () -> Void = {}, _ body: () throws -> R) rethrows -> R {
        let file = creates ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600) : open(path, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { return try body() }
        defer { close(file) }  // which releases the lock
        let deadline = Date(timeIntervalSinceNow: patience)
        var waited = false
        while flock(file, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else { break }
            if !waited {
                waited = true
                waiting()
            }
            usleep(5_000)
        }
        return try body()
    }
}
