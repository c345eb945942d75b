import Foundation
import LMDB
import Merkle

/// The result of `verify`: the chain holds, or the first position where it does not.
public enum VerificationResult: Equatable, Sendable {
    /// The log holds: `events` events, and the chain hash at `position` (the head, or the one expected) is `hash`.
    case ok(events: UInt64, position: UInt64, hash: Digest)
    /// The first position that fails (0 for an expectation at position 0), and what differs there.
    case failed(position: UInt64, error: String)
}

extension Ledger {
    /// What `verify` adds to a stored tree node or frontier that is missing or disagrees with the log, whose chain held up to there.
    ///
    /// The chain has no secret, so a differing or deleted part of the tree may be the last
    /// evidence of altered events whose chain was recomputed: only a published digest tells that
    /// from damage, and `rebuild merkle` mends the tree only with `--force` (reviews 23, 26).
    static let merkleRepairHint = "; either the tree was damaged, or events were altered and their chain recomputed: "
        + "a digest published earlier tells which (`invites verify --expect HASH@P`), and `invites rebuild merkle --force` "
        + "then recomputes the tree"

    /// Below this many events `verify` checks on one thread; above it, the log's halves side by side.
    static let parallelVerificationThreshold: UInt64 = 16_384

    /// Recomputes the whole chain and Merkle tree from the stored records and checks them against what is stored.
    ///
    /// Names the first position whose record does not decode, is out of sequence, or whose
    /// recomputed chain hash differs from the one stored with it (or at a checkpoint or the head).
    /// With `expect`, also requires the chain hash at that position to be the given one; `expectedIsRoot`
    /// says that the user gave the digest's Merkle root, whose chain hash `expect` holds, so messages name the root.
    /// A record's tag is compared in its own width (8 bytes, or 4 in record version 3: a damaged
    /// record matching by chance is then named at the next differing tag, Merkle node, checkpoint or head).
    ///
    /// A long log is checked in two halves on two threads: the second half starts from the
    /// chain checkpoint and Merkle nodes stored at the split, which the first half recomputes
    /// and compares, so a failure is named at the same position as a one-thread check would.
    public func verify(expect: (hash: Digest, position: UInt64)? = nil, expectedIsRoot: Bool = false) throws -> VerificationResult {
        let result = try verifyChainAndTree(expect: expect)
        // A stored tree that differs is damage or the last evidence of an alteration: the digest
        // expected tells which, so it is checked anyway, from the events alone.
        guard let expect, expect.position > 0, case .failed(let position, let error) = result,
              error.hasSuffix(Self.merkleRepairHint) else { return result }
        let checked: (hash: Digest, head: UInt64)? = try read { view in
            let head = try view.storedHead().position
            guard expect.position <= head else { return nil }
            var hash = Digest.zero
            try view.forEachCanonicalJSON(from: 1, through: expect.position) { canonical, _ in hash = HashChain.link(hash, canonical) }
            return (hash, head)
        }
        guard let (recomputed, head) = checked else { return result }
        let base = String(error.dropLast(Self.merkleRepairHint.count))
        let given = expectedIsRoot ? "the Merkle root the events give at \(expect.position)" : "the chain hash at \(expect.position)"
        if recomputed == expect.hash, expect.position == head {
            return .failed(position: position, error: base + "; \(given) is the one expected, so the whole "
                + "log is the one of that digest: the tree was damaged, and `invites rebuild merkle --force` recomputes it")
        }
        if recomputed == expect.hash {
            // Events after the digest are vouched for by nothing but the stored chain and tree.
            return .failed(position: position, error: base + "; \(given) is the one expected, so events "
                + "1–\(expect.position) are the ones of that digest, but events \(expect.position + 1)–\(head) are in no digest given: "
                + "a forced rebuild would make the tree agree with whatever they hold: check them against a later digest first, or "
                + "accept them as they are with `invites rebuild merkle --force`")
        }
        return .failed(position: position, error: base + "; the chain hash at \(expect.position) is \(recomputed.hex), not the "
            + "expected \(expect.hash.hex): the events are not the ones of that digest")
    }

