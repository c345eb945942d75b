#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Ledger
import Projections

/// The read side's cases: rebuild (in a child process, for its peak RSS and CPU time), and the
/// in-process latencies of `check`, `pending --account`, `metrics --by source` and `pending --as-of`.
enum ProjectionCases {
    // MARK: rebuild

    /// `invites rebuild` (every projection) on the imported ledger, against SQLite replaying its own copy.
    static func rebuildCase(_ context: Context) throws -> [Measurement] {
        guard let ledger = context.importedLedger, let sqlite = context.importedSQLite else {
            throw ChildProcess.Failure(description: "rebuild needs the import case")
        }
        var rows = [try rebuildRuns(context, caseName: "rebuild", system: "invites", dir: ledger),
                    try rebuildRuns(context, caseName: "rebuild", system: "sqlite", dir: sqlite)]
        rows.append(contentsOf: try ReadCases.rawScanCase(context))
        // Memory flat in N: the same rebuild of a 100,000-event ledger.
        if let small = context.smallFile {
            let dir = context.scratch("rebuild-100k")
            let out = context.scratch("rebuild-100k.report")
            log("rebuild_100k: importing \(small)")
            _ = try ChildProcess.run(["child-import", "--system", "invites", "--file", small, "--dir", dir, "--out", out])
            context.remove(out)
            rows.append(try rebuildRuns(context, caseName: "rebuild_100k", system: "invites", dir: dir))
            context.remove(dir)
        }
        return rows
    }

    private static func rebuildRuns(_ context: Context, caseName: String, system: String, dir: String) throws -> Measurement {
        var seconds: [Double] = []
        var cpu: [Double] = []
        var rss = 0.0
        var events = 0
        for run in 1...context.repeats {
            log("\(caseName) \(system) run \(run)/\(context.repeats)")
            let out = context.scratch("\(caseName)-\(system)-\(run).report")
            let spawned = try ChildProcess.run(["child-rebuild", "--system", system, "--dir", dir, "--out", out])
            let report = try ChildReport.read(from: out)
            // wait4's ru_maxrss of a posix_spawn'd child can include the harness's own pages
            // (Linux keeps the pre-exec high-water mark); the child's VmHWM is its own.
            rss = max(rss, report["hwm"].flatMap(Double.init) ?? spawned)
            context.remove(out)
            guard let time = report["seconds"].flatMap(Double.init), let used = report["cpu"].flatMap(Double.init),
                  let count = report["events"].flatMap(Int.init) else {
                throw ChildProcess.Failure(description: "\(caseName) \(system): incomplete child report")
            }
            seconds.append(time)
            cpu.append(used)
            events = count
        }
        var row = Measurement(caseName: caseName, system: system)
        row.setRates(events: events, seconds: seconds)
        row.peakRSSMB = rss
        let cpuRate = Double(events) / (cpu.min() ?? 1)
        row.note = String(format: "CPU (user+sys) best %.3f s = %.0f events/s of CPU", cpu.min() ?? 0, cpuRate)
        return row
    }

    /// The body of `child-rebuild`: one full rebuild, timed; writes seconds, CPU seconds and events to `out`.
    static func runChild(system: String, dir: String, out: String) throws {
        var report = ChildReport()
        let startCPU = cpuSeconds()
        let seconds: Double
        let events: Int
        switch system {
        case "invites":
            var options = Ledger.Options()
            options.create = false
            let ledger = try Ledger.open(at: dir, options: options)
            let runner = try ProjectionRunner(ledger: ledger)
            seconds = try timed { try runner.rebuild() }
            events = Int(try ledger.read { try $0.head().position })
        case "sqlite":
            let replay = try SQLiteReplay(path: dir + "/events.sqlite")
            var count = 0
            seconds = try timed { count = try replay.rebuild() }
            events = count
        default:
            throw ChildProcess.Failure(description: "unknown system \(system)")
        }
        report["seconds"] = String(seconds)
        report["cpu"] = String(cpuSeconds() - startCPU)
        report["events"] = String(events)
        if let hwm = peakResidentMiB() { report["hwm"] = String(hwm) }
        try report.write(to: out)
    }

