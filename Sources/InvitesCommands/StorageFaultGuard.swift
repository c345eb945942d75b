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
    /// Setting it lays out the answers the signal handlers write (`FaultAnswer`), which may not allocate.
    nonisolated(unsafe) static var answer: ((_ position: UInt64, _ error: String) -> String)? {
        didSet {
            laidOut = answer.map { answer in
                (busError: FaultAnswer { answer($0, faultError("a bus error", position: $0)) },
                 fault: FaultAnswer { answer($0, faultError("a fault", position: $0)) })
            }
        }
    }

    /// `answer` for a SIGBUS and for a SIGSEGV, rendered before the check starts.
    /// Unchecked: the handler's read must not enter the run time's access bookkeeping (review 105 R3).
    @exclusivity(unchecked) nonisolated(unsafe) private static var laidOut: (busError: FaultAnswer, fault: FaultAnswer)?

    /// The error a signal during `verify` reports at `position`, `kind` naming the signal.
    private static func faultError(_ kind: String, position: UInt64) -> String {
        "the storage engine stopped on \(kind) reading position \(position): the ledger's data file is damaged or cut short "
            + "(or its disk full)"
    }

    /// Writes `text` to the file descriptor `fd` with `write(2)`, bypassing buffered streams the failure may have left half-written.
    ///
    /// For the assertion hook, which runs on the thread that failed, not in a signal handler: it may allocate.
    private static func writeWhole(_ text: String, to fd: Int32) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) }
    }

    /// Installs the handlers; call once, first thing in `main`.
    static func install() {
        // Its lazy initialisation (a lock in a debug build) happens here, not on a handler's first read.
        _ = laidOut
        // LMDB's assertion, said in one line with its text (it printed its own line before ours), and
        // the position `verify` was checking: the page is damaged, and the process cannot go on.
        AssertionHook.handler = { assertion in
            let position = Ledger.positionBeingVerified()
            let error = "the storage engine stopped on a damaged page" + (position.map { " reading position \($0)" } ?? "")
                + " (LMDB: \(assertion)): the ledger's data file is damaged; restore data.mdb from a backup, or import "
                + "an export into a fresh ledger"
            // A `verify` names it as the failure it reports, as for any other damage it finds (audit 149).
            if let position, let text = answer?(position, error) {
                writeWhole(text, to: 1)
                writeWhole("invites: verification_failed: \(error)\n", to: 2)
            } else {
                writeWhole("invites: error: \(error)\n", to: 2)
            }
            _exit(1)
        }
        for signalNumber in [SIGBUS, SIGSEGV] {
            signal(signalNumber) { number in
                // A `verify` reading a damaged page answers as for any failed position (audit 93 N1); the position is
                // read from a POSIX thread-specific slot, which takes no lock, and only by `verify` (which sets `answer`).
                var code: StaticString = "invites: error: "
                if let laidOut = StorageFaultGuard.laidOut, let position = Ledger.positionBeingVerified() {
                    (number == SIGBUS ? laidOut.busError : laidOut.fault).write(position: position, to: 1)
                    code = "invites: verification_failed: "  // the failure `verify` reports, as for any other damage (audit 149)
                }
                // A bus error is also what a full disk gives when a page of a mapped file has no block behind it.
                let message: StaticString = number == SIGBUS ? """
                    the storage engine stopped on a bus error (a page of the ledger's files could not be \
                    read or written): the disk may be full, or data.mdb damaged or cut short; free some space and try \
                    again, else restore data.mdb from a backup, or import an export into a fresh ledger

                    """ : """
                    the storage engine stopped on an internal fault: the ledger's data file is probably \
                    damaged; restore data.mdb from a backup, or import an export into a fresh ledger

                    """
                _ = code.withUTF8Buffer { write(2, $0.baseAddress, $0.count) }
                _ = message.withUTF8Buffer { write(2, $0.baseAddress, $0.count) }
                _exit(1)
            }
        }
        installAbortFromElsewhere()
    }

    /// Lets a SIGABRT another process sent (systemd's watchdog, `timeout -s ABRT`, `kill -6`) end the process as SIGABRT does.
    ///
    /// Only an abort of this process's own (`abort()`, which signals its own thread) is blamed on
    /// the data file: one sent from outside says nothing about it, and "restore data.mdb from a
    /// backup" would have lost every event since that backup on a ledger that verifies (audit 115
    /// F4). The signal's sender is known only to a handler taking `siginfo_t`, so this one replaces
    /// the plain handler for SIGABRT and defers to it for the process's own aborts.
    private static func installAbortFromElsewhere() {
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = { number, info, _ in
            let code = info?.pointee.si_code ?? 0
            let sender = info?.pointee._sifields._kill.si_pid ?? 0
            // SI_USER (kill), SI_QUEUE and SI_TKILL (tgkill) are sent by a process; the kernel's own codes are positive.
            if code <= 0, sender != getpid() {
                signal(number, SIG_DFL)
                raise(number)
                return
            }
            let message: StaticString = """
                invites: error: the storage engine stopped on an internal fault: the ledger's data file is probably \
                damaged; restore data.mdb from a backup, or import an export into a fresh ledger

                """
            _ = message.withUTF8Buffer { write(2, $0.baseAddress, $0.count) }
            _exit(1)
        }
        action.sa_flags = SA_SIGINFO
        sigemptyset(&action.sa_mask)
        sigaction(SIGABRT, &action, nil)
    }
}
