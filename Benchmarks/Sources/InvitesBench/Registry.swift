/// A benchmark case: a name to select it by, what it measures, and how to run it.
///
/// A case returns one row per system it measures.
struct BenchCase {
    let name: String
    let summary: String
    let run: (Context) throws -> [Measurement]
}

/// Every case, in the order they run and print.
let registry: [BenchCase] = [
    BenchCase(name: "import",
              summary: "JSON Lines import: parse, validate, append, index, hash chain; a first import, committed in chunks and synced at the end, in a child process (peak RSS)",
              run: WriteCases.importCase),
    BenchCase(name: "import_100k",
              summary: "the same import at 100,000 events, for memory flat in N",
              run: WriteCases.importSmallCase),
    BenchCase(name: "import_at_once",
              summary: "the same import in one synced transaction, as into an existing ledger (invites only)",
              run: WriteCases.importAtOnceCase),
    BenchCase(name: "append",
              summary: "parsed events in synced batches of 1,000 (append_batch), then single synced appends (append_single)",
              run: WriteCases.appendCase),
    BenchCase(name: "rebuild",
              summary: "replay the log into all projections, in a child process (CPU time, peak RSS; rebuild_100k for memory flat in N); sqlite: scan + decode + the same fold and writes; lmdb-raw: bare cursor scan of the log",
              run: ProjectionCases.rebuildCase),
    BenchCase(name: "verify",
              summary: "recompute the whole hash chain and Merkle tree",
              run: ReadCases.verifyCase),
    BenchCase(name: "check",
              summary: "`check` of one pair, in-process after catch-up, 10,000 pairs (p50/p99)",
              run: ProjectionCases.checkCase),
    BenchCase(name: "pending",
              summary: "`pending --account` of one account, in-process (p50/p99)",
              run: ProjectionCases.pendingCase),
    BenchCase(name: "metrics",
              summary: "`metrics --by source`, in-process (p50/p99)",
              run: ProjectionCases.metricsCase),
    BenchCase(name: "pending_as_of",
              summary: "`pending --as-of` the middle event's time, in-process: fold the prefix, list (p50/p99)",
              run: ProjectionCases.pendingAsOfCase),
]
