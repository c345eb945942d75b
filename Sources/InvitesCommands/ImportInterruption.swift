import Foundation
import Ledger

/// What an import does when a signal interrupts it (Ctrl-C, `kill`, a closed terminal).
///
/// It removes a first import's staging folder, says on standard error whether anything was
/// recorded, then ends as the signal would (130, 143).
///
/// A batch is recorded whole or not at all: until its commit (or, for a first import, the rename
/// of its staging folder onto `--db`), an interrupted import has recorded nothing, and says so
/// (it died in silence before, audit 115). A signal during that commit is held back until the commit
/// is done, so the line says what happened: nothing, or the whole batch. The handler is in place
/// from the command's start (reading standard input, a LinkedIn export's files) to its end (the
/// summary, the refused lines listed), so no part of an import ends in silence (audit 119 F1, F2). A killed import
/// (SIGKILL) leaves its staging folder to the next import beside it (`NewLedgerStaging.removeAbandoned`);
/// one stopped by a signal that can be caught need not leave up to a hundred megabytes hidden until then.
///
/// The handler makes only async-signal-safe calls (`write`, `unlink`, `rmdir`, `signal`,
/// `pthread_sigmask`, `raise`) on paths and texts laid out before it is installed. It runs on the main
/// thread (the import's other threads block these signals, `WorkerThread`); the shared state is
/// word-sized values, written so that a signal held back is never lost: the handler records it
/// before reading the phase, and whichever of it and `settled` claims it first ends the process.
enum ImportInterruption {
    /// Where the batch stands: nothing recorded yet, its commit under way, or recorded.
    private enum Phase: Int32 {
        case notRecorded, committing, recorded
    }

    nonisolated(unsafe) private static var phase = Phase.notRecorded.rawValue
    /// A signal that came during a commit, for `settled` to end the process by; 0 when none.
    nonisolated(unsafe) private static var heldBack: Int32 = 0
    /// Set by whoever ends the process for a signal (the handler or `settled`), so that it is said once.
    nonisolated(unsafe) private static var claimed: Int32 = 0
    /// The staging folder's paths to remove, files first and the folder last, as C strings; nil when nothing is staged.
    nonisolated(unsafe) private static var paths: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    /// How many paths `paths` holds.
    nonisolated(unsafe) private static var pathCount = 0
    /// The signals `install` set a handler for.
    nonisolated(unsafe) private static var caught: [Int32] = []
    /// The thread's signal mask before `install` let those signals through.
    nonisolated(unsafe) private static var maskBefore = sigset_t()
    /// Whether standard error is a terminal: the line then starts on a line of its own, after the `^C` the terminal echoed.
    nonisolated(unsafe) private static var startsOwnLine = false
    /// A `--rejects` file the import created, removed when it is interrupted before writing it; nil when none.
    nonisolated(unsafe) private static var createdFile: UnsafeMutablePointer<CChar>?
    /// Whether the import has written to `createdFile`, which then stays.
    nonisolated(unsafe) private static var createdFileWritten = false

    /// Installs the handler: until `uninstall`, a stopping signal makes the import say what it recorded and end by that signal.
    static func install() {
        phase = Phase.notRecorded.rawValue
        heldBack = 0
        claimed = 0
        // Every value the handler reads is touched here first: a static's first use may run its lazy
        // initialiser (`swift_once`, not safe in a handler, in a build that does not fold it away).
        if paths == nil { pathCount = 0 }
        if createdFile == nil { createdFileWritten = false }
        startsOwnLine = isatty(2) == 1
        // A signal ignored by whoever started the import (`nohup` ignores SIGHUP) stays ignored.
        for number in StoppingSignals.numbers where !StoppingSignals.action(of: number, is: SIG_IGN) {
            caught.append(number)
            signal(number) { number in
                ImportInterruption.heldBack = number
                if ImportInterruption.phase == Phase.committing.rawValue { return }
                ImportInterruption.end(by: number)
            }
        }
        // A process started from a thread that blocks signals (a dispatch queue's) inherits that mask,
        // and would never see them: let these through while the import runs, as a terminal's user expects.
        var handled = sigset_t()
        sigemptyset(&handled)
        for number in caught { sigaddset(&handled, number) }
        pthread_sigmask(SIG_UNBLOCK, &handled, &maskBefore)
    }