    /// This process's peak resident set (VmHWM in /proc/self/status), in MiB.
    static func peakResidentMiB() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").dropFirst().first.flatMap { Double($0) }
            return digits.map { $0 / 1024 }
        }
        return nil
    }

    /// User + system CPU seconds of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    // MARK: queries

    /// A ledger opened for the query cases, caught up once (not timed).
    private static func caughtUp(_ context: Context) throws -> (Ledger, ProjectionRunner) {
        guard let path = context.importedLedger else { throw ChildProcess.Failure(description: "queries need the import case") }
        var options = Ledger.Options()
        options.create = false
        let ledger = try Ledger.open(at: path, options: options)
        let runner = try ProjectionRunner(ledger: ledger)
        try runner.catchUp()
        return (ledger, runner)
    }

    /// The time of the last event: queries run "now" as of the end of the workload.
    private static func lastTime(_ ledger: Ledger) throws -> Timestamp {
        try ledger.read { view in try view.record(at: try view.head().position)?.at ?? Timestamp.now() }
    }

    /// `check` of one pair: 10,000 pairs per run, half invited before (a random sent), half never.
    static func checkCase(_ context: Context) throws -> [Measurement] {
        let (ledger, runner) = try caughtUp(context)
        let now = try lastTime(ledger)
        var generator = SplitMix(seed: 4)
        let (pairs, policy) = try ledger.read { view -> ([(String, String)], Policy) in
            let head = try view.head().position
            let accounts = try view.accounts().map(\.name)
            var pairs: [(String, String)] = []
            while pairs.count < 10_000 {
                let record = try view.record(at: 1 + generator.next() % head)
                guard let record, record.kind == .sent else { continue }
                let account = try view.accountName(record.accountID)
                if pairs.count % 2 == 0 {
                    pairs.append((account, record.recipient ?? ""))
                } else {
                    pairs.append((accounts[Int(generator.next() % UInt64(accounts.count))],
                                  "linkedin.com/in/nobody-\(generator.next() % 1_000_000)"))
                }
            }
            return (pairs, try view.policy())
        }
        var sample = LatencySample()
        var seconds: [Double] = []
        for run in 1...context.repeats {
            log("check invites run \(run)/\(context.repeats)")
            var refused = 0
            seconds.append(try timed {
                for (account, recipient) in pairs {
                    let start = monotonicNanoseconds()
                    let result = try ledger.read { view in
                        try PolicyCheck.evaluate(model: try runner.storedModel(txn: view.txn), view: view, policy: policy,
                                                 account: account, recipient: recipient, now: now)
                    }
                    sample.record(nanoseconds: monotonicNanoseconds() - start)
                    if !result.allowed { refused += 1 }
                }
            })
            if run == 1 { log("check: \(refused) of \(pairs.count) refused") }
        }
        return [latencyRow("check", sample, seconds: seconds, operations: pairs.count,
                           note: "PolicyCheck.evaluate in its own read txn, 10,000 pairs (half invited) per run")]
    }

    /// `pending --account A` of every account in turn, repeated.
    static func pendingCase(_ context: Context) throws -> [Measurement] {
        let (ledger, runner) = try caughtUp(context)
        let now = try lastTime(ledger)
        let accounts = try ledger.read { try $0.accounts().map(\.name) }
        var sample = LatencySample()
        var seconds: [Double] = []
        var operations = 0
        var rowsSeen = 0
        for run in 1...context.repeats {
            log("pending invites run \(run)/\(context.repeats)")
            operations = 0
            seconds.append(try timed {
                for _ in 0..<25 {
                    for account in accounts {
                        let start = monotonicNanoseconds()
                        let rows = try ledger.read { view in
                            try PendingQuery(account: account).rows(model: try runner.storedModel(txn: view.txn), view: view,
                                                                    policy: try view.policy(), now: now)
                        }
                        sample.record(nanoseconds: monotonicNanoseconds() - start)
                        rowsSeen = max(rowsSeen, rows.count)
                        operations += 1
                    }
                }
            })
        }
        return [latencyRow("pending", sample, seconds: seconds, operations: operations,
                           note: "PendingQuery(account:).rows of each of \(accounts.count) accounts (up to \(rowsSeen) rows)")]
    }

    /// `metrics --by source` over every invitation.
    static func metricsCase(_ context: Context) throws -> [Measurement] {
        let (ledger, runner) = try caughtUp(context)
        let now = try lastTime(ledger)
        var sample = LatencySample()
        var seconds: [Double] = []
        for run in 1...context.repeats {
            log("metrics invites run \(run)/\(context.repeats)")
            seconds.append(try timed {
                for _ in 0..<Self.metricsQueriesPerRun {
                    let start = monotonicNanoseconds()
                    _ = try ledger.read { view in
                        try MetricsQuery(by: .source).rows(model: try runner.storedModel(txn: view.txn), view: view, now: now)
                    }
                    sample.record(nanoseconds: monotonicNanoseconds() - start)
                }
            })
        }
        return [latencyRow("metrics", sample, seconds: seconds, operations: Self.metricsQueriesPerRun,
                           note: "MetricsQuery(by: .source).rows, \(sample.values.count) queries")]
    }

    /// `pending --as-of` the time of the middle event: fold the log's prefix, list every pending invitation.
    static func pendingAsOfCase(_ context: Context) throws -> [Measurement] {
        let (ledger, runner) = try caughtUp(context)
        let half = try ledger.read { view in try view.record(at: max(1, try view.head().position / 2))?.at ?? Timestamp.now() }
        var sample = LatencySample()
        var seconds: [Double] = []
        var cpu: [Double] = []
        var count = 0
        for run in 1...context.repeats {
            log("pending_as_of invites run \(run)/\(context.repeats)")
            let startCPU = cpuSeconds()
            seconds.append(try timed {
                for _ in 0..<Self.asOfQueriesPerRun {
                    let start = monotonicNanoseconds()
                    let rows = try runner.query(TimeTravel(asOf: half)) { model, view in
                        try PendingQuery().rows(model: model, view: view, policy: try view.policy(), now: half)
                    }
                    sample.record(nanoseconds: monotonicNanoseconds() - start)
                    count = rows.count
                }
            })
            cpu.append((cpuSeconds() - startCPU) / Double(Self.asOfQueriesPerRun))
        }
        var row = latencyRow("pending_as_of", sample, seconds: seconds, operations: Self.asOfQueriesPerRun,
                             note: String(format: "runner.query(asOf: half) + PendingQuery().rows, %d rows, %d queries; CPU best %.3f s a query",
                                          count, sample.values.count, cpu.min() ?? 0))
        row.events = Int(try ledger.read { try $0.head().position })
        return [row]
    }

    /// Queries timed per run of `metrics`, and of `pending --as-of`: enough that p99 is not just the slowest of a handful
    /// (audit 103 F1); with nearest rank, p99 of fewer than 100 samples is still the slowest one.
    static let metricsQueriesPerRun = 25
    static let asOfQueriesPerRun = 10

    private static func latencyRow(_ name: String, _ sample: LatencySample, seconds: [Double], operations: Int,
                                   note: String) -> Measurement {
        var row = Measurement(caseName: name, system: "invites")
        row.setRates(events: operations, seconds: seconds)
        row.p50 = sample.percentile(50)
        row.p99 = sample.percentile(99)
        row.note = note
        return row
    }
}

/// A small, seeded random number generator (the same pairs every run).
///
/// The same generator as TestSupport's `SeededGenerator`, which this package cannot link.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
