import Foundation
import Testing
@testable import LMDB

/// A fresh directory under the system's temporary folder, removed by the caller.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "lmdb-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Test func putThenGetReturnsTheStoredBytes() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let env = try Environment(path: dir)
    let db = try env.openDatabase("things")
    try env.write { txn in try txn.put([1, 2, 3], forKey: Array("a".utf8), in: db) }
    let value = try env.read { txn in try txn.get(Array("a".utf8), in: db).map { Array($0) } }
    #expect(value == [1, 2, 3])
    let missing = try env.read { txn in try txn.get(Array("b".utf8), in: db).map { Array($0) } }
    #expect(missing == nil)
}

@Test func aThrowingWriteCommitsNothing() throws {
    struct Refused: Error {}
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let env = try Environment(path: dir)
    let db = try env.openDatabase("things")
    #expect(throws: Refused.self) {
        try env.write { txn in
            try txn.put([1], forKey: [1], in: db)
            throw Refused()
        }
    }
    #expect(try env.read { txn in try txn.count(db) } == 0)
}

@Test func cursorsWalkKeysInBigEndianOrder() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let env = try Environment(path: dir)
    let db = try env.openDatabase("log")
    try env.write { txn in
        try txn.withCursor(db) { cursor in
            for position in UInt64(1)...300 {
                try BigEndianKey(position).withBytes { key in
                    try [UInt8(position % 251)].withUnsafeBytes { try cursor.append($0, forKey: key) }
                }
            }
        }
    }
    let positions = try env.read { txn in
        try txn.withCursor(db) { cursor -> [UInt64] in
            var seen: [UInt64] = []
            var entry = try cursor.seek(atLeast: BigEndianKey(250).array)
            while let current = entry {
                seen.append(current.key.bigEndianUInt64)
                entry = try cursor.next()
            }
            return seen
        }
    }
    #expect(positions == Array(250...300))
}

@Test func appendingOutOfOrderFailsWithLMDBsCode() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let env = try Environment(path: dir)
    let db = try env.openDatabase("log")
    do {
        try env.write { txn in
            try txn.put([1], forKey: BigEndianKey(5).array, in: db, options: .append)
            try txn.put([1], forKey: BigEndianKey(4).array, in: db, options: .append)
        }
        Issue.record("an out-of-order append must fail")
    } catch let error as LMDBError {
        #expect(error.isKeyExists)
        #expect(error.description.contains("log"))
    }
}

/// An environment in `dir` whose map is 64 KiB, so that a few hundred records outgrow it, and its `log` database.
func tinyMapEnvironment(in dir: String) throws -> (Environment, Database) {
    var configuration = Environment.Configuration()
    configuration.mapSize = 64 * 1024
    let env = try Environment(path: dir, configuration: configuration)
    return (env, try env.openDatabase("log"))
}

@Test func aTinyMapGrowsInsteadOfFailingTheWrite() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let (env, db) = try tinyMapEnvironment(in: dir)
    let payload = [UInt8](repeating: 7, count: 200)
    try env.write { txn in
        for position in UInt64(1)...20_000 {
            try txn.put(payload, forKey: BigEndianKey(position).array, in: db, options: .append)
        }
    }
    #expect(try env.read { txn in try txn.count(db) } == 20_000)
    #expect(env.mapSize > 64 * 1024)
}

@Test func theMapIsNotResizedUnderAnotherThreadsOpenReadTransaction() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let (env, db) = try tinyMapEnvironment(in: dir)
    try env.write { txn in try txn.put([1], forKey: BigEndianKey(0).array, in: db) }
    let readerIsIn = DispatchSemaphore(value: 0)
    let readerMayLeave = DispatchSemaphore(value: 0)
    let readerDone = DispatchSemaphore(value: 0)
    let reader = Thread {
        _ = try? env.read { txn -> [UInt8]? in
            readerIsIn.signal()
            readerMayLeave.wait()
            return try txn.get(BigEndianKey(0).array, in: db).map { Array($0) }
        }
        readerDone.signal()
    }
    reader.start()
    readerIsIn.wait()
    let payload = [UInt8](repeating: 7, count: 200)
    let fillTheMap = {
        try env.write { txn in
            for position in UInt64(1)...2_000 {
                try txn.put(payload, forKey: BigEndianKey(position).array, in: db, options: .append)
            }
        }
    }
    // Growing the map would unmap the pages the reader holds: refused, and nothing written.
    #expect(throws: LMDBError.self) { try fillTheMap() }
    do {
        try fillTheMap()
    } catch let error as LMDBError {
        #expect(error.code == EBUSY)
        #expect(error.description.contains("1 other transaction is open in this process"))
    }
    #expect(env.mapSize == 64 * 1024)
    #expect(try env.read { txn in try txn.count(db) } == 1)
    readerMayLeave.signal()
    readerDone.wait()
    // With the reader gone, the same write grows the map.
    try fillTheMap()
    #expect(try env.read { txn in try txn.count(db) } == 2_001)
    #expect(env.mapSize > 64 * 1024)
}

