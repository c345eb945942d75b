import Foundation
import Ledger
import Projections

/// Tells a person at a terminal that a write waits for another process's to end, or a query for another's catch-up, which they would otherwise do in silence.
///
/// LMDB's writer lock waits without a limit: a `send` behind a long import looks hung. Only a
/// terminal is told, at once: a program reading standard error keeps the first line it expects
/// (an answer's notes, a refusal's `invites: <code>:` line), however long the wait.
enum WaitingNote {
    /// Whether the note was said: once per command, however many of its transactions wait.
    nonisolated(unsafe) private static var said = false

    /// Says it on standard error when that is a terminal; call once, first thing in `main`.
    static func install() {
        guard isatty(2) != 0 else { return }
        Ledger.onWaitingForAnotherWriter = { directory in
            guard !said else { return }
            said = true
            Console.error("invites: note: waiting for another process writing to the ledger at \(directory) to finish")
        }
        ProjectionRunner.onWaitingForAnotherCatchUp = { directory in
            guard !said else { return }
            said = true
            Console.error("invites: note: waiting for another query to bring the projections of the ledger at \(directory) up to date")
        }
    }
}
