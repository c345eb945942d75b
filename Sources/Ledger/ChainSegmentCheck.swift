import LMDB
import Merkle

/// Recomputes the chain and Merkle tree over a run of consecutive positions and checks them against what is stored.
///
/// A check starts from the chain hash and Merkle frontier just before its first position
/// (position 0: the zero hash and the empty tree) and carries them forward, so one check can
/// cover the whole log, or two can cover its halves side by side when the second starts from
/// the stored chain checkpoint and stored tree nodes at the split — which the first half's
/// check compares with its own recomputation, so the pair proves what one check would.
struct ChainSegmentCheck {
    /// The next position to check.
    private(set) var next: UInt64
    /// The chain hash after the last checked position.
    private(set) var hash: Digest
    /// The Merkle frontier after the last checked position.
    private(set) var frontier: MerkleFrontier
    /// Whether `expect`'s position (if any) was reached with the expected hash.
    private(set) var expectedHashSeen = false

    /// A check of the log from its first position.
    init() {
        next = 1
        hash = .zero
        frontier = MerkleFrontier()
    }

    /// A check starting after `position`, from the chain hash and Merkle frontier stored for it.
    ///
    /// Nil when the ledger keeps no checkpoint or nodes there (a damaged ledger): the caller
    /// then checks these positions sequentially, which names the damage.
    init?(after position: UInt64, view: LedgerView, treeSize: UInt64) {
        guard position % Ledger.chainCheckpointInterval == 0,
              let stored = try? BigEndianKey(position).withBytes({ try view.txn.get($0, in: view.ledger.chain) }),
              let hash = Digest(stored),
              let frontier = try? MerkleFrontier(size: position, source: LedgerMerkleNodes(view: view, size: treeSize))
        else { return nil }
        next = position + 1
        self.hash = hash
        self.frontier = frontier
    }

    /// Checks positions `next` through `last`, stopping at the first failure.
    ///
    /// `logLength` is the head position, named when the log ends early; `shouldStop` is asked
    /// every few thousand events and ends the check early (returning nil) when it says so.
    /// A page LMDB finds damaged is named at the position being checked, as a record that does not
    /// decode is: by the error it returns here, or, when it stops the process instead (its
    /// assertion), through `Ledger.positionBeingVerified()` in the fault handler.
    mutating func run(view: LedgerView, through last: UInt64, logLength: UInt64,
                      expect: (hash: Digest, position: UInt64)?,
                      shouldStop: () -> Bool = { false }) throws -> VerificationResult? {
        guard next <= last else { return nil }
        do {
            return try VerificationProgress.tracking(from: next) { progress in
                try checkPositions(view: view, through: last, logLength: logLength, expect: expect, progress: progress,
                                   shouldStop: shouldStop)
            }
        } catch let error as LMDBError where error.isDamagedPage {
            return .failed(position: next, error: "data.mdb is damaged: reading position \(next): \(error)")
        }
    }

    /// `run`'s walk, leaving the position it checks in `progress`.
    private mutating func checkPositions(view: LedgerView, through last: UInt64, logLength: UInt64,
                                         expect: (hash: Digest, position: UInt64)?, progress: VerificationProgress,
                                         shouldStop: () -> Bool) throws -> VerificationResult? {
        let ledger = view.ledger
        var scanner = CanonicalScanner(view: view, events: last - next + 1)
        var canonical: [UInt8] = []
        canonical.reserveCapacity(1024)
        var failure: VerificationResult?
        // The log's pages, once checked, need not stay mapped (as in a rebuild's scan).
        var scanned = ScannedPages(txn: view.txn)
        defer { scanned.release() }
        try view.txn.withCursor(ledger.log) { cursor in
            guard let start = ledger.logKey(next) else {
                failure = .failed(position: next, error: "position \(next) is missing (past the log's \(ledger.logKeyWidth)-byte keys)")
                return
            }
            var entry = try start.withBytes { try cursor.seek(atLeast: $0) }
            while let current = entry {
                let position = LogKey.position(of: current.key)
                guard position == next else {
                    failure = .failed(position: next, error: "position \(next) is missing (found \(position) next)")
                    return
                }
                scanned.note(current.value, at: position)
                let record: StoredEventRecord
                canonical.removeAll(keepingCapacity: true)
                do {
                    record = try StoredEventRecord.decode(current.value, position: position)
                    try scanner.append(record, to: &canonical)
                } catch {
                    failure = .failed(position: position, error: "the stored record does not decode: \(error)")
                    return
                }
                hash = HashChain.link(hash, canonical)
                do {
                    try view.checkChain(hash, at: position, storedTag: record.chainTag, tagMask: record.chainTagMask, head: nil)
                } catch let mismatch as ChainMismatch {
                    failure = .failed(position: mismatch.position, error: mismatch.detail)
                    return
                }
                var merkleFailure: String?
                // A read that fails is an error of its own, not a node that "differs" (which reads as tampering).
                try frontier.append(MerkleHash.leaf(canonical)) { level, index, node in
                    guard merkleFailure == nil, level >= Ledger.lowestStoredMerkleLevel else { return }
                    let stored = try view.txn.get(LedgerMerkleNodes.key(level: level, index: index), in: ledger.merkle)
                    if stored == nil {
                        merkleFailure = "the stored Merkle node \(level)/\(index) is missing" + Ledger.merkleRepairHint
                    } else if stored.flatMap({ Digest($0) }) != node {
                        merkleFailure = "the stored Merkle node \(level)/\(index) differs from the recomputed one" + Ledger.merkleRepairHint
                    }
                }
                if let merkleFailure {
                    failure = .failed(position: position, error: merkleFailure)
                    return
                }
                if let expect, expect.position == position {
                    guard hash == expect.hash else {
                        failure = .failed(position: position, error: "the chain hash at position \(position) is \(hash.hex), not \(expect.hash.hex)")
                        return
                    }
                    expectedHashSeen = true
                }
                next += 1
                progress.position = next
                if next > last || (next % 4096 == 0 && shouldStop()) { return }
                entry = try cursor.next()
            }
        }
        if let failure { return failure }
        if next <= last, !shouldStop() {
            return .failed(position: next, error: "the log holds \(next - 1) events but its head says \(logLength)")
        }
        return nil
    }
}
