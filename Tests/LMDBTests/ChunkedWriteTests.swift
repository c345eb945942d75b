import Foundation
import Testing
@testable import LMDB
import TestSupport

/// What a chunk commits stays when the write is given up later; the chunk being written does not.
@Test func aGivenUpChunkedWriteKeepsTheChunksItCommitted() throws {
    struct GivenUp: Error {}
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let env = try Environment(path: dir)
    let db = try env.openDatabase("things")
    var commits = 0
    #expect(throws: GivenUp.self) {
        try env.writeInChunks { chunks in
            try chunks.transaction.put([1], forKey: [1], in: db)
            try chunks.commitAndContinue()
            try chunks.transaction.put([2], forKey: [2], in: db)
            try chunks.commitAndContinue()
            try chunks.transaction.put([3], forKey: [3], in: db)
            commits = chunks.commits
            throw GivenUp()
        }
    }
    #expect(commits == 2)
    let keys = try env.read { txn in
        try [[1], [2], [3]].filter { try txn.get($0, in: db) != nil }
    }
    #expect(keys == [[1], [2]])
    // The writer is free again: a plain write goes through.
    try env.write { txn in try txn.put([4], forKey: [4], in: db) }
    #expect(try env.read { txn in try txn.count(db) } == 3)
}

/// Chunk commits skip the fsync and the last one syncs; the environment's own setting is back afterwards.
@Test func onlyTheLastCommitOfAChunkedWriteSyncs() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let env = try Environment(path: dir)
    let db = try env.openDatabase("things")
    var skippedDuring: [Bool] = []
    try env.writeInChunks { chunks in
        skippedDuring.append(env.skipsSync)
        try chunks.transaction.put([1], forKey: [1], in: db)
        try chunks.commitAndContinue()
        skippedDuring.append(env.skipsSync)
    }
    #expect(skippedDuring == [true, true])
    #expect(!env.skipsSync)

    var configuration = Environment.Configuration()
    configuration.skipSync = true
    let unsynced = try Environment(path: try temporaryDirectory(), configuration: configuration)
    defer { try? FileManager.default.removeItem(atPath: unsynced.path) }
    try unsynced.writeInChunks { chunks in _ = try chunks.commitAndContinue() }
    #expect(unsynced.skipsSync, "an environment opened with skipSync keeps it")
}

/// A map that fills before the first chunk commits grows and the body runs again; after one, the error is thrown.
@Test func aFullMapIsRetriedOnlyWhileNothingIsCommitted() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var configuration = Environment.Configuration()
    configuration.mapSize = 64 << 10
    let env = try Environment(path: dir, configuration: configuration)
    let db = try env.openDatabase("things")
    let value = [UInt8](repeating: 7, count: 1 << 20)

    var runs = 0
    try env.writeInChunks { chunks in
        runs += 1
        for key in 0..<4 { try chunks.transaction.put(value, forKey: [UInt8(key)], in: db) }
    }
    #expect(runs > 1, "a 4 MiB chunk fit a 64 KiB map")
    #expect(try env.read { txn in try txn.count(db) } == 4)

    // After a commit the map keeps at least 64 MiB free (and as much as the file holds); a chunk of more fills it.
    let error = #expect(throws: LMDBError.self) {
        try env.writeInChunks { chunks in
            try chunks.transaction.put([1], forKey: [100], in: db)
            try chunks.commitAndContinue()
            #expect(env.mapSize - env.pageUsage().lastPage * env.pageUsage().pageSize >= 64 << 20)
            for key in 0..<(env.mapSize >> 20) { try chunks.transaction.put(value, forKey: [200, UInt8(truncatingIfNeeded: key), UInt8(key >> 8)], in: db) }
        }
    }
    #expect(error?.isMapFull == true)
    #expect(try env.read { txn in try txn.get([100], in: db) } != nil, "the committed chunk stays")
}

/// A chunked write finds the map and lets go of the pages read, and values read again are the same.
@Test func releasingMappedPagesKeepsValues() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let env = try Environment(path: dir)
    let db = try env.openDatabase("things")
    try env.writeInChunks { chunks in
        for key in 0..<2_000 {
            try chunks.transaction.put([UInt8](repeating: UInt8(key % 251), count: 500), forKey: [UInt8(key >> 8), UInt8(key & 255)], in: db)
        }
        try chunks.commitAndContinue()
        let mappings = Environment.mappings(of: dir + "/data.mdb")
        #expect(mappings.contains { $0.upperBound - $0.lowerBound == UInt(env.mapSize) }, "no mapping of the map's size in \(mappings)")
        // Committed, the pages are read through the map.
        let before = try chunks.transaction.entries(of: db)
        let residentBefore = residentKiB(of: mappings)
        chunks.releaseMappedPages()
        let residentAfter = residentKiB(of: mappings)
        #expect(residentBefore >= 1_000 && residentAfter < 100, "resident KiB of the map: \(residentBefore) → \(residentAfter)")
        #expect(try chunks.transaction.get([3, 0], in: db).map(Array.init) == [UInt8](repeating: UInt8(768 % 251), count: 500))
        let after = try chunks.transaction.entries(of: db)
        #expect(before.count == 2_000 && before.elementsEqual(after) { $0.key == $1.key && $0.value == $1.value })
    }
}
