import ArgumentParser

/// `--now` of the recording verbs (`send`, `remind`, `withdraw`, `accept`): the clock the command runs at, which `--at` defaults to.
///
/// SPEC §3 has `--now` as "the time at which ages, cooldowns, caps and cohorts are judged",
/// next to the options every command takes, and has `send` judge its policy "at `--at` (default
/// now)". A script that pins the clock with `--now` on every command gets the event dated then
/// and, for `send`, the caps judged then, as a query given the same `--now` would judge them
/// (audit 112 F3: it was refused as an unknown option). `recorded_at` stays the real clock, and
/// an explicit `--at` wins (said on standard error when both are given).
struct VerbClockOption: ParsableArguments {
    @Option(help: ArgumentHelp("The clock this command runs at (RFC 3339; default: the clock): the event's time when --at is not given "
                               + "(and, for a send, when its policy is judged). recorded_at is always the real clock.", valueName: "time"))
    var now: String?

    func validate() throws {
        if let now { _ = try parseTime(now, option: "--now") }
    }

    /// Says that `--at` wins when both are given, since a `check` at that `--now` may answer otherwise (review 114 R2).
    ///
    /// `judgesPolicy`: the command is `send`, whose policy is judged at `--at` too; a follow-up's note says only the event's time (audit 153).
    func noteIfOverridden(byAt at: String?, judgesPolicy: Bool = false) {
        guard let now, let at, now != at else { return }
        Console.note("invites: note: --at \(at) is the event's time" + (judgesPolicy ? ", and send's policy is judged at it" : "")
            + ": --now \(now) changes nothing here")
    }
}