    /// `verify` without the second look at a differing tree.
    private func verifyChainAndTree(expect: (hash: Digest, position: UInt64)?) throws -> VerificationResult {
        try read { view in
            let head = try view.storedHead()
            if let expect, expect.position == 0, expect.hash != .zero {
                return .failed(position: 0, error: "the chain hash at position 0 is \(Digest.zero.hex), not \(expect.hash.hex)")
            }
            var check = ChainSegmentCheck()
            let split = Self.verificationSplit(events: head.position)
            let secondHalf = split.map { SecondHalfCheck(ledger: self, after: $0, head: head, expect: expect) }
            // Also when the first half throws: the second must not go on reading, its transaction open, after this one ends (review 145).
            defer { secondHalf?.cancel() }
            let firstFailure = try check.run(view: view, through: split ?? head.position, logLength: head.position,
                                             expect: expect)
            var expectedHashSeen = expect == nil || expect?.position == 0 || check.expectedHashSeen
            if let firstFailure { return firstFailure }
            switch secondHalf?.result() {
            case .done(let secondCheck, let failure)?:
                if let failure { return failure }
                check = secondCheck
                expectedHashSeen = expectedHashSeen || secondCheck.expectedHashSeen
            case .unavailable?, nil:
                if let failure = try check.run(view: view, through: head.position, logLength: head.position, expect: expect) {
                    return failure
                }
                expectedHashSeen = expectedHashSeen || check.expectedHashSeen
            }
            return try Self.concludeVerification(view: view, head: head, check: check, expect: expect,
                                                 expectedHashSeen: expectedHashSeen)
        }
    }

    /// Where to split the log for a two-thread check: a chain checkpoint near the middle, or nil for one thread.
    static func verificationSplit(events: UInt64) -> UInt64? {
        guard events >= parallelVerificationThreshold, ProcessInfo.processInfo.activeProcessorCount > 1 else { return nil }
        let split = events / 2 / chainCheckpointInterval * chainCheckpointInterval
        return split > 0 ? split : nil
    }

    /// The checks after every position was recomputed: nothing past the head, the head and the frontier match.
    private static func concludeVerification(view: LedgerView, head: ChainHead, check: ChainSegmentCheck,
                                             expect: (hash: Digest, position: UInt64)?,
                                             expectedHashSeen: Bool) throws -> VerificationResult {
        let last = try view.txn.withCursor(view.ledger.log) { cursor in try cursor.last().map { LogKey.position(of: $0.key) } } ?? 0
        guard last <= head.position else {
            return .failed(position: head.position + 1, error: "the log holds \(last) events but its head says \(head.position)")
        }
        guard check.hash == head.hash else {
            return .failed(position: head.position, error: "the stored head hash differs from the recomputed chain")
        }
        if head.position > 0 {
            guard let stored = try? view.merkleFrontier(head: head) else {
                // Missing, or of another size: each is said, since a generic error gave no JSON answer.
                if try view.txn.get(MetaKey.frontier, in: view.ledger.meta) == nil {
                    return .failed(position: head.position, error: "the stored Merkle frontier is missing" + merkleRepairHint)
                }
                return .failed(position: head.position, error: "the stored Merkle frontier is not of the head's size" + merkleRepairHint)
            }
            guard stored.root() == check.frontier.root() else {
                return .failed(position: head.position, error: "the stored Merkle frontier differs from the recomputed tree" + merkleRepairHint)
            }
        }
        guard let expect else { return .ok(events: head.position, position: head.position, hash: head.hash) }
        guard expectedHashSeen else {
            return .failed(position: expect.position, error: "position \(expect.position) is past the head \(head.position)")
        }
        return .ok(events: head.position, position: expect.position, hash: expect.hash)
    }
}
