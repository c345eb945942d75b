import Foundation

/// Turns a fault inside the storage engine into SPEC §3's error line and exit 1, instead of a crash report.
///
/// LMDB maps `data.mdb` into memory and trusts its pages: a damaged page makes it fail an internal
/// assertion (SIGABRT) or touch memory outside the map (SIGSEGV, SIGBUS). Nothing can be recovered
/// at that point, but the user should learn what is wrong rather than read a backtrace. Swift's
/// own traps (SIGILL, SIGTRAP) keep the runtime's crash report, so program bugs stay visible;
/// a SIGSEGV from this program's own unsafe-pointer code would be reported as damage too, which
/// is why that code is kept to a few reviewed places (the fold's spellings, the state writers).
enum StorageFaultGuard {
    /// Installs the handlers; call once, first thing in `main`.
    static func install() {
        for signalNumber in [SIGBUS, SIGSEGV, SIGABRT] {
            signal(signalNumber) { number in
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
