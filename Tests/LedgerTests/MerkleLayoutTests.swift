import Foundation
import LMDB
@testable import Ledger
import Merkle
import Testing
import TestSupport

/// Where the ledger keeps its Merkle nodes: keyed in completion order, appended, pages full.
struct MerkleLayoutTests {
    /// The storage format of `merkle-nodes`, byte for byte: big-endian `((index + 1) << level) << 6 | level`.
    @Test func nodeKeysKeepTheirStoredBytes() {
        #expect(LedgerMerkleNodes.key(level: 4, index: 0) == [0, 0, 0, 0, 0, 0, 0x04, 0x04])   // 16 leaves
        #expect(LedgerMerkleNodes.key(level: 4, index: 1) == [0, 0, 0, 0, 0, 0, 0x08, 0x04])   // 32 leaves
        #expect(LedgerMerkleNodes.key(level: 5, index: 0) == [0, 0, 0, 0, 0, 0, 0x08, 0x05])   // 32 leaves, after 4/1
        #expect(LedgerMerkleNodes.key(level: 20, index: 2) == [0, 0, 0, 0, 0x0C, 0, 0, 0x14])  // 3 · 2^20 leaves
        #expect(LedgerMerkleNodes.key(level: 57, index: 0) == [0x80, 0, 0, 0, 0, 0, 0, 0x39])  // 2^57 leaves
        let key = LedgerMerkleNodes.key(level: 20, index: 2)
        #expect(key.withUnsafeBytes { LedgerMerkleNodes.completedLeaves(key: $0) } == 3 << 20)
    }

    /// The claim the layout rests on: the keys of nodes, in the order appends complete them, strictly increase.
    @Test func keysStrictlyIncreaseInTheOrderNodesComplete() throws {
        var frontier = MerkleFrontier()
        var previous: [UInt8] = []
        var nodes = 0
        var outOfOrder: [String] = []
        for leaf in 0..<5_000 as Range<UInt64> {
            frontier.append(MerkleHash.leaf(BigEndianKey(leaf).array)) { level, index, _ in
                let key = LedgerMerkleNodes.key(level: level, index: index)
                if !previous.lexicographicallyPrecedes(key) { outOfOrder.append("\(level)/\(index)") }
                previous = key
                nodes += 1
            }
        }
        #expect(nodes == 9_995)  // 5,000 leaves and the 4,995 parents above them
        #expect(outOfOrder.isEmpty, "\(outOfOrder.count) keys not above the one before, first \(outOfOrder.prefix(3))")
    }

    /// A ledger extended batch after batch (random sizes) holds exactly the tree's nodes of level ≥ 5, in write order.
    @Test func batchesOfRandomSizesAppendEveryNodeInOrder() throws {
        let folder = NSTemporaryDirectory() + "merkle-layout-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = Ledger.Options()
        options.skipSync = true
        let ledger = try Ledger.open(at: folder, options: options)
        let proposed = MerkleLedgerTests.proposedEvents(5_000)
        var generator = SeededGenerator(seed: 20_261_129)
        var start = 0
        while start < proposed.count {
            let end = min(start + Int.random(in: 1...250, using: &generator), proposed.count)
            #expect(try ledger.append(Array(proposed[start..<end])).appended == end - start)
            start = end
        }
        var expected: [[UInt8]] = []
        var frontier = MerkleFrontier()
        let tree = try MerkleLedgerTests.memoryTree(ledger)
        for leaf in 0..<tree.size {
            frontier.append(try tree.node(level: 0, index: leaf)) { level, index, _ in
                if level >= Ledger.lowestStoredMerkleLevel { expected.append(LedgerMerkleNodes.key(level: level, index: index)) }
            }
        }
        let stored = try ledger.read { view in
            try view.txn.withCursor(ledger.merkle) { cursor in
                var keys: [[UInt8]] = []
                var entry = try cursor.first()
                while let current = entry {
                    keys.append(Array(current.key))
                    entry = try cursor.next()
                }
                return keys
            }
        }
        #expect(Ledger.lowestStoredMerkleLevel == 5)
        #expect(stored.count == 5_000 / 32 + 5_000 / 64 + 5_000 / 128 + 5_000 / 256
            + 5_000 / 512 + 5_000 / 1024 + 5_000 / 2048 + 5_000 / 4096)
        #expect(stored == expected)
        #expect(try ledger.verify() == .ok(events: 5_000, position: 5_000, hash: try ledger.read { try $0.head().hash }))
        #expect(try ledger.read { try $0.digest().root } == tree.root())
    }

    /// Appended in completion order, 100,000 events' nodes fill their pages; in the legacy layout they half fill them.
    @Test func completionOrderPacksPagesTheLegacyLayoutLeftHalfEmpty() throws {
        let folder = NSTemporaryDirectory() + "merkle-bytes-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var configuration = Environment.Configuration()
        configuration.skipSync = true
        let environment = try Environment(path: folder, configuration: configuration)
        let current = try environment.openDatabase("merkle-nodes")
        let legacy = try environment.openDatabase("merkle")
        let events: UInt64 = 100_000
        // One write transaction per 1,000 events, as batches of an import would commit them.
        var frontier = MerkleFrontier()
        for batch in 0..<events / 1_000 {
            try environment.write { txn in
                for leaf in batch * 1_000..<(batch + 1) * 1_000 {
                    try frontier.append(MerkleHash.leaf(BigEndianKey(leaf).array)) { level, index, hash in
                        guard level >= Ledger.lowestStoredMerkleLevel else { return }
                        try txn.put(hash.array, forKey: LedgerMerkleNodes.key(level: level, index: index), in: current,
                                    options: .append)
                        try txn.put(hash.array, forKey: Ledger.legacyMerkleKey(level: level, index: index), in: legacy)
                    }
                }
            }
        }
        let pageSize = environment.pageUsage().pageSize
        let (currentBytes, legacyBytes) = try environment.read { txn in
            (Double(try txn.pages(current) * pageSize) / Double(events), Double(try txn.pages(legacy) * pageSize) / Double(events))
        }
        // 6,248 nodes of level ≥ 5, each 32 bytes with an 8-byte key and LMDB's 10 bytes of node
        // header and slot: 3.12 B/event at best (6.25 when level 4 was stored too).
        #expect(currentBytes < 3.3, "completion order: \(currentBytes) bytes per event")
        #expect(legacyBytes > 5.5, "legacy layout: \(legacyBytes) bytes per event")
    }
}
