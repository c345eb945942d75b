import LMDB
import Merkle

/// Why `rebuildMerkleTree` left a stored tree as it was: part of it is missing or disagrees with the log, which it does not mend unasked.
public struct MerkleTreeDisagreement: Error, CustomStringConvertible, Sendable {
    /// The stored node (or "the frontier") first missing or differing, the positions it covers, and which.
    public let detail: String

    /// What differs, what that may mean, and how to go on.
    public var description: String {
        "\(detail), against the tree recomputed from the log: either the stored tree was damaged or lost, or those events were altered "
            + "and their chain recomputed after it. A digest published earlier tells which (`invites verify --expect HASH@P`); "
            + "`invites rebuild merkle --force` writes the log's tree over the stored one. Nothing was rebuilt"
    }
}

extension Ledger {
    /// Recomputes every stored Merkle node and the frontier from the log, in one write transaction.
    ///
    /// Readers see the old tree or the new one, never a mix. Returns the number of leaves.
    /// Use it, with `force` once a published digest vouches for the events, when the `merkle-nodes`
    /// database was damaged or lost; `verify` says whether the stored tree matches the log. Nodes are recomputed in completion order, then the
    /// database is emptied and each is appended (`MDB_APPEND`).
    ///
    /// Two checks keep it from hiding a change to the log:
    /// - the chain is checked on the way, as `verify` checks it (each record's tag in the 32 bits
    ///   every version keeps, the checkpoints, the head): at the first difference it throws `ChainMismatch`;
    /// - a stored node or frontier that differs from the recomputed one, or is missing, is evidence
    ///   too, since whoever altered events can recompute their chain, which has no secret, and
    ///   delete the tree as easily as change it: unless `force`, it throws
    ///   `MerkleTreeDisagreement`. A tree that is the log's already is written again as it is.
    ///
    /// Either way the transaction, and with it the old tree, is left as it was.
    ///
    /// ```swift
    /// let leaves = try ledger.rebuildMerkleTree()
    /// ```
    @discardableResult
    public func rebuildMerkleTree(force: Bool = false) throws -> UInt64 {
        try environment.write { txn in
            let view = LedgerView(ledger: self, txn: txn)
            let head = try view.head()
            var frontier = MerkleFrontier()
            var resolver = SentResolver(view: view)
            var canonical: [UInt8] = []
            canonical.reserveCapacity(512)
            var chain = Digest.zero
            var nodes: [(key: [UInt8], hash: Digest)] = []
            var disagreement: String?
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
                    let key = LedgerMerkleNodes.key(level: level, index: index)
                    if disagreement == nil {
                        let stored = try txn.get(key, in: merkle)
                        if stored.flatMap({ Digest($0) }) != hash {
                            let first = index << UInt64(level) + 1
                            disagreement = "the stored Merkle node \(level)/\(index) (events \(first)–\(first + (1 << UInt64(level)) - 1)) "
                                + (stored == nil ? "is missing" : "differs")
                        }
                    }
                    nodes.append((key, hash))
                }
                return true
            }
            guard frontier.size == head.position else {
                throw StorageError("the log holds \(frontier.size) events but its head says \(head.position)")
            }
            let frontierKey = MetaKey.frontier
            if disagreement == nil, frontier.size > 0 {
                let stored = try txn.get(frontierKey, in: meta)
                if stored.flatMap({ MerkleFrontier(encoded: Array($0)) }).map({ $0.size != frontier.size || $0.root() != frontier.root() }) ?? true {
                    disagreement = "the stored Merkle frontier (events 1–\(frontier.size)) " + (stored == nil ? "is missing" : "differs")
                }
            }
            if let disagreement, !force { throw MerkleTreeDisagreement(detail: disagreement) }
            try txn.clear(merkle)
            for node in nodes {
                try txn.put(node.hash.array, forKey: node.key, in: merkle, options: .append)
            }
            if frontier.size > 0 {
                try txn.put(frontier.encoded, forKey: frontierKey, in: meta)
            } else {
                _ = try txn.delete(frontierKey, in: meta)
            }
            return frontier.size
        }
    }
}
