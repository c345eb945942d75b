import Foundation
import LMDB
@testable import Ledger
import Merkle
import Testing

/// The ledger's stored Merkle tree, its digests and proofs, checked against an in-memory tree of the same events.
struct MerkleLedgerTests {
    /// A ledger of `count` events (sends and some acceptances) in batches, in a temporary folder.
    static func makeLedger(events count: Int, batch: Int = 97) throws -> (Ledger, URL) {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("merkle-ledger-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var options = Ledger.Options()
        options.skipSync = true
        let ledger = try Ledger.open(at: folder.appendingPathComponent("ledger").path, options: options)
        let proposed = proposedEvents(count)
        var start = 0
        while start < count {
            let outcome = try ledger.append(Array(proposed[start..<min(start + batch, count)]))
            #expect(outcome.rejected == 0)
            start += batch
        }
        return (ledger, folder)
    }

    /// `count` events a ledger accepts in order: sends, every fifth an acceptance of the send before it.
    static func proposedEvents(_ count: Int) -> [ProposedEvent] {
        var proposed: [ProposedEvent] = []
        for index in 0..<count {
            let at = Timestamp(milliseconds: 1_736_000_000_000 + Int64(index) * 60_000)
            if index % 5 == 4 {
                proposed.append(ProposedEvent(kind: .accepted, at: at, invitation: "inv-\(index - 1)"))
            } else {
                proposed.append(ProposedEvent(
                    kind: .sent, id: "e-\(index)", at: at, invitation: "inv-\(index)", account: "acct-\(index % 3)",
                    recipient: "linkedin.com/in/person-\(index)", note: index % 7 == 0 ? "Hi \"\(index)\"\n— ok" : nil))
            }
        }
        return proposed
    }

    /// The same tree rebuilt in memory from the events as exported (independent of the stored nodes).
    static func memoryTree(_ ledger: Ledger) throws -> InMemoryMerkleTree {
        var tree = InMemoryMerkleTree()
        try ledger.read { view in
            try view.forEachEvent { event, _ in
                var canonical: [UInt8] = []
                event.canonicalJSON(into: &canonical)
                tree.append(leaf: canonical)
                return true
            }
        }
        return tree
    }

    @Test func digestsMatchTheTreeRecomputedFromEventsAtEverySize() throws {
        let (ledger, folder) = try Self.makeLedger(events: 300)
        defer { try? FileManager.default.removeItem(at: folder) }
        let tree = try Self.memoryTree(ledger)
        // The chain after each event, from the events as exported (independent of the checkpoints).
        var chain: [Digest] = [.zero]
        try ledger.read { view in
            try view.forEachEvent { event, _ in
                var canonical: [UInt8] = []
                event.canonicalJSON(into: &canonical)
                chain.append(HashChain.link(chain[chain.count - 1], canonical))
                return true
            }
        }
        try ledger.read { view in
            for size in [0, 1, 2, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 95, 127, 128, 129, 255, 256, 287, 299, 300] as [UInt64] {
                let digest = try view.digest(size: size)
                #expect(digest.size == size)
                #expect(digest.root == (try tree.root(size: size)), "root at \(size)")
                #expect(digest.chainHash == chain[Int(size)], "chain hash at \(size)")
            }
            #expect(try view.digest().size == 300)
            #expect(try view.digest(size: 0).root == MerkleHash.emptyRoot)
            #expect(try view.digest(size: 0).chainHash == .zero)
        }
    }

    @Test func inclusionProofsMatchAndVerify() throws {
        let (ledger, folder) = try Self.makeLedger(events: 200)
        defer { try? FileManager.default.removeItem(at: folder) }
        let tree = try Self.memoryTree(ledger)
        try ledger.read { view in
            for size in [1, 17, 31, 64, 95, 133, 200] as [UInt64] {
                for position in Set([1, 2, 31, 32, 33, size / 2 + 1, size - 1, size].filter { $0 >= 1 && $0 <= size }) {
                    let proof = try view.inclusionProof(position: position, size: size)
                    #expect(proof.path == (try tree.inclusionProof(index: position - 1, size: size)))
                    #expect(proof.root == (try tree.root(size: size)))
                    #expect(proof.event.position == position)
                    try MerkleVerifier.verifyInclusion(
                        leafHash: proof.leafHash, index: position - 1, size: size, proof: proof.path, root: proof.root)
                }
            }
        }
    }

    @Test func consistencyProofsMatchAndVerify() throws {
        let (ledger, folder) = try Self.makeLedger(events: 200)
        defer { try? FileManager.default.removeItem(at: folder) }
        let tree = try Self.memoryTree(ledger)
        try ledger.read { view in
            for (from, to) in [(1, 200), (16, 200), (17, 33), (100, 200), (199, 200), (200, 200), (64, 128)] as [(UInt64, UInt64)] {
                let proof = try view.consistencyProof(from: from, to: to)
                #expect(proof.path == (try tree.consistencyProof(from: from, to: to)), "\(from) → \(to)")
                try MerkleVerifier.verifyConsistency(size1: from, size2: to, root1: proof.root1, root2: proof.root2, proof: proof.path)
            }
        }
    }

    @Test func requestsOutsideTheLogAreRefused() throws {
        let (ledger, folder) = try Self.makeLedger(events: 20)
        defer { try? FileManager.default.removeItem(at: folder) }
        try ledger.read { view in
            #expect(throws: MerkleRequestError.self) { try view.digest(size: 21) }
            #expect(throws: MerkleRequestError.self) { try view.inclusionProof(position: 0) }
            #expect(throws: MerkleRequestError.self) { try view.inclusionProof(position: 21) }
            #expect(throws: MerkleRequestError.self) { try view.inclusionProof(position: 5, size: 4) }
            #expect(throws: MerkleRequestError.self) { try view.consistencyProof(from: 0, to: 5) }
            #expect(throws: MerkleRequestError.self) { try view.consistencyProof(from: 6, to: 5) }
            #expect(throws: MerkleRequestError.self) { try view.consistencyProof(from: 5, to: 21) }
            let empty = try view.consistencyProof(from: 7, to: 7)
            #expect(empty.path.isEmpty)
        }
    }

    @Test func verifyNamesATamperedAndAMissingStoredNode() throws {
        let (ledger, folder) = try Self.makeLedger(events: 300)
        defer { try? FileManager.default.removeItem(at: folder) }
        let head = try ledger.read { try $0.head() }
        // The lowest stored level: node 5/2 covers events 65–96 and completes at 96.
        #expect(Ledger.lowestStoredMerkleLevel == 5)
        let key = LedgerMerkleNodes.key(level: 5, index: 2)
        let original = try ledger.read { view in try #require(try view.txn.get(key, in: ledger.merkle).map { Array($0) }) }
        let named = VerificationResult.failed(position: 96, error: "the stored Merkle node 5/2 differs from the recomputed one" + Ledger.merkleRepairHint)
        try ledger.environment.write { txn in try txn.put([UInt8](repeating: 3, count: 32), forKey: key, in: ledger.merkle) }
        #expect(try ledger.verify() == named)
        try ledger.environment.write { txn in _ = try txn.delete(key, in: ledger.merkle) }
        #expect(try ledger.verify() == .failed(position: 96, error: "the stored Merkle node 5/2 is missing" + Ledger.merkleRepairHint))
        #expect(throws: StorageError.self) { try ledger.read { view in try view.inclusionProof(position: 100, size: 300) } }
        try ledger.environment.write { txn in try txn.put(original, forKey: key, in: ledger.merkle) }
        #expect(try ledger.verify() == .ok(events: 300, position: 300, hash: head.hash))
        // Level 4 is not stored: its nodes are recomputed from the events, which the chain holds.
        #expect(try ledger.read { view in try view.txn.get(LedgerMerkleNodes.key(level: 4, index: 0), in: ledger.merkle) } == nil)
    }

    @Test func rebuildRestoresALostTreeExactly() throws {
        let (ledger, folder) = try Self.makeLedger(events: 150)
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try ledger.read { view in try view.digest(size: 100) }
        let storedBefore = try ledger.read { view in try view.txn.count(ledger.merkle) }
        try ledger.environment.write { txn in
            try txn.clear(ledger.merkle)
            _ = try txn.delete(Array("frontier".utf8), in: ledger.meta)
        }
        #expect(throws: (any Error).self) { try ledger.read { view in try view.digest() } }
        // A lost tree may be a deleted one: recomputed only when asked (review 26).
        #expect(throws: MerkleTreeDisagreement.self) { try ledger.rebuildMerkleTree() }
        #expect(try ledger.rebuildMerkleTree(force: true) == 150)
        #expect(try ledger.read { view in try view.txn.count(ledger.merkle) } == storedBefore)
        #expect(try ledger.read { view in try view.digest(size: 100) } == before)
        #expect(try ledger.verify() == .ok(events: 150, position: 150, hash: try ledger.read { try $0.head().hash }))
        // Appending after a rebuild keeps extending the same tree.
        _ = try ledger.append([ProposedEvent(kind: .accepted, at: Timestamp(milliseconds: 1_800_000_000_000), invitation: "inv-0")])
        #expect(try ledger.read { view in try view.digest().root } == (try Self.memoryTree(ledger).root()))
    }

    @Test func rebuildOfAnEmptyLedgerLeavesNoTree() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("merkle-empty-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = try Ledger.open(at: folder.path)
        #expect(try ledger.rebuildMerkleTree() == 0)
        #expect(try ledger.read { view in try view.digest() } == LedgerDigest(size: 0, root: MerkleHash.emptyRoot, chainHash: .zero))
    }
}
