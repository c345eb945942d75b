#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Projections

/// Nanoseconds on `clock`, as `clock_gettime` reads it.
@inline(__always)
private func nanoseconds(on clock: clockid_t) -> UInt64 {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Nanoseconds on the monotonic clock.
@inline(__always)
func monotonicNanoseconds() -> UInt64 { nanoseconds(on: CLOCK_MONOTONIC) }

/// Nanoseconds of CPU this process has used, on every thread, user and system.
func processCPUNanoseconds() -> UInt64 { nanoseconds(on: CLOCK_PROCESS_CPUTIME_ID) }

/// Bytes this process has passed to write calls so far (`wchar` of `/proc/self/io`: LMDB's page
/// writes, SQLite's WAL and database writes), or nil where Linux does not say.
///
/// Not `write_bytes`: on kernels whose page cache holds large folios, that counts a whole folio
/// for each 4 KB page written into it (six to eight times what LMDB wrote, checked against `strace`).
func processWrittenBytes() -> UInt64? {
    guard let text = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("wchar:") {
        return UInt64(line.dropFirst("wchar:".count).trimmingCharacters(in: .whitespaces))
    }
    return nil
}

/// Seconds taken by `body`.
func timed(_ body: () throws -> Void) rethrows -> Double {
    let start = monotonicNanoseconds()
    try body()
    return Double(monotonicNanoseconds() - start) / 1e9
}

/// Seconds taken by `body`, logging what it cost besides: CPU time (every thread, user and
/// system) and bytes passed to write calls, which tell a phase bound by the disk from one bound by work.
func timedPhase(_ label: String, _ body: () throws -> Void) rethrows -> Double {
    let (cpuBefore, writtenBefore) = (processCPUNanoseconds(), processWrittenBytes())
    let seconds = try timed(body)
    let cpu = Double(processCPUNanoseconds() - cpuBefore) / 1e9
    var line = "\(label): \(String(format: "%.2f", seconds)) s wall, \(String(format: "%.2f", cpu)) s CPU"
    if let before = writtenBefore, let after = processWrittenBytes(), after >= before {
        line += ", \(String(format: "%.1f", Double(after - before) / 1_048_576)) MiB passed to write calls"
    }
    log(line)
    return seconds
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