    /// Names a first import's staging folder, removed with what the import wrote in it when a signal comes before it is recorded.
    ///
    /// Told before the folder is made, and its names stay laid out until `uninstall`: before it
    /// is made, and once it is moved into place or discarded, removing them finds nothing.
    static func stage(_ stagingFolder: String) {
        guard paths == nil else { return }
        let all = Ledger.folderFileNames.map { stagingFolder + "/" + $0 } + [stagingFolder]
        let list = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: all.count)
        for (index, path) in all.enumerated() { list[index] = strdup(path) }
        pathCount = all.count
        paths = list
    }

    /// Names a `--rejects` file the import created: an interrupted import that never wrote to it removes it (audit 119 F3).
    static func created(_ path: String) {
        guard createdFile == nil else { return }
        createdFileWritten = false
        createdFile = strdup(path)
    }

    /// Runs `body` with the stopping signals held back, and lets through those that came meanwhile once it returns.
    ///
    /// For a step and its telling the handler, which a signal must not come between: a file made
    /// and then named (`created`), which a signal in between would leave behind.
    static func holdingSignals<R>(_ body: () -> R) -> R {
        var stopping = stoppingSet()
        var before = sigset_t()
        pthread_sigmask(SIG_BLOCK, &stopping, &before)
        defer { pthread_sigmask(SIG_SETMASK, &before, nil) }
        return body()
    }

    /// SIGINT, SIGTERM and SIGHUP as a set, named one by one: `end` runs in a handler, where iterating
    /// a Swift array (`StoppingSignals.numbers`) would retain its storage.
    private static func stoppingSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGHUP)
        return set
    }

    /// Keeps the `created` file, which the import has written to.
    static func createdFileIsWritten() { createdFileWritten = true }

    /// Marks the start of the batch's commit: a signal from now on waits for `settled`.
    ///
    /// Called just before the commit (`Ledger.append`'s `beforeCommit`), whose outcome only its end tells.
    static func commitBegins() {
        guard !caught.isEmpty else { return }
        phase = Phase.committing.rawValue
    }

    /// Runs `body`, which commits a batch (or moves a first import into place), then acts on a signal held back meanwhile.
    ///
    /// For such a signal, it says whether `body` recorded the batch (`recorded`), and ends the process by it.
    ///
    /// `begin` marks the commit from the start of `body` (a rename); without it, `commitBegins` does (an append).
    static func settled<R>(beginning begin: Bool = false, _ body: () throws -> R, recorded: (R) -> Bool) rethrows -> R {
        if begin { commitBegins() }
        let result: R
        do {
            result = try body()
        } catch {
            settle(recorded: false)
            throw error
        }
        settle(recorded: recorded(result))
        return result
    }

    /// Sets the phase once a commit is done, and ends the process by a signal held back meanwhile.
    private static func settle(recorded: Bool) {
        guard !caught.isEmpty else { return }
        phase = (recorded ? Phase.recorded : Phase.notRecorded).rawValue
        let number = heldBack
        if number != 0 { end(by: number) }
    }

    /// Removes the staging folder, says what was recorded, and ends the process by `number` (once, whoever calls first).
    ///
    /// The claim is taken with the stopping signals blocked, so that no handler (a second signal, or
    /// one arriving while `settle` claims) runs between its check and its mark; the mask is put back
    /// before anything else, and a handler's own signal stays blocked until it returns, so `raise` ends the process then.
    /// Written out rather than through `holdingSignals`: a generic closure has no place in a handler.
    private static func end(by number: Int32) {
        var stopping = stoppingSet()
        var before = sigset_t()
        pthread_sigmask(SIG_BLOCK, &stopping, &before)
        let first = claimed == 0
        claimed = 1
        pthread_sigmask(SIG_SETMASK, &before, nil)
        guard first else { return }
        if phase != Phase.recorded.rawValue, let paths {
            for index in 0..<pathCount {
                guard let path = paths[index] else { continue }
                if index == pathCount - 1 { rmdir(path) } else { unlink(path) }
            }
        }
        if !createdFileWritten, let createdFile { unlink(createdFile) }
        say(number, recorded: phase == Phase.recorded.rawValue)
        signal(number, SIG_DFL)
        raise(number)
    }

    /// Writes the line, in parts that need no memory: `invites: import interrupted by SIGINT: nothing was recorded …`.
    private static func say(_ number: Int32, recorded: Bool) {
        func put(_ text: StaticString) {
            _ = text.withUTF8Buffer { write(2, $0.baseAddress, $0.count) }
        }
        if startsOwnLine { put("\n") }
        put("invites: import interrupted by ")
        put(number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : number == SIGHUP ? "SIGHUP" : "a signal")
        put(recorded
            ? " once its batch was recorded: the import is recorded whole (invites status shows the head)\n"
            : ": nothing was recorded (a batch is recorded whole or not at all); run it again to import the input\n")
    }

    /// Puts back the default action of the signals `install` caught, and forgets the paths.
    static func uninstall() {
        for number in caught { signal(number, SIG_DFL) }
        if !caught.isEmpty { pthread_sigmask(SIG_SETMASK, &maskBefore, nil) }
        caught = []
        if let file = createdFile {
            createdFile = nil
            free(file)
        }
        guard let list = paths else { return }
        paths = nil
        for index in 0..<pathCount { free(list[index]) }
        list.deallocate()
        pathCount = 0
    }
}
