import Foundation
import LMDB
import Testing

/// A ledger written by the previous version (Merkle nodes in `merkle`, keyed by level byte and index), through the binary.
struct MerkleMigrationStoryTests {
    /// Rewrites the closed ledger at `db` the way the previous version stored its tree; returns how many nodes moved.
    static func moveNodesToLegacyLayout(db: String) throws -> Int {
        let environment = try Environment(path: db)
        let legacy = try environment.openDatabase("merkle")
        return try environment.write { txn in
            let current = try #require(try txn.existingDatabase(named: "merkle-nodes"))
            var nodes: [(key: [UInt8], hash: [UInt8])] = []
            try txn.withCursor(current) { cursor in
                var entry = try cursor.first()
                while let (key, hash) = entry {
                    // The current key: big-endian ((index + 1) << level) << 6 | level.
                    let packed = key.bigEndianUInt64
                    let level = packed & 63
                    let index = ((packed >> 6) >> level) - 1
                    nodes.append(([UInt8(level)] + BigEndianKey(index).array, Array(hash)))
                    entry = try cursor.next()
                }
            }
            for node in nodes { try txn.put(node.hash, forKey: node.key, in: legacy) }
            try txn.drop(current)
            return nodes.count
        }
    }

    @Test func aLegacyLedgerAnswersItsFirstQueryThenVerifiesAndProves() throws {
        try withTemporaryLedger { db, folder in
            let events = folder.appendingPathComponent("events.jsonl")
            try #require(try ProofStoryTests.python("generate.py", ["--events", "700", "--seed", "5", "--out", events.path]).status == 0)
            try #require(try invites(["import", events.path, "--db", db]).status == 0)
            let digest = try invites(["digest", "--db", db, "--position", "600"]).stdout
            let proof = try invites(["prove", "--db", db, "--position", "123", "--size", "650"]).stdout
            #expect(try Self.moveNodesToLegacyLayout(db: db) == 700 / 16 + 700 / 32 + 700 / 64 + 700 / 128 + 700 / 256 + 700 / 512)

            // The first command is a query; it finds the tree and answers as before.
            let first = try invites(["digest", "--db", db, "--position", "600"])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout == digest)
            #expect(try invites(["prove", "--db", db, "--position", "123", "--size", "650"]).stdout == proof)
            let verified = try invites(["verify", "--db", db])
            #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
            let hasLegacy = try Environment(path: db).read { txn in try txn.existingDatabase(named: "merkle") != nil }
            #expect(!hasLegacy)
        }
    }
}
