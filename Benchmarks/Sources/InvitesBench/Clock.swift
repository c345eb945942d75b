#if canImport(Glibc)
import Glibc
#endif
import Projections

/// Nanoseconds on the monotonic clock.
@inline(__always)
func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Seconds taken by `body`.
func timed(_ body: () throws -> Void) rethrows -> Double {
    let start = monotonicNanoseconds()
    try body()
    return Double(monotonicNanoseconds() - start) / 1e9
}

/// Latencies of single operations, in microseconds.
struct LatencySample {
    private(set) var values: [Double] = []

    mutating func record(nanoseconds: UInt64) { values.append(Double(nanoseconds) / 1000) }

    /// The nearest-rank percentile `p` (0…100), as the metrics compute it (`Statistics.nearestRank` takes a fraction).
    func percentile(_ p: Double) -> Double? {
        Statistics.nearestRank(values, p / 100)
    }
}
