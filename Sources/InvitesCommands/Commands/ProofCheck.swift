import Merkle

/// Checks a proof document with nothing but the document (and, optionally, a root the caller trusts).
///
/// The steps are the ones any auditor would take: rebuild the leaf from the event, then run
/// RFC 9162 §2.1.3.2 (inclusion) or §2.1.4.2 (consistency). Throws a `MerkleError` or
/// `ProofJSONError` saying why a proof fails.
enum ProofCheck {
    /// Checks `document`, requiring `trustedRoot` (inclusion's `root`, consistency's `root1`) when given.
    static func check(_ document: ProofDocument, trustedRoot: [UInt8]?) throws {
        switch document {
        case .inclusion(let proof):
            try checkInclusion(proof, trustedRoot: trustedRoot)
        case .consistency(let proof):
            if let trustedRoot, trustedRoot != proof.root1 {
                // As for inclusion: most often a digest published at another size than the proof's first (audit 70 F8).
                throw MerkleError("root1 \(Hex.encode(proof.root1)) is not the trusted root \(Hex.encode(trustedRoot)); "
                    + "the proof starts from the tree of size \(proof.size1): if that digest was taken at another size M, "
                    + "prove from it (invites prove --from M --to \(proof.size2)); if at size \(proof.size1), "
                    + notTheEvents(proof.size1))
            }
            try MerkleVerifier.verifyConsistency(
                size1: proof.size1, size2: proof.size2, root1: proof.root1, root2: proof.root2, proof: proof.proof)
        }
    }

    /// `the log's first 5 events are not the ones it was taken of`, in the singular for one.
    private static func notTheEvents(_ count: UInt64) -> String {
        count == 1 ? "the log's first event is not the one it was taken of" : "the log's first \(count) events are not the ones it was taken of"
    }

    private static func checkInclusion(_ proof: ProofDocument.Inclusion, trustedRoot: [UInt8]?) throws {
        guard proof.position >= 1 else { throw MerkleError("position must be at least 1") }
        // The leaf covers the event's own position, so a proof that moves it elsewhere is a lie.
        if case .number(let text)? = proof.event["position"], EventCanonicalizer.integer(text).flatMap({ UInt64(exactly: $0) }) != proof.position {
            throw MerkleError("the event says position \(text), the proof says \(proof.position)")
        }
        let leaf = MerkleHash.leaf(try EventCanonicalizer.canonicalBytes(of: proof.event))
        guard leaf.array == proof.leafHash else {
            throw MerkleError("leaf_hash \(Hex.encode(proof.leafHash)) is not the hash of the event (\(leaf.hex))")
        }
        if let trustedRoot, trustedRoot != proof.root {
            // The usual cause: a proof against today's tree checked against a digest published at another size.
            throw MerkleError("root \(Hex.encode(proof.root)) is not the trusted root \(Hex.encode(trustedRoot)); "
                + "the proof is for the tree of size \(proof.size): if that digest was taken at another size N, "
                + "prove against it (invites prove --position \(proof.position) --size N); if at size \(proof.size), "
                + notTheEvents(proof.size))
        }
        try MerkleVerifier.verifyInclusion(
            leafHash: leaf.array, index: proof.position - 1, size: proof.size, proof: proof.proof, root: proof.root)
    }

}
