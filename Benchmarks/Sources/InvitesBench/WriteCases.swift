import Foundation
import Ledger

/// The write-side cases: import, batched and single appends, on invites and its peers.
enum WriteCases {
    static let systems = ["invites", "sqlite"]
    static let batchSize = 1_000

    // MARK: import

    static func importCase(_ context: Context) throws -> [Measurement] {
        let rows = try importRuns(context, caseName: "import", file: context.file, keep: true)
        if let ledger = context.importedLedger {
            context.storage = try LedgerStorage.measure(path: ledger)
        }
        return rows
    }

    static func importSmallCase(_ context: Context) throws -> [Measurement] {
        guard let small = context.smallFile else {
            log("import_100k: skipped (the workload is not larger than 100,000 events)")
            return []
        }
        return try importRuns(context, caseName: "import_100k", file: small, keep: false)
    }

    /// The import in one transaction (`BatchCommits.atOnce`), as every import into an existing ledger is written.
    static func importAtOnceCase(_ context: Context) throws -> [Measurement] {
        try importRuns(context, caseName: "import_at_once", file: context.file, keep: false, systems: ["invites"], commits: "at-once")
    }

    /// Imports `file` `repeats` times per system, each in a child process, interleaving the systems.
    private static func importRuns(_ context: Context, caseName: String, file: String, keep: Bool,
                                   systems: [String] = systems, commits: String = "chunks") throws -> [Measurement] {
        var seconds: [String: [Double]] = [:]
        var rss: [String: Double] = [:]
        var bytes: [String: Double] = [:]
        var events: [String: Int] = [:]
        for run in 1...context.repeats {
            for system in systems {
                let dir = context.scratch("\(caseName)-\(system)-\(run)")
                let out = context.scratch("\(caseName)-\(system)-\(run).report")
                log("\(caseName) \(system) run \(run)/\(context.repeats)")
                let peak = try ChildProcess.run(["child-import", "--system", system, "--file", file, "--dir", dir, "--out", out,
                                                 "--commits", commits])
                let report = try ChildReport.read(from: out)
                context.remove(out)
                guard let time = report["seconds"].flatMap(Double.init), let count = report["events"].flatMap(Int.init),
                      let size = report["bytes"].flatMap(Double.init) else {
                    throw ChildProcess.Failure(description: "\(caseName) \(system): incomplete child report")
                }
                seconds[system, default: []].append(time)
                rss[system] = max(rss[system] ?? 0, report["hwm"].flatMap(Double.init) ?? peak)
                bytes[system] = size / Double(count)
                events[system] = count
                if keep && run == context.repeats {
                    if system == "invites" { context.importedLedger = dir } else { context.importedSQLite = dir }
                } else {
                    context.remove(dir)
                }
            }
        }
        return systems.map { system in
            var row = Measurement(caseName: caseName, system: system)
            row.setRates(events: events[system] ?? 0, seconds: seconds[system] ?? [])
            row.peakRSSMB = rss[system]
            row.bytesPerEvent = bytes[system]
            if system == "sqlite" { row.note = "WAL, synchronous=FULL, cache \(SQLiteEventStore.cacheKiB / 1024) MiB" }
            return row
        }
    }

    // MARK: append

