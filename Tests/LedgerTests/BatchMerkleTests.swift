import Foundation
import LMDB
@testable import Ledger
import Merkle
import Testing
import TestSupport

/// A batch's Merkle tree gives the same nodes and frontier whether its leaves are hashed inline or on the thread.
struct BatchMerkleTests {
    /// `count` leaves of different lengths (some empty, some longer than a SHA-256 block).
    static func leaves(_ count: Int, seed: UInt64) -> [[UInt8]] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { index in
            let length = Int.random(in: 0...300, using: &generator)
            return (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }
        }
    }

    /// The nodes of level ≥ `storedFrom` and the frontier of a plain frontier fed the same leaves.
    static func expected(_ leaves: [[UInt8]], from start: MerkleFrontier, storedFrom: Int) -> ([BatchMerkle.Node], MerkleFrontier) {
        var frontier = start
        var nodes: [BatchMerkle.Node] = []
        for leaf in leaves {
            frontier.append(MerkleHash.leaf(leaf)) { level, index, hash in
                if level >= storedFrom { nodes.append((level, index, hash)) }
            }
        }
        return (nodes, frontier)
    }

    @Test(arguments: [0, 1, 2_047, 2_048, 2_049, 2_048 + 512, 2_048 + 513, 9_001])
    func threadedLeavesGiveTheInlineNodesInOrder(count: Int) throws {
        var start = MerkleFrontier()
        for leaf in Self.leaves(37, seed: 7) { start.append(MerkleHash.leaf(leaf)) }
        let leaves = Self.leaves(count, seed: UInt64(count))
        let (expectedNodes, expectedFrontier) = Self.expected(leaves, from: start, storedFrom: 3)
        let merkle = BatchMerkle(frontier: start, storedFrom: 3)
        var stored: [BatchMerkle.Node] = []
        for leaf in leaves { try merkle.append(leaf) { stored.append($0) } }
        let frontier = try merkle.finish { stored.append($0) }
        #expect(frontier == expectedFrontier)
        #expect(stored.count == expectedNodes.count)
        #expect(zip(stored, expectedNodes).allSatisfy { $0.level == $1.level && $0.index == $1.index && $0.hash == $1.hash })
    }

    /// A batch dropped half way (refused, or retried after the map grew) stops its thread.
    ///
    /// The thread holds its hand-over until it returns, so the hand-over is freed only once the
    /// thread has stopped (review 13: this test had no expectation).
    @Test func aDroppedBatchStopsItsThread() throws {
        for _ in 0..<20 {
            weak var handOver: MerkleHandOver?
            do {
                let merkle = BatchMerkle(frontier: MerkleFrontier(), storedFrom: 5)
                for leaf in Self.leaves(BatchMerkle.inlineLeaves + 3 * MerkleLeafChunk.leafLimit + 7, seed: 3) {
                    try merkle.append(leaf) { _ in }
                }
                handOver = merkle.handOver
                #expect(handOver != nil)
            }
            // Dropping the batch waits for the thread to see the cancel; it then lets go of its hand-over.
            let deadline = Date().addingTimeInterval(2)
            while handOver != nil, Date() < deadline { usleep(1_000) }
            #expect(handOver == nil, "the Merkle thread of a dropped batch is still running")
        }
    }

    /// An import-sized batch stores every upper node (in write order) and the frontier of the tree of its events.
    @Test func oneLargeBatchStoresTheTreeOfItsEvents() throws {
        try withLedger { ledger, _ in
            let proposed = MerkleLedgerTests.proposedEvents(8_000)
            #expect(try ledger.append(Array(proposed[0..<101])).appended == 101)
            #expect(try ledger.append(Array(proposed[101...])).appended == 7_899)
            let tree = try MerkleLedgerTests.memoryTree(ledger)
            var expected = MerkleFrontier()
            var nodes: [(key: [UInt8], value: [UInt8])] = []
            for leaf in 0..<tree.size {
                expected.append(try tree.node(level: 0, index: leaf)) { level, index, hash in
                    if level >= Ledger.lowestStoredMerkleLevel { nodes.append((LedgerMerkleNodes.key(level: level, index: index), hash.array)) }
                }
            }
            let stored = try ledger.read { try $0.txn.entries(of: ledger.merkle) }
            #expect(stored.count == nodes.count)
            let firstDifference = stored.indices.first { $0 >= nodes.count || stored[$0] != nodes[$0] }
            #expect(firstDifference == nil, "stored node \(firstDifference ?? 0) differs")
            #expect(try ledger.read { try $0.merkleFrontier(head: $0.head()) } == expected)
            #expect(try ledger.read { try $0.digest().root } == tree.root())
            #expect(try ledger.verify() == .ok(events: 8_000, position: 8_000, hash: try ledger.read { try $0.head().hash }))
        }
    }
}
