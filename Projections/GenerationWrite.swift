import LMDB
import Ledger

/// Writes one projection's new generation in batches of bounded size, one write transaction each.
///
/// The generation is invisible until the runner's switch transaction, so committing it in
/// parts changes nothing readers see, and LMDB's dirty pages (kept on the heap until commit)
/// stay under `batchBytes` whatever the log's length. The first batch checks that the
/// generation is still the inactive one, clears it (a rebuild killed half way leaves one
/// half written) and records a claim in `proj.meta`; every later batch and the switch check
/// that the claim is still theirs, so two rebuilds of one projection at once cannot mix
/// their batches: the later one takes over and the earlier one stops with an error.
struct GenerationWrite {
    let kind: any Projection.Type
    /// A claim no other rebuild makes: 16 random bytes.
    let claim: [UInt8]

    /// The meta key of a projection's claim.
    static func claimKey(_ name: String) -> [UInt8] { Array("\(name).rebuilding".utf8) }

    init(kind: any Projection.Type) {
        self.kind = kind
        var out = StateWriter(capacity: 16)
        out.uint64(UInt64.random(in: .min ... .max))
        out.uint64(UInt64.random(in: .min ... .max))
        claim = out.bytes
    }

    /// Where the next batch starts: which database's entries, which entry.
    private struct Cursor {
        var run = 0
        var entry = 0
    }

    /// Writes the fold's state into the generation `old` (read with the fold) leaves inactive; returns that generation.
    func run(_ runner: ProjectionRunner, fold: InvitationFold, old: ProjectionRunner.StoredState?,
             batchBytes: Int) throws -> UInt8 {
        let environment = runner.ledger.environment
        let generation: UInt8 = old.map { 1 - ($0.generation & 1) } ?? 0
        let runs = runner.projection(kind, generation: generation).freshEntries(fold)
        var cursor = Cursor()
        var key = StateWriter(capacity: 128)
        var value = StateWriter(capacity: 256)
        var first = true
        repeat {
            // The closure may run again after the map grows: it starts from `cursor` and `first` as they were.
            cursor = try environment.write { txn in
                if first {
                    // Another rebuild may have switched since the fold was read: then `generation` answers now.
                    // (A catch-up meanwhile only moved the active generation's checkpoint: no matter.)
                    guard try runner.state(kind.name, txn: txn)?.generation == old?.generation else {
                        throw RebuildSuperseded(name: kind.name, finished: true)
                    }
                    for database in runner.databases(kind, generation: generation) { try txn.clear(database) }
                    try txn.put(claim, forKey: Self.claimKey(kind.name), in: runner.meta)
                } else {
                    try checkClaim(runner, txn: txn, old: old)
                }
                return try appendBatch(from: cursor, runs: runs, key: &key, value: &value, txn: txn, budget: batchBytes)
            }
            first = false
        } while cursor.run < runs.count
        return generation
    }

    /// Throws unless the claim in `proj.meta` is still this rebuild's.
    ///
    /// The rebuild that took it over has `finished` when it has switched the projection over since
    /// this one read `old` (its switch removes its claim too): the projection is rebuilt then.
    private func checkClaim(_ runner: ProjectionRunner, txn: Transaction, old: ProjectionRunner.StoredState?) throws {
        guard try txn.get(Self.claimKey(kind.name), in: runner.meta).map(Array.init) == claim else {
            let switched = try runner.state(kind.name, txn: txn)?.generation != old?.generation
            throw RebuildSuperseded(name: kind.name, finished: switched)
        }
    }

    /// Appends entries from `start` until about `budget` bytes are written; returns where the next batch starts.
    private func appendBatch(from start: Cursor, runs: [FreshEntries], key: inout StateWriter, value: inout StateWriter,
                             txn: Transaction, budget: Int) throws -> Cursor {
        var cursor = start
        var written = 0
        while cursor.run < runs.count, written < budget {
            let entries = runs[cursor.run]
            // One cursor per run: it stays on the last page, where a plain put would search from the root each time.
            try txn.withCursor(entries.database) { appender in
                while cursor.entry < entries.count, written < budget {
                    key.reset()
                    value.reset()
                    entries.entry(cursor.entry, &key, &value)
                    try key.withBytes { rawKey in
                        try value.withBytes { rawValue in try appender.append(rawValue, forKey: rawKey) }
                    }
                    // LMDB's node header and page index, besides the key and value.
                    written += key.count + value.count + 10
                    cursor.entry += 1
                }
            }
            if cursor.entry == entries.count {
                cursor.run += 1
                cursor.entry = 0
            }
        }
        return cursor
    }

    /// Checks, in the switch transaction, that the claim is still this rebuild's (`old`: the state it read), and removes it.
    func release(_ runner: ProjectionRunner, txn: Transaction, old: ProjectionRunner.StoredState?) throws {
        try checkClaim(runner, txn: txn, old: old)
        try txn.delete(Self.claimKey(kind.name), in: runner.meta)
    }
}

/// Thrown by a rebuild that another process's rebuild of the same projection overtook; it wrote nothing readers see.
public struct RebuildSuperseded: Error, CustomStringConvertible {
    /// The projection's name.
    public let name: String
    /// Whether the other rebuild had already switched over (else it started after this one).
    public let finished: Bool

    /// Which projection, and that this rebuild stopped because another one finished or started.
    public var description: String {
        "another rebuild of \(name) \(finished ? "finished meanwhile" : "started"); this one stopped"
    }
}
