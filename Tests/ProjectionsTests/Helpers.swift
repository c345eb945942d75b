import Foundation
@testable import Projections
import Ledger

/// A ledger in a fresh temporary directory, removed after `body`.
func withLedger<R>(_ body: (Ledger) throws -> R) throws -> R {
    let path = NSTemporaryDirectory() + "projections-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: path) }
    var options = Ledger.Options()
    options.skipSync = true
    return try body(try Ledger.open(at: path, options: options))
}

/// A ledger holding `count` events of a random stream from `seed`, with its projections caught up.
func withCaughtUpLedger<R>(count: Int, seed: UInt64, _ body: (Ledger, ProjectionRunner, [ProposedEvent]) throws -> R) throws -> R {
    let events = RandomStream.events(count: count, seed: seed)
    return try withLedger { ledger in
        let runner = try ProjectionRunner(ledger: ledger)
        try append(events, to: ledger)
        try runner.catchUp()
        return try body(ledger, runner, events)
    }
}

/// Appends events, failing on any rejection.
func append(_ events: [ProposedEvent], to ledger: Ledger) throws {
    guard !events.isEmpty else { return }
    let outcome = try ledger.append(events)
    if let rejection = outcome.rejections.first { throw ProjectionError("rejected: \(rejection)") }
}

/// The three reports of a runner at `now`.
struct Reports: Equatable {
    var pending: [PendingRow]
    var cooldown: [CooldownRow]
    var metrics: [MetricsRow]
}

func reports(_ runner: ProjectionRunner, now: Timestamp, travel: TimeTravel = TimeTravel()) throws -> Reports {
    try runner.query(travel) { model, view in
        let policy = try view.policy()
        return Reports(pending: try PendingQuery().rows(model: model, view: view, policy: policy, now: now),
                       cooldown: try CooldownQuery().rows(model: model, view: view, policy: policy, now: now),
                       metrics: try MetricsQuery(by: .source).rows(model: model, view: view, now: now))
    }
}

/// The stored reports without catching up (what a reader sees as the projections stand).
func storedReports(_ runner: ProjectionRunner, now: Timestamp) throws -> Reports {
    try runner.ledger.read { view in
        let model = try runner.storedModel(txn: view.txn)
        let policy = try view.policy()
        return Reports(pending: try PendingQuery().rows(model: model, view: view, policy: policy, now: now),
                       cooldown: try CooldownQuery().rows(model: model, view: view, policy: policy, now: now),
                       metrics: try MetricsQuery(by: .source).rows(model: model, view: view, now: now))
    }
}

func model(_ events: [ProposedEvent], now: Timestamp) -> Reports {
    let plain = PlainModel(events)
    return Reports(pending: plain.pending(now: now), cooldown: plain.cooldown(now: now), metrics: plain.metricsBySource(now: now))
}

extension Timestamp {
    static func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text) ?? Timestamp(milliseconds: 0) }
    func plus(days: Double) -> Timestamp { Timestamp(milliseconds: milliseconds + Int64(days * 86_400_000)) }
}
