import Foundation
import LMDB
import Testing

/// Ledgers written by previous versions, through the binary: Merkle nodes in `merkle` (keyed by
/// level byte and index), or from level 4 up in `merkle-nodes`.
struct MerkleMigrationStoryTests {
    /// The level-4 nodes of the ledger at `db` (hash per index), recomputed by Python from its export.
    static func levelFourNodes(db: String, folder: URL) throws -> [[UInt8]] {
        let export = folder.appendingPathComponent("level-four.jsonl")
        try invites(["export", "--db", db]).stdout.write(to: export, atomically: false, encoding: .utf8)
        let script = """
            import hashlib, json, sys
            H = lambda *parts: hashlib.sha256(b"".join(parts)).digest()
            leaves = [H(b"\\x00", json.dumps({k: v for k, v in json.loads(l).items() if k != "hash"}, sort_keys=True,
                                          separators=(",", ":"), ensure_ascii=False).encode()) for l in open(sys.argv[1])]
            node = lambda level, i: leaves[i] if level == 0 else H(b"\\x01", node(level - 1, 2 * i), node(level - 1, 2 * i + 1))
            print("\\n".join(node(4, i).hex() for i in range(len(leaves) // 16)))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, export.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return try String(decoding: out, as: UTF8.self).split(separator: "\n").map { line in
            let hex = Array(line.utf8)
            return try stride(from: 0, to: hex.count, by: 2).map { at in
                try #require(UInt8(String(decoding: hex[at..<at + 2], as: UTF8.self), radix: 16))
            }
        }
    }

    /// The key the ledger stores node (level, index) under: big-endian ((index + 1) << level) << 6 | level.
    static func nodeKey(level: UInt64, index: UInt64) -> [UInt8] {
        BigEndianKey(((index + 1) << level) << 6 | level).array
    }

    /// Rewrites the closed ledger at `db` the way the version before the completion-order layout stored its tree.
    ///
    /// Returns how many nodes moved: those in `merkle-nodes` and the level-4 `levelFour` ones.
    static func moveNodesToLegacyLayout(db: String, levelFour: [[UInt8]]) throws -> Int {
        let environment = try Environment(path: db)
        let legacy = try environment.openDatabase("merkle"), meta = try environment.openDatabase("meta")
        return try environment.write { txn in
            let current = try #require(try txn.uncachedDatabase(named: "merkle-nodes"))
            _ = try txn.delete(Array("merkle-lowest-level".utf8), in: meta)
            var nodes: [(key: [UInt8], hash: [UInt8])] = levelFour.enumerated().map {
                (key: [4] + BigEndianKey(UInt64($0.offset)).array, hash: $0.element)
            }
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
            let levelFour = try Self.levelFourNodes(db: db, folder: folder)
            #expect(try Self.moveNodesToLegacyLayout(db: db, levelFour: levelFour)
                == 700 / 16 + 700 / 32 + 700 / 64 + 700 / 128 + 700 / 256 + 700 / 512)

            // The first command is a query; it finds the tree and answers as before.
            let first = try invites(["digest", "--db", db, "--position", "600"])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout == digest)
            // Said once, so that a team knows to update every copy that writes to it (audit 59 M1).
            #expect(first.stderr.contains("invites: note: upgraded the Merkle tree's layout, the lowest stored Merkle level of the ledger at"),
                    "\(first.stderr)")
            let second = try invites(["prove", "--db", db, "--position", "123", "--size", "650"])
            #expect(second.stdout == proof && second.stderr.isEmpty, "\(second.stderr)")
            let verified = try invites(["verify", "--db", db])
            #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
            let hasLegacy = try Environment(path: db).read { txn in try txn.uncachedDatabase(named: "merkle") != nil }
            #expect(!hasLegacy)
            let migrated = try Self.storedLevels(db: db)
            #expect(migrated.levels[4] == nil)
            #expect(migrated.recorded == [5])
        }
    }

    /// Processes opening a legacy ledger at once all answer: one failed with `dropping merkle: MDB_NOTFOUND` (audit 59 M2).
    @Test func processesUpgradingALedgerAtOnceAllAnswer() throws {
        try withTemporaryLedger { db, folder in
            let events = folder.appendingPathComponent("events.jsonl")
            try #require(try ProofStoryTests.python("generate.py", ["--events", "300", "--seed", "3", "--out", events.path]).status == 0)
            try #require(try invites(["import", events.path, "--db", db]).status == 0)
            _ = try Self.moveNodesToLegacyLayout(db: db, levelFour: try Self.levelFourNodes(db: db, folder: folder))
            for round in 0..<8 {
                let copy = folder.appendingPathComponent("round-\(round)").path
                try FileManager.default.copyItem(atPath: db, toPath: copy)
                let processes = try (0..<4).map { _ in try startInvites(["status", "--db", copy]) }
                for process in processes { process.waitUntilExit() }
                #expect(processes.allSatisfy { $0.terminationStatus == 0 }, "round \(round): \(processes.map(\.terminationStatus))")
                #expect(try invites(["verify", "--db", copy]).status == 0)
            }
        }
    }

    @Test func aLedgerStoringLevelFourAnswersItsFirstQueryThenDropsThem() throws {
        try withTemporaryLedger { db, folder in
            let events = folder.appendingPathComponent("events.jsonl")
            try #require(try ProofStoryTests.python("generate.py", ["--events", "1000", "--seed", "9", "--out", events.path]).status == 0)
            try #require(try invites(["import", events.path, "--db", db]).status == 0)
            let queries = [["digest", "--position", "999"], ["prove", "--position", "31", "--size", "999"],
                           ["prove", "--position", "700"], ["prove", "--from", "333", "--to", "999"]]
            let answers = try queries.map { try invites($0 + ["--db", db]).stdout }
            // The ledger as the previous version wrote it: level-4 nodes too, no level recorded.
            let levelFour = try Self.levelFourNodes(db: db, folder: folder)
            #expect(levelFour.count == 1_000 / 16)
            let stored = try Self.storedLevels(db: db)
            #expect(stored.recorded == [5])
            do {
                let environment = try Environment(path: db)
                let nodes = try environment.openDatabase("merkle-nodes"), meta = try environment.openDatabase("meta")
                try environment.write { txn in
                    for (index, hash) in levelFour.enumerated() { try txn.put(hash, forKey: Self.nodeKey(level: 4, index: UInt64(index)), in: nodes) }
                    _ = try txn.delete(Array("merkle-lowest-level".utf8), in: meta)
                }
            }
            #expect(try Self.storedLevels(db: db).levels[4] == levelFour.count)

            // The first command is a query; it answers as before, and the level-4 nodes are gone.
            for (query, answer) in zip(queries, answers) {
                let result = try invites(query + ["--db", db])
                #expect(result.status == 0, "\(query): \(result.stderr)")
                #expect(result.stdout == answer, "\(query)")
            }
            let migrated = try Self.storedLevels(db: db)
            #expect(migrated.levels == stored.levels)
            #expect(migrated.recorded == [5])
            let verified = try invites(["verify", "--db", db])
            #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        }
    }

    /// How many nodes of each level `merkle-nodes` of the closed ledger at `db` holds, and the lowest level recorded in `meta`.
    static func storedLevels(db: String) throws -> (levels: [UInt64: Int], recorded: [UInt8]?) {
        let environment = try Environment(path: db)
        let nodes = try environment.openDatabase("merkle-nodes"), meta = try environment.openDatabase("meta")
        return try environment.read { txn in
            var levels: [UInt64: Int] = [:]
            try txn.withCursor(nodes) { cursor in
                var entry = try cursor.first()
                while let (key, _) = entry {
                    levels[key.bigEndianUInt64 & 63, default: 0] += 1
                    entry = try cursor.next()
                }
            }
            return (levels, try txn.get(Array("merkle-lowest-level".utf8), in: meta).map { Array($0) })
        }
    }
}
