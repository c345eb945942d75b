import Foundation

/// In-process timing of the digest and proof library calls, for the figures in the README (Proving what the ledger held).
///
/// Hidden on purpose: with `INVITES_TIME_CALLS=N` in the environment, `digest` and `prove`
/// repeat their library call N more times in the same read transaction and report the first
/// (cold) call and the mean, median and 99th percentile of the rest on standard error.
/// Process start-up and output are left out, which is what "answers in ≤ 1 ms in-process" is about.
enum CallTiming {
    /// Runs `call` once, and again as often as the environment asks, reporting the times under `label`.
    static func measure<R>(_ label: String, _ call: () throws -> R) throws -> R {
        let repeats = ProcessInfo.processInfo.environment["INVITES_TIME_CALLS"].flatMap { Int($0) } ?? 0
        guard repeats > 0 else { return try call() }
        let clock = ContinuousClock()
        let start = clock.now
        let result = try call()
        let first = clock.now - start
        var calls: [Double] = []
        calls.reserveCapacity(repeats)
        for _ in 0..<repeats { calls.append(microseconds(try clock.measure { _ = try call() })) }
        calls.sort()
        let mean = calls.reduce(0, +) / Double(repeats)
        Console.error(String(format: "timing: %@: first call %.1f µs, mean of %d more %.1f µs (p50 %.1f, p99 %.1f)",
                             label, microseconds(first), repeats, mean, calls[repeats / 2], calls[repeats * 99 / 100]))
        return result
    }

    private static func microseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
    }
}
