import LMDB
import Merkle

/// The result of `verify`: the chain holds, or the first position where it does not.
public enum VerificationResult: Equatable, Sendable {
    case ok(events: UInt64, position: UInt64, hash: Digest)
    case failed(position: UInt64, error: String)
}

extension Ledger {
    /// Recomputes the whole chain and Merkle tree from the stored records and checks them against what is stored.
    ///
    /// Names the first position whose record does not decode, is out of sequence, or whose
    /// recomputed chain hash differs from the one stored with it (or at a checkpoint or the head).
    /// With `expect`, also requires the chain hash at that position to be the given one.
    public func verify(expect: (hash: Digest, position: UInt64)? = nil) throws -> VerificationResult {
        try read { view in
            let head = try view.head()
            var hash = Digest.zero
            var expected: UInt64 = 1
            var frontier = MerkleFrontier()
            var scanner = CanonicalScanner(view: view, events: head.position)
            var canonical: [UInt8] = []
            canonical.reserveCapacity(1024)
            var failure: VerificationResult?
            var expectedHashSeen = expect == nil || expect?.position == 0
            if let expect, expect.position == 0, expect.hash != .zero {
                return .failed(position: 0, error: "the chain hash at position 0 is \(Digest.zero.hex), not \(expect.hash.hex)")
            }
            let interval = Ledger.chainCheckpointInterval
            try view.txn.withCursor(log) { cursor in
                var entry = try cursor.first()
                while let current = entry {
                    let position = current.key.bigEndianUInt64
                    guard position == expected else {
                        failure = .failed(position: expected, error: "position \(expected) is missing (found \(position) next)")
                        return
                    }
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
                    if hash.tag != record.chainTag {
                        failure = .failed(position: position, error: "the stored event does not match its chain hash")
                        return
                    }
                    if position % interval == 0 {
                        let stored = try BigEndianKey(position).withBytes { try view.txn.get($0, in: chain) }
                        if stored.flatMap({ Digest($0) }) != hash {
                            failure = .failed(position: position, error: "the chain checkpoint differs from the recomputed hash")
                            return
                        }
                    }
                    var merkleFailure: String?
                    frontier.append(MerkleHash.leaf(canonical)) { level, index, node in
                        guard merkleFailure == nil, level >= Ledger.lowestStoredMerkleLevel else { return }
                        let stored = try? view.txn.get(LedgerMerkleNodes.key(level: level, index: index), in: merkle)
                        if stored.flatMap({ Digest($0) }) != node {
                            merkleFailure = "the stored Merkle node \(level)/\(index) differs from the recomputed one"
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
                    expected += 1
                    entry = try cursor.next()
                }
            }
            if let failure { return failure }
            let count = expected - 1
            guard count == head.position else {
                return .failed(position: min(count, head.position) + 1,
                               error: "the log holds \(count) events but its head says \(head.position)")
            }
            guard hash == head.hash else {
                return .failed(position: head.position, error: "the stored head hash differs from the recomputed chain")
            }
            if count > 0 {
                let stored = try view.merkleFrontier(head: head)
                guard stored.root() == frontier.root() else {
                    return .failed(position: head.position, error: "the stored Merkle frontier differs from the recomputed tree")
                }
            }
            guard expectedHashSeen, let expect else {
                if !expectedHashSeen, let expect {
                    return .failed(position: expect.position, error: "position \(expect.position) is past the head \(head.position)")
                }
                return .ok(events: count, position: head.position, hash: head.hash)
            }
            return .ok(events: count, position: expect.position, hash: expect.hash)
        }
    }
}
