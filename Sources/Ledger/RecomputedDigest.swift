import Merkle

extension Ledger {
    /// The digest of the first `size` events recomputed from the events alone, or nil when the log holds fewer.
    ///
    /// Neither hash is read from what is stored (chain checkpoints, Merkle nodes): so a hash a
    /// user gives can be told to be the published root or chain hash of these events even when
    /// the stored tree or chain is what was damaged or altered (`verify --expect ROOT@P`).
    public func digestFromEvents(size: UInt64) throws -> (root: Digest, chainHash: Digest)? {
        try read { view in
            guard size <= (try view.head().position) else { return nil }
            var chain = Digest.zero
            var tree = MerkleFrontier()
            try view.forEachCanonicalJSON(from: 1, through: size) { canonical, _ in
                chain = HashChain.link(chain, canonical)
                tree.append(MerkleHash.leaf(canonical)) { _, _, _ in }
            }
            return (tree.root(), chain)
        }
    }
}
