import Foundation
import Testing
@testable import LMDB

/// An environment opened read-only (`Configuration.readOnly`) reads, refuses every write, and changes nothing on disk.
struct ReadOnlyEnvironmentTests {
    @Test func aReadOnlyEnvironmentReadsAndRefusesEveryWriteWithoutTouchingItsFolder() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let env = try Environment(path: dir)
            let db = try env.openDatabase("things")
            try env.write { txn in try txn.put([1, 2, 3], forKey: [1], in: db) }
        }
        try FileManager.default.removeItem(atPath: dir + "/writer.lock")
        let dataBefore = try Data(contentsOf: URL(fileURLWithPath: dir + "/data.mdb"))

        var configuration = Environment.Configuration()
        configuration.readOnly = true
        let env = try Environment(path: dir, configuration: configuration)
        #expect(env.isReadOnly)
        let db = try #require(try env.openExistingDatabase("things"))
        #expect(try env.read { txn in try txn.get([1], in: db).map { Array($0) } } == [1, 2, 3])

        let refusedWrite = #expect(throws: LMDBError.self) { try env.write { txn in try txn.put([9], forKey: [2], in: db) } }
        #expect(refusedWrite?.isReadOnlyRefusal == true)
        #expect(refusedWrite?.message.contains("read-only") == true)
        let refusedCreate = #expect(throws: LMDBError.self) { try env.openDatabase("new-things") }
        #expect(refusedCreate?.isReadOnlyRefusal == true)
        let refusedChunks = #expect(throws: LMDBError.self) { try env.writeInChunks { _ in } }
        #expect(refusedChunks?.isReadOnlyRefusal == true)
        // Testing for a writer opens no lock file either.
        #expect(!env.isWriting)

        #expect(!FileManager.default.fileExists(atPath: dir + "/writer.lock"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/data.mdb")) == dataBefore)
    }

    @Test func aReadOnlyEnvironmentStillSeesAWriterOfAnotherEnvironment() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writerEnv = try Environment(path: dir)
        let db = try writerEnv.openDatabase("things")
        try writerEnv.write { txn in try txn.put([1], forKey: [1], in: db) }
        var configuration = Environment.Configuration()
        configuration.readOnly = true
        let reader = try Environment(path: dir, configuration: configuration)
        let seen = try writerEnv.write { txn in
            try txn.put([2], forKey: [2], in: db)
            return reader.isWriting
        }
        #expect(seen)
        #expect(!reader.isWriting)
    }
}
