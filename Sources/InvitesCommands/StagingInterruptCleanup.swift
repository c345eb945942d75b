import Foundation
import Ledger

/// Removes a first import's staging folder when a signal interrupts the import (Ctrl-C, `kill`, a closed terminal), then ends as the signal would.
///
/// A killed import (SIGKILL) leaves its folder to the next import beside it
/// (`NewLedgerStaging.removeAbandoned`); one stopped by a signal that can be caught need not
/// leave up to a hundred megabytes hidden until then. The handler makes only async-signal-safe
/// calls (`unlink`, `rmdir`, `signal`, `raise`) on paths laid out before it is installed. A
/// signal after the ledger was moved into place finds nothing at those paths and removes nothing.
enum StagingInterruptCleanup {
    /// The signals that end an import and can be caught.
    private static let signals = [SIGINT, SIGTERM, SIGHUP]

    /// The paths to remove, files first and the folder last, as C strings; nil when nothing is staged.
    nonisolated(unsafe) private static var paths: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    /// How many paths `paths` holds.
    nonisolated(unsafe) private static var pathCount = 0
    /// The signals `install` set a handler for.
    nonisolated(unsafe) private static var caught: [Int32] = []
    /// The thread's signal mask before `install` let those signals through.
    nonisolated(unsafe) private static var maskBefore = sigset_t()

    /// Removes `folder` and what the import writes in it if one of `signals` arrives, until `uninstall`.
    static func install(folder: String) {
        let all = Ledger.folderFileNames.map { folder + "/" + $0 } + [folder]
        let list = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: all.count)
        for (index, path) in all.enumerated() { list[index] = strdup(path) }
        paths = list
        pathCount = all.count
        // A signal ignored by whoever started the import (`nohup` ignores SIGHUP) stays ignored.
        for number in signals where !isIgnored(number) {
            caught.append(number)
            signal(number) { number in
                if let paths = StagingInterruptCleanup.paths {
                    for index in 0..<StagingInterruptCleanup.pathCount {
                        guard let path = paths[index] else { continue }
                        if index == StagingInterruptCleanup.pathCount - 1 { rmdir(path) } else { unlink(path) }
                    }
                }
                signal(number, SIG_DFL)
                raise(number)
            }
        }
        // A process started from a thread that blocks signals (a dispatch queue's) inherits that mask,
        // and would never see them: let these through while the import runs, as a terminal's user expects.
        var handled = sigset_t()
        sigemptyset(&handled)
        for number in caught { sigaddset(&handled, number) }
        pthread_sigmask(SIG_UNBLOCK, &handled, &maskBefore)
    }

    /// Runs `body` with the signals held back (a rename into place, then the sync that makes it durable), so that the handler never runs half way through it.
    ///
    /// A signal that came meanwhile is taken when `body` is done: the folder is gone by then, so
    /// it removes nothing, and the process ends by it with the ledger in place.
    static func holdingSignals<R>(_ body: () throws -> R) rethrows -> R {
        var held = sigset_t()
        sigemptyset(&held)
        for number in caught { sigaddset(&held, number) }
        var before = sigset_t()
        pthread_sigmask(SIG_BLOCK, &held, &before)
        defer { pthread_sigmask(SIG_SETMASK, &before, nil) }
        return try body()
    }

    /// Whether `number` is ignored (`SIG_IGN`) in this process.
    private static func isIgnored(_ number: Int32) -> Bool {
        var current = sigaction()
        guard sigaction(number, nil, &current) == 0 else { return false }
        // Handlers are C function pointers, compared by address (`SIG_IGN` is the address 1).
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    /// Puts back the default action of the signals `install` caught, and forgets the paths.
    static func uninstall() {
        for number in caught { signal(number, SIG_DFL) }
        if !caught.isEmpty { pthread_sigmask(SIG_SETMASK, &maskBefore, nil) }
        caught = []
        guard let list = paths else { return }
        paths = nil
        for index in 0..<pathCount { free(list[index]) }
        list.deallocate()
        pathCount = 0
    }
}