    /// Per run and system: a fresh store, the first N − S parsed events in synced batches of
    /// 1,000, then the last S events one synced append each.
    static func appendCase(_ context: Context) throws -> [Measurement] {
        let events = try context.parsedEvents()
        let records = try context.storedRecords()
        guard records.count == events.count else {
            throw ChildProcess.Failure(description: "the imported log holds \(records.count) records, the workload \(events.count) events")
        }
        let singles = context.singleCount
        let batched = events.count - singles
        var batchSeconds: [String: [Double]] = [:]
        var singleSeconds: [String: [Double]] = [:]
        var latencies: [String: LatencySample] = [:]
        let allSystems = systems + ["lmdb-raw"]
        for run in 1...context.repeats {
            for system in allSystems {
                log("append \(system) run \(run)/\(context.repeats)")
                let dir = context.scratch("append-\(system)")
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                defer { context.remove(dir) }
                var sample = latencies[system] ?? LatencySample()
                let (batch, single): (Double, Double)
                switch system {
                case "invites": (batch, single) = try appendInvites(dir, events, batched, &sample)
                case "sqlite": (batch, single) = try appendSQLite(dir, events, batched, &sample)
                default: (batch, single) = try appendRaw(dir, records, batched, &sample)
                }
                latencies[system] = sample
                batchSeconds[system, default: []].append(batch)
                singleSeconds[system, default: []].append(single)
            }
        }
        var rows: [Measurement] = []
        for system in allSystems {
            var row = Measurement(caseName: "append_batch", system: system)
            row.setRates(events: batched, seconds: batchSeconds[system] ?? [])
            rows.append(row)
        }
        for system in allSystems {
            var row = Measurement(caseName: "append_single", system: system)
            row.setRates(events: singles, seconds: singleSeconds[system] ?? [])
            row.p50 = latencies[system]?.percentile(50)
            row.p99 = latencies[system]?.percentile(99)
            rows.append(row)
        }
        return rows
    }

    private static func appendInvites(_ dir: String, _ events: [ProposedEvent], _ batched: Int,
                                      _ sample: inout LatencySample) throws -> (Double, Double) {
        let ledger = try Ledger.open(at: dir)
        let batch = try timedPhase("append_batch invites") {
            for start in stride(from: 0, to: batched, by: batchSize) {
                let end = min(start + batchSize, batched)
                let outcome = try ledger.append { writer in
                    for index in start..<end { try writer.add(line: index + 1, .success(events[index])) }
                }
                guard outcome.committed, outcome.appended == end - start else {
                    throw ChildProcess.Failure(description: "append refused: \(outcome.rejections.prefix(3).map { "\($0.rejection)" })")
                }
            }
        }
        let single = try timed {
            for index in batched..<events.count {
                let start = monotonicNanoseconds()
                let outcome = try ledger.append([events[index]])
                sample.record(nanoseconds: monotonicNanoseconds() - start)
                guard outcome.committed, outcome.appended == 1 else {
                    throw ChildProcess.Failure(description: "single append refused: \(outcome.rejections.map { "\($0.rejection)" })")
                }
            }
        }
        return (batch, single)
    }

    private static func appendSQLite(_ dir: String, _ events: [ProposedEvent], _ batched: Int,
                                     _ sample: inout LatencySample) throws -> (Double, Double) {
        let store = try SQLiteEventStore(path: dir + "/events.sqlite")
        let batch = try timedPhase("append_batch sqlite") {
            for start in stride(from: 0, to: batched, by: batchSize) {
                let end = min(start + batchSize, batched)
                let recordedAt = Timestamp.now()
                try store.transaction {
                    for index in start..<end { try store.add(events[index], recordedAt: recordedAt) }
                }
            }
        }
        let single = try timed {
            for index in batched..<events.count {
                let start = monotonicNanoseconds()
                let recordedAt = Timestamp.now()
                try store.transaction { try store.add(events[index], recordedAt: recordedAt) }
                sample.record(nanoseconds: monotonicNanoseconds() - start)
            }
        }
        return (batch, single)
    }

    private static func appendRaw(_ dir: String, _ records: RecordSet, _ batched: Int,
                                  _ sample: inout LatencySample) throws -> (Double, Double) {
        let env = try RawLMDB(path: dir)
        let batch = try timedPhase("append_batch lmdb-raw") {
            for start in stride(from: 0, to: batched, by: batchSize) {
                try env.append(records, start..<min(start + batchSize, batched))
            }
        }
        let single = try timed {
            for index in batched..<records.count {
                let start = monotonicNanoseconds()
                try env.append(records, index..<index + 1)
                sample.record(nanoseconds: monotonicNanoseconds() - start)
            }
        }
        return (batch, single)
    }
}
