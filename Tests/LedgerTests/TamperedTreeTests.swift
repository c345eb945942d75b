import Foundation
import LMDB
@testable import Ledger
import Merkle
import Testing

/// Digests, proofs and the tree's rebuild refuse what the stored chain or tree does not vouch for (audit 22).
struct TamperedTreeTests {
    /// The stored nodes and frontier, to compare before and after a refused rebuild.
    static func storedTree(_ ledger: Ledger) throws -> [[UInt8]] {
        try ledger.read { view in
            var entries: [[UInt8]] = []
            try view.txn.withCursor(ledger.merkle) { cursor in
                var entry = try cursor.first()
                while let current = entry {
                    entries.append(Array(current.key) + Array(current.value))
                    entry = try cursor.next()
                }
            }
            entries.append(Array(try #require(try view.txn.get(MetaKey.frontier, in: ledger.meta))))
            return entries
        }
    }

    @Test func theTreeIsNotRebuiltFromAnAlteredLog() throws {
        let (ledger, folder) = try ShortChainTagTests.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        try ShortChainTagTests.alterRecipient(ledger, at: 72)
        let tree = try Self.storedTree(ledger)
        #expect {
            try ledger.rebuildMerkleTree()
        } throws: { error in
            let mismatch = error as? ChainMismatch
            return mismatch?.position == 72 && mismatch?.detail.contains("nothing was rebuilt") == true
        }
        #expect(try Self.storedTree(ledger) == tree, "the old tree stays")
        // A forger who re-tags the altered stretch is named at the next stored hash, not blessed.
        try ShortChainTagTests.retag(ledger, 72...127)
        #expect(throws: ChainMismatch.self) { try ledger.rebuildMerkleTree() }
        #expect(try Self.storedTree(ledger) == tree)
        // An intact ledger's tree rebuilds to what it was.
        let (intact, intactFolder) = try ShortChainTagTests.ledger()
        defer { try? FileManager.default.removeItem(at: intactFolder) }
        let intactDigest = try intact.read { try $0.digest() }
        #expect(try intact.rebuildMerkleTree() == 199)
        #expect(try intact.read { try $0.digest() } == intactDigest)
    }

    @Test func aConsistencyProofChecksTheChainAtBothSizes() throws {
        let (ledger, folder) = try ShortChainTagTests.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        try ShortChainTagTests.alterRecipient(ledger, at: 72)  // a `sent`, in the stretch 65…128
        try ledger.read { view in
            #expect(throws: ChainMismatch.self) { try view.consistencyProof(from: 1, to: 100) }
            #expect(throws: ChainMismatch.self) { try view.consistencyProof(from: 70, to: 199) }
            #expect(throws: Never.self) { try view.consistencyProof(from: 10, to: 60) }
        }
    }

    /// A stored node under a past root only (leaves 1–32, inside the head's node of 1–128): past digests and proofs that read it are refused (audit 79 F3).
    @Test func aDamagedNodeUnderAPastRootIsNotPublished() throws {
        let (ledger, folder) = try ShortChainTagTests.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try ledger.read { view in (try view.digest(size: 40), try view.digest(size: 150), try view.digest()) }
        try ledger.environment.write { txn in
            let key = LedgerMerkleNodes.key(level: 5, index: 0)
            var node = Array(try #require(try txn.get(key, in: ledger.merkle)))
            node[0] ^= 1
            try txn.put(node, forKey: key, in: ledger.merkle)
        }
        try ledger.read { view in
            #expect(throws: ChainMismatch.self) { try view.digest(size: 40) }
            #expect(throws: ChainMismatch.self) { try view.inclusionProof(position: 40) }
            #expect(throws: ChainMismatch.self) { try view.inclusionProof(position: 3, size: 50) }
            #expect(throws: ChainMismatch.self) { try view.consistencyProof(from: 40, to: 199) }
            #expect(throws: Never.self) { try view.inclusionProof(position: 5) }
            #expect(throws: Never.self) { try view.consistencyProof(from: 150, to: 199) }
        }
        // What does not read the node is the same as before.
        #expect(try ledger.read { try $0.digest(size: 150) } == before.1)
        #expect(try ledger.read { try $0.digest() } == before.2)
        guard case .failed = try ledger.verify() else {
            Issue.record("verify passes a damaged node")
            return
        }
        #expect(before.0.size == 40)
    }

    @Test func aDamagedFrontierIsNotPublishedAsTheRoot() throws {
        let (ledger, folder) = try ShortChainTagTests.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try ledger.read { try $0.digest() }
        try ledger.environment.write { txn in
            var frontier = Array(try #require(try txn.get(MetaKey.frontier, in: ledger.meta)))
            frontier[frontier.count - 1] ^= 1
            try txn.put(frontier, forKey: MetaKey.frontier, in: ledger.meta)
        }
        try ledger.read { view in
            #expect(throws: ChainMismatch.self) { try view.digest() }
            #expect(throws: ChainMismatch.self) { try view.inclusionProof(position: 5) }
            #expect(throws: ChainMismatch.self) { try view.consistencyProof(from: 5, to: 199) }
        }
        // A past size is checked against the frontier too, through the consistency proof to the head (audit 79 F3).
        #expect(throws: ChainMismatch.self) { try ledger.read { try $0.digest(size: 150) } }
        // A frontier that differs may be the last evidence of an altered tail: overwritten only when asked (review 23).
        #expect(throws: MerkleTreeDisagreement.self) { try ledger.rebuildMerkleTree() }
        #expect(try ledger.rebuildMerkleTree(force: true) == 199)
        #expect(try ledger.read { try $0.digest() } == before)
    }

    @Test func anAppendOverARecordPastTheHeadNamesIt() throws {
        let (ledger, folder) = try ShortChainTagTests.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        try ledger.environment.write { txn in try txn.put([0], forKey: try #require(ledger.logKey(200)).array, in: ledger.log) }
        #expect {
            try ledger.append([ProposedEvent(kind: .sent, at: Timestamp(milliseconds: 1_900_000_000_000), account: "a",
                                             recipient: "linkedin.com/in/someone-new")])
        } throws: { error in
            "\(error)".contains("position 200: the log holds 200 events but its head says 199")
        }
    }

    /// A stored node that differs, or is missing, is not mended unasked (reviews 23, 26).
    @Test func aDifferingNodeIsOverwrittenOnlyWhenForced() throws {
        let (ledger, folder) = try ShortChainTagTests.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try ledger.read { try $0.digest(size: 150) }
        let key = LedgerMerkleNodes.key(level: 5, index: 2)
        try ledger.environment.write { txn in try txn.put([UInt8](repeating: 9, count: 32), forKey: key, in: ledger.merkle) }
        let tree = try Self.storedTree(ledger)
        #expect {
            try ledger.rebuildMerkleTree()
        } throws: { error in
            "\(error)".hasPrefix("the stored Merkle node 5/2 (events 65–96) differs, against the tree recomputed from the log")
        }
        #expect(try Self.storedTree(ledger) == tree)
        #expect(try ledger.rebuildMerkleTree(force: true) == 199)
        #expect(try ledger.read { try $0.digest(size: 150) } == before)
        // A deleted node may hide an alteration as well as a changed one (review 26): also only when forced.
        try ledger.environment.write { txn in _ = try txn.delete(key, in: ledger.merkle) }
        #expect {
            try ledger.rebuildMerkleTree()
        } throws: { error in
            "\(error)".hasPrefix("the stored Merkle node 5/2 (events 65–96) is missing, against the tree recomputed from the log")
        }
        #expect(try ledger.rebuildMerkleTree(force: true) == 199)
        #expect(try ledger.read { try $0.digest(size: 150) } == before)
        #expect(try ledger.rebuildMerkleTree() == 199, "a tree that is the log's is written again as it is")
    }

    /// With a differing node found first, the digest expected still tells damage from alteration (review 24).
    @Test func anExpectedDigestTellsADamagedTreeFromAnAlteredLog() throws {
        let (ledger, folder) = try ShortChainTagTests.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        let published = try ledger.read { try $0.chainHash(at: 150) }
        try ledger.environment.write { txn in
            try txn.put([UInt8](repeating: 9, count: 32), forKey: LedgerMerkleNodes.key(level: 5, index: 2), in: ledger.merkle)
        }
        guard case .failed(let position, let damaged) = try ledger.verify(expect: (published, 150)) else {
            Issue.record("a differing node verified")
            return
        }
        // The digest covers events 1–150 of 199: the rest are in no digest, so no forced rebuild is advised (review 25).
        #expect(position == 96 && damaged.contains("5/2") && damaged.contains("events 1–150 are the ones of that digest")
                && damaged.contains("events 151–199 are in no digest given") && !damaged.contains("recomputes it"), "\(damaged)")
        let whole = try ledger.read { try $0.head() }
        guard case .failed(_, let covered) = try ledger.verify(expect: (whole.hash, whole.position)) else {
            Issue.record("a differing node verified")
            return
        }
        #expect(covered.contains("the whole log is the one of that digest") && covered.contains("rebuild merkle --force"), "\(covered)")
        let other = try #require(Digest([UInt8](repeating: 7, count: 32)))
        guard case .failed(_, let altered) = try ledger.verify(expect: (other, 150)) else {
            Issue.record("a wrong digest verified")
            return
        }
        #expect(altered.contains("not the ones of that digest"), "\(altered)")
    }
}
