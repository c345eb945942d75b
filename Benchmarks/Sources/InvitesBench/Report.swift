import Foundation

/// A target from issue 4, judged on the invites rows (best run for rates, pooled p99 for latency).
struct Target {
    let text: String
    let judge: ([Measurement]) -> (value: String, met: Bool?)
}

private func row(_ rows: [Measurement], _ caseName: String, _ system: String) -> Measurement? {
    rows.first { $0.caseName == caseName && $0.system == system }
}

private func rate(_ value: Double) -> String {
    value >= 1e6 ? String(format: "%.2fM/s", value / 1e6) : String(format: "%.0fk/s", value / 1e3)
}

let targets: [Target] = [
    Target(text: "import ≥ 250,000 events/s") { rows in
        guard let best = row(rows, "import", "invites")?.bestEventsPerSecond else { return ("n/a", nil) }
        return (rate(best), best >= 250_000)
    },
    Target(text: "import ≥ 1.5× SQLite") { rows in ratio(rows, "import", "sqlite", 1.5) },
    Target(text: "append_batch ≥ 1,000,000 events/s") { rows in
        guard let best = row(rows, "append_batch", "invites")?.bestEventsPerSecond else { return ("n/a", nil) }
        return (rate(best), best >= 1_000_000)
    },
    Target(text: "append_batch ≥ 30% of raw LMDB") { rows in
        guard let ours = row(rows, "append_batch", "invites")?.bestEventsPerSecond,
              let raw = row(rows, "append_batch", "lmdb-raw")?.bestEventsPerSecond else { return ("n/a", nil) }
        return (String(format: "%.1f%%", ours / raw * 100), ours / raw >= 0.30)
    },
    Target(text: "append_single p99 ≤ 2 ms") { rows in
        guard let p99 = row(rows, "append_single", "invites")?.p99 else { return ("n/a", nil) }
        return (String(format: "%.0f µs", p99), p99 <= 2000)
    },
    Target(text: "rebuild ≥ 2,000,000 events/s") { rows in
        guard let best = row(rows, "rebuild", "invites")?.bestEventsPerSecond else { return ("not measured in this run", nil) }
        return (rate(best), best >= 2_000_000)
    },
    Target(text: "rebuild ≥ 3× SQLite") { rows in ratio(rows, "rebuild", "sqlite", 3) },
    Target(text: "verify ≥ 1,000,000 events/s") { rows in
        guard let best = row(rows, "verify", "invites")?.bestEventsPerSecond else { return ("n/a", nil) }
        return (rate(best), best >= 1_000_000)
    },
    Target(text: "check p99 ≤ 50 µs in-process") { rows in latency(rows, "check", 50) },
    Target(text: "pending of one account ≤ 5 ms") { rows in latency(rows, "pending", 5_000) },
    Target(text: "pending --as-of ≤ 1 s") { rows in latency(rows, "pending_as_of", 1_000_000) },
    Target(text: "storage ≤ 120 bytes/event (log + indexes)") { rows in
        guard let bytes = row(rows, "import", "invites")?.bytesPerEvent else { return ("n/a", nil) }
        return (String(format: "%.1f B", bytes), bytes <= 120)
    },
    Target(text: "import memory flat in N (peak RSS at N ≤ 1.25× at 100k)") { rows in
        guard let large = row(rows, "import", "invites"), let small = row(rows, "import_100k", "invites"),
              let big = large.peakRSSMB, let little = small.peakRSSMB else { return ("n/a", nil) }
        return (String(format: "%.0f MB at %d vs %.0f MB at %d", big, large.events, little, small.events), big <= little * 1.25)
    },
    Target(text: "rebuild memory flat in N") { rows in
        guard let large = row(rows, "rebuild", "invites"), let big = large.peakRSSMB else { return ("not measured in this run", nil) }
        guard let small = row(rows, "rebuild_100k", "invites"), let little = small.peakRSSMB else {
            return (String(format: "%.0f MB at %d", big, large.events), nil)
        }
        // Projection state grows with N by design; judged in docs/performance.md against the state's size.
        return (String(format: "%.0f MB at %d vs %.0f MB at %d", big, large.events, little, small.events), nil)
    },
]

private func ratio(_ rows: [Measurement], _ caseName: String, _ peer: String, _ needed: Double) -> (value: String, met: Bool?) {
    guard let ours = row(rows, caseName, "invites")?.bestEventsPerSecond,
          let theirs = row(rows, caseName, peer)?.bestEventsPerSecond else {
        return (row(rows, caseName, "invites") == nil ? "not measured in this run" : "n/a", nil)
    }
    return (String(format: "%.2f×", ours / theirs), ours / theirs >= needed)
}

private func latency(_ rows: [Measurement], _ caseName: String, _ limitMicroseconds: Double) -> (value: String, met: Bool?) {
    guard let p99 = row(rows, caseName, "invites")?.p99 else { return ("not measured in this run", nil) }
    return (String(format: "p99 %.1f µs", p99), p99 <= limitMicroseconds)
}