@Test func filesAreCreatedReadableByTheOwnerOnly() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let env = try Environment(path: dir)
    _ = try env.openDatabase("log")
    for name in ["data.mdb", "lock.mdb"] {
        let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/" + name)
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
        #expect(mode == 0o600, "\(name) has mode \(String(mode, radix: 8))")
    }
}

/// An existing `lock.mdb` has a block behind each of its pages once opened again, so that no reader slot can meet a hole on a full disk (audit 137).
@Test func aLockFileIsGivenItsBlocksBeforeItIsMapped() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    func allocatedShare() -> Double {
        var file = stat()
        guard stat(dir + "/lock.mdb", &file) == 0, file.st_size > 0 else { return 0 }
        return Double(file.st_blocks) * 512 / Double(file.st_size)
    }
    do {
        let env = try Environment(path: dir)
        _ = try env.openDatabase("log")
    }
    // LMDB leaves a new lock file sparse (on file systems with holes); the next open fills it.
    let env = try Environment(path: dir)
    _ = try env.openDatabase("log")
    #expect(allocatedShare() >= 1, "\(allocatedShare())")
    try env.write { txn in try txn.put([1], forKey: [1], in: try env.openDatabase("log")) }
}

@Test func openingAMissingDirectoryNamesThePath() throws {
    do {
        _ = try Environment(path: "/nonexistent/ledger-dir")
        Issue.record("opening a missing directory must fail")
    } catch {
        #expect(error.description.contains("/nonexistent/ledger-dir"))
    }
}

/// `bigEndianUInt64` reads the first eight bytes as a big-endian integer, and shorter buffers as their bytes.
@Test func bigEndianKeysReadBack() {
    let bytes: [UInt8] = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xFF]
    bytes.withUnsafeBytes { raw in
        #expect(raw.bigEndianUInt64 == 0x0102_0304_0506_0708)
        #expect(UnsafeRawBufferPointer(rebasing: raw[1...]).bigEndianUInt64 == 0x0203_0405_0607_08FF)
        #expect(UnsafeRawBufferPointer(rebasing: raw[..<3]).bigEndianUInt64 == 0x01_0203)
    }
    #expect(BigEndianKey(0xDEAD_BEEF).array.withUnsafeBytes { $0.bigEndianUInt64 } == 0xDEAD_BEEF)
}

@Test func aTransactionLongCursorAppendsAcrossCallsAndIsRefusedInAReadTransaction() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let env = try Environment(path: dir)
    let db = try env.openDatabase("things"), elsewhere = try env.openDatabase("elsewhere")
    try env.write { txn in
        var appender = try txn.transactionCursor(db)
        for position: UInt64 in 1...300 {
            try BigEndianKey(position).withBytes { key in try [UInt8(position % 251)].withUnsafeBytes { try appender.append($0, forKey: key) } }
            // Writes to another database in between leave the cursor usable.
            try txn.put([1], forKey: Array("other-\(position)".utf8), in: elsewhere)
        }
    }
    #expect(try env.read { txn in try txn.count(db) } == 300)
    #expect(throws: LMDBError.self) { try env.read { txn in _ = try txn.transactionCursor(db) } }
}

/// A full reader table is said in words (the default holds 1,024 read transactions at once, LMDB's own 126: audit 54).
@Test func aFullReaderTableIsSaidInWords() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect(Environment.Configuration().maxReaders == 1_024)
    var configuration = Environment.Configuration()
    configuration.maxReaders = 1
    let env = try Environment(path: dir, configuration: configuration)
    let error = #expect(throws: LMDBError.self) {
        try env.read { _ in try env.read { _ in () } }
    }
    #expect(error?.description.contains("too many read transactions are open on the ledger at once") == true
        && error?.description.contains("-30790") == false, "\(String(describing: error))")  // the wrapper's words carry no code
}
