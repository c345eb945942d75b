import ArgumentParser
import Foundation
import Ledger
import Merkle

/// `invites log`: the raw log as JSON Lines, optionally following new events.
struct LogCommand: LedgerCommand, ClockFreeCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Print the log as JSON Lines (with --follow, keep streaming).",
        discussion: """
        Always JSON Lines, whatever --format says. With --follow on a path where no ledger \
        is yet (its folder exists), it waits for the first write or import to make one, as \
        `tail -F` waits for a file; a ledger removed or replaced while followed is read to its end, \
        said on standard error, and the one made there next is followed from its first event. \
        A follower whose reader went away (`| head -n 5` done, a pipe or a local socket \
        closed) stops even while idle, as a write would end it (SIGPIPE: 141 in a shell).

        Lines end at \\n only: a note or reason may hold U+2028 or U+0085, which JSON keeps as \
        text (split lines on \\n, not with a splitter that also breaks at Unicode line separators).

        Examples:
          invites log --from 200 --limit 10
          invites log --follow | my-crm-sync
        """)

    @Option(parsing: .unconditional, help: ArgumentHelp("The first position to print.", valueName: "position"))
    var from: UInt64 = 1
    @Option(parsing: .unconditional, help: "Print at most this many events.")
    var limit: Int?
    @Flag(help: "After the last event, wait for new ones and print them as they are recorded.")
    var follow = false
    @Option(parsing: .unconditional, help: ArgumentHelp("With --follow: how often to look for new events, in milliseconds.", valueName: "ms"))
    var pollInterval: Int = 200
    @OptionGroup var options: LedgerOptions
    @OptionGroup var clock: IgnoredClockOption

    /// Waits while no ledger is at the path but one could be made there (a first import may be building it beside).
    ///
    /// A path whose folder is missing too is most likely mistyped: that one is reported at once.
    /// Returns false when the output's reader went away meanwhile (`readerLeft`).
    private func waitForALedger() -> Bool {
        guard options.presence == .absent else { return true }
        Console.error("invites: note: no ledger at \(options.path) yet; waiting for one (a first import or send makes it)")
        while options.presence == .absent {
            pause { Console.readerIsGone || options.presence != .absent }
            if Self.readerLeft() { return false }
        }
        return true
    }

    /// Whether the output's reader went away while nothing was written (`| head -n 5` done), ending the process as a write would.
    ///
    /// A write to it would raise SIGPIPE: by default that ends the process (141 in a shell), as
    /// it ends `tail -f`; where SIGPIPE is ignored (a supervisor that ignores it passes that on),
    /// the write fails with EPIPE and the follower stops with `writing the output failed: Broken
    /// pipe`, exit 1, as `tail -f` does. Raising it here ends the follower the same way in both,
    /// whether its reader left while it waited or while it wrote.
    private static func readerLeft() -> Bool {
        guard Console.readerIsGone else { return false }
        Console.flushNotes()
        raise(SIGPIPE)
        Console.readerWentAway()
        return true
    }

    /// Lets SIGINT, SIGTERM, SIGHUP and SIGABRT reach a follower that inherited them blocked, so that it can be stopped.
    ///
    /// A process started from a thread that blocks signals (Foundation's `Process` on a dispatch
    /// queue's thread, as a Swift supervisor starts one) inherits that mask: such a follower ran
    /// on through `kill`, and only SIGKILL stopped it; a watchdog's SIGABRT likewise (audit 115 F4).
    /// A signal ignored on purpose stays ignored.
    private static func letStoppingSignalsThrough() {
        var stopping = sigset_t()
        sigemptyset(&stopping)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGABRT] { sigaddset(&stopping, number) }
        pthread_sigmask(SIG_UNBLOCK, &stopping, nil)
    }

    /// Whether `ledger`'s chain hash after `position` is `hash`: it holds the same events up to there.
    private static func holds(_ hash: Digest, at position: UInt64, in ledger: Ledger) throws -> Bool {
        try ledger.read { view in try view.head().position >= position && view.chainHash(at: position) == hash }
    }

    /// What `log` and `export` say to `--format csv`: SPEC has them write JSON Lines, and where CSV of events is.
    static func jsonLinesOnlyNote(_ command: String) -> String {
        "invites: note: \(command) always writes JSON Lines, whatever --format says; "
            + "`invites history --to R --format csv` gives a person's events as CSV, and `pending`, `cooldown` and `metrics` take --format csv"
    }

    /// The longest `--poll-interval`: a day, in milliseconds (a longer one overflowed the sleep and trapped: audit 49).
    static let longestPollInterval = 86_400_000

    /// Sleeps `--poll-interval` milliseconds (10 at least), a second at a time, ending early once `awake` is true.
    ///
    /// A second at a time: `usleep` takes at most about 71 minutes, and a closed reader or a
    /// replaced ledger (`awake`) is then seen within a second, whatever the interval (review 52).
    private func pause(until awake: () -> Bool) {
        var rest = max(pollInterval, 10)
        while rest > 0, !awake() {
            let step = min(rest, 1000)
            usleep(useconds_t(step * 1000))
            rest -= step
        }
    }

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        if pollInterval <= 0 { throw ValidationError("--poll-interval must be at least 1 (milliseconds)") }
        if pollInterval > Self.longestPollInterval {
            throw ValidationError("--poll-interval must be at most \(Self.longestPollInterval) (milliseconds: a day)")
        }
    }

    func run() throws {
        try reportingFailures(options) {
            if options.format == .csv { Console.note(Self.jsonLinesOnlyNote("log")) }
            if follow { Self.letStoppingSignalsThrough() }
            if follow, !waitForALedger() { return }
            // Optional, so that a replaced ledger's environment is closed before the next one is opened (`leaving`).
            var ledger: Ledger? = try options.openForReading(missingIsEmpty: !follow)
            var followed = follow ? LedgerFileIdentity(ledgerAt: options.path) : nil
            var next = max(from, 1)
            var remaining = limit ?? Int.max
            // The ledger at the path was removed or replaced since the last read: this read is the old one's last.
            var leaving = false
            while true {
                guard let slices = try ledger.map({ try ExportedLines.write($0, from: next, limit: remaining) }) else { return }
                next = slices.next
                remaining -= slices.written
                Console.flush()
                // A follower whose reader went away (`| head`) or whose output failed stops.
                guard follow, remaining > 0, Console.outputFailure == nil else { return }
                if leaving {
                    // The chain hash after the last event written: a ledger put in its place that holds the same events
                    // (a copy moved back over it) is followed on from there, not streamed again from 1 (audit 142).
                    let written = next - 1
                    // Best effort: a hash that cannot be read (the old files damaged) restarts from the first event, as before.
                    let writtenHash = written == 0 ? nil : try? ledger.map { try $0.read { try $0.chainHash(at: written) } }
                    Console.error("invites: note: the ledger at \(options.path) was removed or replaced; following the one there")
                    guard waitForALedger() else { return }
                    // LMDB's environment may be open once per process: opening the next with the old one open, when
                    // `lock.mdb` kept its inode (a `data.mdb` restored by `mv`), dropped this follower's `fcntl` locks on
                    // it, and other processes would take its reader slot for a dead one's (review 138).
                    ledger = nil
                    ledger = try options.openForReading(missingIsEmpty: false)
                    followed = LedgerFileIdentity(ledgerAt: options.path)
                    if let writtenHash, (try? ledger.map({ try Self.holds(writtenHash, at: written, in: $0) })) == true {
                        Console.error("invites: note: it holds the same first \(written) events; following on from position \(next)")
                    } else {
                        Console.error("invites: note: it holds other events; following it from its first event")
                        next = 1
                    }
                    leaving = false
                    continue
                }
                pause { Console.readerIsGone || LedgerFileIdentity(ledgerAt: options.path) != followed }
                // Nothing new to write would tell it: a reader gone while idle (`| head -n 5` done) ends the follower.
                if Self.readerLeft() { return }
                // Removed, or replaced (a restore, a first import renamed into place): like `tail -F`,
                // read the old one to its end once more (what it recorded since the last read), then
                // follow what is there next.
                leaving = LedgerFileIdentity(ledgerAt: options.path) != followed
            }
        }
    }
}