enum Report {
    /// invites against the other systems of the same case, by best rate.
    static func versus(_ measurement: Measurement, in rows: [Measurement]) -> String {
        guard measurement.system == "invites", let ours = measurement.bestEventsPerSecond else { return "" }
        var parts: [String] = []
        for peer in ["sqlite", "lmdb-raw"] {
            guard let theirs = row(rows, measurement.caseName, peer)?.bestEventsPerSecond else { continue }
            parts.append(peer == "sqlite" ? String(format: "%.2f× sqlite", ours / theirs)
                                          : String(format: "%.0f%% of raw", ours / theirs * 100))
        }
        return parts.joined(separator: ", ")
    }

    static func table(_ rows: [Measurement]) -> String {
        let header = ["case", "system", "events", "events/s (median)", "best events/s", "p50 µs", "p99 µs",
                      "bytes/event", "peak RSS MB", "vs peers (best)"]
        func number(_ value: Double?, _ format: String) -> String { value.map { String(format: format, $0) } ?? "–" }
        var lines: [[String]] = [header]
        for measurement in rows {
            lines.append([measurement.caseName, measurement.system, String(measurement.events),
                          number(measurement.eventsPerSecond, "%.0f"), number(measurement.bestEventsPerSecond, "%.0f"),
                          number(measurement.p50, "%.1f"), number(measurement.p99, "%.1f"),
                          number(measurement.bytesPerEvent, "%.1f"), number(measurement.peakRSSMB, "%.1f"),
                          versus(measurement, in: rows)])
        }
        return render(lines)
    }

    static func targetTable(_ rows: [Measurement]) -> String {
        var lines: [[String]] = [["target", "measured", "verdict"]]
        for target in targets {
            let (value, met) = target.judge(rows)
            lines.append([target.text, value, met.map { $0 ? "met" : "MISSED" } ?? "–"])
        }
        return render(lines)
    }

    static func storageTable(_ storage: LedgerStorage.Breakdown, events: Int) -> String {
        var lines: [[String]] = [["database", "bytes", "bytes/event"]]
        for (name, bytes) in storage.byDatabase {
            lines.append([name, String(bytes), String(format: "%.1f", Double(bytes) / Double(max(events, 1)))])
        }
        lines.append(["total (pages × page size)", String(storage.total),
                      String(format: "%.1f", Double(storage.total) / Double(max(events, 1)))])
        lines.append(["data.mdb file size", String(storage.fileBytes),
                      String(format: "%.1f", Double(storage.fileBytes) / Double(max(events, 1)))])
        return render(lines)
    }

    /// A Markdown-compatible table with aligned columns.
    static func render(_ lines: [[String]]) -> String {
        let columns = lines.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for line in lines { for (index, cell) in line.enumerated() { widths[index] = max(widths[index], cell.count) } }
        func format(_ line: [String]) -> String {
            "| " + line.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: " | ") + " |"
        }
        var out = [format(lines[0]), "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"]
        out.append(contentsOf: lines.dropFirst().map(format))
        return out.joined(separator: "\n")
    }

    static func json(_ rows: [Measurement], events: Int, repeats: Int, storage: LedgerStorage.Breakdown?) -> String {
        func number(_ value: Double?) -> String {
            guard let value, value.isFinite else { return "null" }
            return String(format: "%.3f", value)
        }
        func string(_ value: String?) -> String {
            guard let value else { return "null" }
            var out = "\""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        var results: [String] = []
        for row in rows {
            results.append("""
                {"case": \(string(row.caseName)), "system": \(string(row.system)), "events_per_s": \(number(row.eventsPerSecond)), \
                "p50_us": \(number(row.p50)), "p99_us": \(number(row.p99)), "bytes_per_event": \(number(row.bytesPerEvent)), \
                "peak_rss_mb": \(number(row.peakRSSMB)), "events_per_s_best": \(number(row.bestEventsPerSecond)), \
                "events": \(row.events), "runs": \(row.runs), "note": \(string(row.note))}
                """)
        }
        var targetLines: [String] = []
        for target in targets {
            let (value, met) = target.judge(rows)
            targetLines.append("{\"target\": \(string(target.text)), \"measured\": \(string(value)), \"met\": \(met.map { String($0) } ?? "null")}")
        }
        var storageLine = "null"
        if let storage {
            let parts = storage.byDatabase.map { "\(string($0.name)): \($0.bytes)" }.joined(separator: ", ")
            storageLine = "{\"total_bytes\": \(storage.total), \"file_bytes\": \(storage.fileBytes), \"databases\": {\(parts)}}"
        }
        return """
            {"events": \(events), "runs": \(repeats),
             "results": [
              \(results.joined(separator: ",\n  "))
             ],
             "targets": [
              \(targetLines.joined(separator: ",\n  "))
             ],
             "storage": \(storageLine)}

            """
    }
}
