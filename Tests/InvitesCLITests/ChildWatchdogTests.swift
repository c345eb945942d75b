import Foundation
import Testing

/// The harness's watchdog kills a child that runs past its limit, and leaves one that ends in time alone.
@Test func theWatchdogKillsAHungChildAndSparesOneThatEnds() throws {
    let hung = Process()
    hung.executableURL = URL(fileURLWithPath: "/bin/sleep")
    hung.arguments = ["60"]
    try hung.run()
    let started = Date()
    let watchdog = ChildWatchdog(hung, limit: 0.5)
    hung.waitUntilExit()
    #expect(watchdog.finished().contains("killed by the test harness"))
    #expect(hung.terminationReason == .uncaughtSignal && hung.terminationStatus == SIGKILL)
    #expect(Date().timeIntervalSince(started) < 30)

    let quick = Process()
    quick.executableURL = URL(fileURLWithPath: "/bin/true")
    try quick.run()
    let spared = ChildWatchdog(quick, limit: 0.5)
    quick.waitUntilExit()
    #expect(spared.finished().isEmpty)
    #expect(quick.terminationStatus == 0)
}

/// A child that leaves its standard input unread fails, or passes, its own test: the harness's write to its closed pipe ends nothing else.
///
/// A command refused at parse time exits before it reads; the harness's write then met a pipe
/// with no reader, and SIGPIPE ended the whole test run (a fresh run of 2026-12-03, under load,
/// where the child happened to exit before the write). Input larger than a pipe's buffer makes it
/// certain here.
@Test func aChildThatLeavesItsInputUnreadEndsOnlyItsOwnTest() throws {
    let run = try invites(["--no-such-option"], input: String(repeating: "{}\n", count: 100_000))
    #expect(run.status == 64, "\(run.stderr)")
}
