import LMDB
import Ledger

/// A projection whose stored state is not what a replay of the log up to its checkpoint gives.
public struct ProjectionMismatch: Error, CustomStringConvertible, Sendable {
    /// The projection's name (`status`, `rebuild NAME`).
    public let projection: String
    /// Its checkpoint: the log position its state claims to reflect.
    public let position: UInt64
    /// What differs.
    public let detail: String

    /// The projection, its checkpoint and what differs.
    public var description: String { "projection \(projection) at position \(position): \(detail)" }
}

extension ProjectionRunner {
    /// Compares every built projection with a replay of the log up to its checkpoint; nil when all agree.
    ///
    /// The chain covers the log only: a projection is a cache any damage or stray write could
    /// leave wrong (`check` saying "ok" for a pair in cooldown), and `status` would still show it
    /// caught up (audit 55 M7). This folds the log as `rebuild` does and walks the active
    /// generation beside the entries a rebuild would write, in key order. Databases of blocks
    /// (the cooldown's sends, the metrics' facts) are compared member by member, since catch-up
    /// and a rebuild cut the same members into blocks differently. A projection never built, or
    /// of another version (rebuilt by the next query), holds nothing to be wrong. Reads only.
    public static func firstMismatch(ledger: Ledger) throws -> ProjectionMismatch? {
        guard try databasesExist(in: ledger.environment) else { return nil }
        let runner = try ProjectionRunner(ledger: ledger)
        return try ledger.read { view in
            var folds: [UInt64: InvitationFold] = [:]
            for kind in kinds {
                guard let state = try runner.state(kind.name, txn: view.txn), state.version == kind.version else { continue }
                var fold: InvitationFold
                if let known = folds[state.position] {
                    fold = known
                } else {
                    fold = try InvitationFold.build(view: view, through: state.position)
                    fold.finishFolding()
                    folds[state.position] = fold
                }
                guard fold.position == state.position else {
                    return ProjectionMismatch(projection: kind.name, position: state.position,
                                              detail: "its checkpoint is past the log's head \(fold.position)")
                }
                let projection = runner.projection(kind, generation: state.generation)
                for (role, fresh) in zip(kind.databaseRoles, projection.freshEntries(fold)) {
                    if let detail = try Self.difference(fresh, txn: view.txn) {
                        return ProjectionMismatch(projection: kind.name, position: state.position, detail: "its \(role) \(detail)")
                    }
                }
            }
            return nil
        }
    }

    /// The built projections of another version than this build's, which `firstMismatch` leaves unchecked: name and stored version.
    ///
    /// This build rebuilds such a projection before it answers from it; the build that wrote it
    /// (a teammate's older or newer copy) answers from it as it is (audit 59 L4).
    public static func otherVersions(ledger: Ledger) throws -> [(name: String, version: UInt32)] {
        guard try databasesExist(in: ledger.environment) else { return [] }
        let runner = try ProjectionRunner(ledger: ledger)
        return try ledger.read { view in
            try kinds.compactMap { kind in
                guard let state = try runner.state(kind.name, txn: view.txn), state.version != kind.version else { return nil }
                return (kind.name, state.version)
            }
        }
    }

    /// How one database's stored entries differ from a rebuild's, or nil when they agree.
    private static func difference(_ fresh: FreshEntries, txn: Transaction) throws -> String? {
        var replayed = MemberQueue(members: fresh.members)
        var stored = MemberQueue(members: fresh.members)
        var rank = 0
        var compared = 0
        var key = StateWriter(capacity: 128)
        var value = StateWriter(capacity: 256)
        let unit = fresh.members == nil ? "entry" : "member"
        func agreeing(_ count: Int) -> String { count == 0 ? "" : " (after \(count) that agree)" }
        return try txn.withCursor(fresh.database) { cursor -> String? in
            var entry = try cursor.first()
            while true {
                while replayed.isEmpty, rank < fresh.count {
                    key.reset()
                    value.reset()
                    fresh.entry(rank, &key, &value)
                    try key.withBytes { rawKey in try value.withBytes { rawValue in try replayed.add(rawKey, rawValue) } }
                    rank += 1
                }
                while stored.isEmpty, let current = entry {
                    try stored.add(current.key, current.value)
                    entry = try cursor.next()
                }
                switch (stored.next(), replayed.next()) {
                case (nil, nil):
                    return nil
                case (_?, nil):
                    return "hold an \(unit) that a replay of the log does not give\(agreeing(compared))"
                case (nil, _?):
                    return "lack an \(unit) that a replay of the log gives\(agreeing(compared))"
                case let (have?, want?):
                    guard have == want else { return "differ from a replay of the log at \(unit) \(compared + 1)" }
                    compared += 1
                }
            }
        }
    }
}

/// The units one side of a comparison yields: whole entries, or the members of block entries, in order.
private struct MemberQueue {
    let members: ((UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> [[UInt8]])?
    private var queued: [[UInt8]] = []
    private var taken = 0

    init(members: ((UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> [[UInt8]])?) {
        self.members = members
    }

    /// Whether every queued unit was taken.
    var isEmpty: Bool { taken == queued.count }

    /// Queues one entry's units: the entry itself (its key's length, key and value), or its members.
    mutating func add(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws {
        queued.removeFirst(taken)
        taken = 0
        if let members {
            queued.append(contentsOf: try members(key, value))
        } else {
            let length = UInt32(key.count)
            queued.append([UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
                + Array(key) + Array(value))
        }
    }

    /// The next unit, or nil when none is queued.
    mutating func next() -> [UInt8]? {
        guard taken < queued.count else { return nil }
        defer { taken += 1 }
        return queued[taken]
    }
}
