import LMDB
import Merkle

extension Ledger {
    /// Recomputes every stored Merkle node and the frontier from the log, in one write transaction.
    ///
    /// Readers see the old tree or the new one, never a mix. Returns the number of leaves.
    /// Use it when the `merkle-nodes` database was lost or predates the tree; `verify` says whether
    /// the stored tree matches the log. The database is emptied first and nodes are recomputed in
    /// completion order, so each is appended (`MDB_APPEND`).
    ///
    /// The chain is checked on the way, as `verify` checks it (each record's tag, the checkpoints,
    /// the head): a tree recomputed from altered events would hide them, since digests and proofs
    /// would then agree with the altered log. At the first difference it throws `ChainMismatch`
    /// and the transaction, and with it the old tree, is left as it was (audit 22).
    ///
    /// ```swift
    /// let leaves = try ledger.rebuildMerkleTree()
    /// ```
    @discardableResult
    public func rebuildMerkleTree() throws -> UInt64 {
        try environment.write { txn in
            let view = LedgerView(ledger: self, txn: txn)
            let head = try view.head()
            try txn.clear(merkle)
            var frontier = MerkleFrontier()
            var resolver = SentResolver(view: view)
            var canonical: [UInt8] = []
            canonical.reserveCapacity(512)
            var chain = Digest.zero
            try view.scan { record in
                guard record.position == frontier.size + 1 else {
                    throw StorageError("position \(frontier.size + 1) is missing (found \(record.position) next)")
                }
                let event = try resolver.event(from: record)
                canonical.removeAll(keepingCapacity: true)
                event.canonicalJSON(into: &canonical)
                chain = HashChain.link(chain, canonical)
                do {
                    try view.checkChain(chain, at: record.position, storedTag: record.chainTag, head: head)
                } catch let mismatch as ChainMismatch {
                    throw ChainMismatch(position: mismatch.position, detail: mismatch.detail
                        + "; the Merkle tree is recomputed only from a log whose chain holds, so nothing was rebuilt")
                }
                try frontier.append(MerkleHash.leaf(canonical)) { level, index, hash in
                    guard level >= Ledger.lowestStoredMerkleLevel else { return }
                    try txn.put(hash.array, forKey: LedgerMerkleNodes.key(level: level, index: index), in: merkle,
                                options: .append)
                }
                return true
            }
            guard frontier.size == head.position else {
                throw StorageError("the log holds \(frontier.size) events but its head says \(head.position)")
            }
            let frontierKey = MetaKey.frontier
            if frontier.size > 0 {
                try txn.put(frontier.encoded, forKey: frontierKey, in: meta)
            } else {
                _ = try txn.delete(frontierKey, in: meta)
            }
            return frontier.size
        }
    }
}
