import Projections

/// One row of the results: a case measured on one system.
struct Measurement {
    /// The case as reported (`import`, `append_batch`, …).
    var caseName: String
    /// `invites`, `sqlite` or `lmdb-raw`.
    var system: String
    /// Events each run processed.
    var events: Int = 0
    /// Runs measured.
    var runs: Int = 0
    /// Median over the runs.
    var eventsPerSecond: Double?
    /// Best (fastest) run.
    var bestEventsPerSecond: Double?
    /// Latency percentiles of single operations, in µs (pooled over the runs).
    var p50: Double?
    var p99: Double?
    var bytesPerEvent: Double?
    /// Peak resident set of the process that ran the case, in MiB (largest over the runs).
    var peakRSSMB: Double?
    var note: String?

    init(caseName: String, system: String) {
        self.caseName = caseName
        self.system = system
    }

    /// Fills the rates from per-run durations over `events` events each.
    mutating func setRates(events: Int, seconds: [Double]) {
        self.events = events
        runs = seconds.count
        let rates = seconds.map { Double(events) / $0 }
        eventsPerSecond = Statistics.median(rates)
        bestEventsPerSecond = rates.max()
    }
}
