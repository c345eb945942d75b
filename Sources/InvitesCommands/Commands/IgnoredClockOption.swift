import ArgumentParser

/// `--now` of the commands that judge nothing at a time: taken and checked, and said on standard error to change nothing.
///
/// SPEC §3 names `--now` beside the options every command takes. A script or test harness that
/// pins the clock by passing `--now` to every command it runs had `status`, `log`, `export`,
/// `verify`, `digest`, `prove`, `verify-proof`, `policy`, `rebuild` and `import` refused as a
/// malformed command line (exit 64; audit 135). They answer as without it: an import's events
/// carry their own times, and the others report what is recorded. A `--now` that is not RFC 3339
/// is still a malformed command line, as everywhere.
struct IgnoredClockOption: ParsableArguments {
    @Option(help: ArgumentHelp("Taken for scripts that give every command --now (RFC 3339); this command judges nothing at a time, "
                               + "so it changes nothing.", valueName: "time"))
    var now: String?

    func validate() throws {
        if let now { _ = try parseTime(now, option: "--now") }
    }

    /// Says that `--now` changed nothing for `command`, when it was given.
    func noteIgnored(by command: String) {
        guard now != nil else { return }
        Console.note("invites: note: \(command) judges nothing at a time: --now changes nothing here")
    }
}

/// A command that takes `--now` only so that a script may give it to every command (`IgnoredClockOption`).
protocol ClockFreeCommand: ParsableCommand {
    /// The `--now` it takes and ignores.
    var clock: IgnoredClockOption { get }
}
