import Foundation
import LMDB
import Ledger

/// Turns a fault inside the storage engine into SPEC §3's error line and exit 1, instead of a crash report.
///
/// LMDB maps `data.mdb` into memory and trusts its pages: a damaged page makes it fail an internal
/// assertion (SIGABRT) or touch memory outside the map (SIGSEGV, SIGBUS). Nothing can be recovered
/// at that point, but the user should learn what is wrong rather than read a backtrace. Swift's
/// own traps (SIGILL, SIGTRAP) keep the runtime's crash report, so program bugs stay visible;
/// a SIGSEGV from this program's own unsafe-pointer code would be reported as damage too, which
/// is why that code is kept to a few reviewed places (the fold's spellings, the state writers).
enum StorageFaultGuard {
    /// What `verify --format json|csv` prints on standard output when a fault ends it, given the position and the error.
    ///
    /// Set by a command whose output must stay parseable when it cannot finish: a program reading
    /// `verify`'s answer gets `{"ok": false, "position": P, "error": …}` for a damaged page too.
    nonisolated(unsafe) static var answer: ((_ position: UInt64, _ error: String) -> String)?

    /// Writes `answer` for `position` and `error` to standard output, when a command set one.
    private static func writeAnswer(position: UInt64, error: String) {
        guard let answer else { return }
        let text = Array(answer(position, error).utf8)
        _ = text.withUnsafeBufferPointer { write(1, $0.baseAddress, $0.count) }
    }

    /// Installs the handlers; call once, first thing in `main`.
    static func install() {
        // LMDB's assertion, said in one line with its text (it printed its own line before ours), and
        // the position `verify` was checking: the page is damaged, and the process cannot go on.
        AssertionHook.handler = { assertion in
            let position = Ledger.positionBeingVerified()
            let error = "the storage engine stopped on a damaged page" + (position.map { " reading position \($0)" } ?? "")
                + " (LMDB: \(assertion)): the ledger's data file is damaged; restore data.mdb from a backup, or import "
                + "an export into a fresh ledger"
            if let position { writeAnswer(position: position, error: error) }
            let line = Array("invites: error: \(error)\n".utf8)
            _ = line.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count) }
            _exit(1)
        }
        for signalNumber in [SIGBUS, SIGSEGV, SIGABRT] {
            signal(signalNumber) { number in
                // A `verify` reading a damaged page answers as for any failed position (audit 93 N1); the position is
                // read from a POSIX thread-specific slot, which takes no lock, and only by `verify` (which sets `answer`).
                if number != SIGABRT, StorageFaultGuard.answer != nil, let position = Ledger.positionBeingVerified() {
                    StorageFaultGuard.writeAnswer(position: position, error: "the storage engine stopped on a "
                        + "\(number == SIGBUS ? "bus error" : "fault") reading position \(position): the ledger's data file is "
                        + "damaged or cut short (or its disk full)")
                }
                // A bus error is also what a full disk gives when a page of a mapped file has no block behind it.
                let message: StaticString = number == SIGBUS ? """
                    invites: error: the storage engine stopped on a bus error (a page of the ledger's files could not be \
                    read or written): the disk may be full, or data.mdb damaged or cut short; free some space and try \
                    again, else restore data.mdb from a backup, or import an export into a fresh ledger

                    """ : """
                    invites: error: the storage engine stopped on an internal fault: the ledger's data file is probably \
                    damaged; restore data.mdb from a backup, or import an export into a fresh ledger

                    """
                _ = message.withUTF8Buffer { write(2, $0.baseAddress, $0.count) }
                _exit(1)
            }
        }
    }
}
