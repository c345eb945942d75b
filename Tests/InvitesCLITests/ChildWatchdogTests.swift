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
