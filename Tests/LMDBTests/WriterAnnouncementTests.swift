import Foundation
import Synchronization
import Testing
@testable import LMDB

/// `Environment.isWriting` tells an open write transaction without waiting for it, in this process and in others.
struct WriterAnnouncementTests {
    @Test func isWritingIsTrueExactlyWhileAWriteTransactionIsOpen() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = try Environment(path: dir)
        let db = try env.openDatabase("things")
        #expect(!env.isWriting)
        let seenInside = try env.write { txn in
            try txn.put([1], forKey: [1], in: db)
            return env.isWriting
        }
        #expect(seenInside)
        #expect(!env.isWriting)
        // From another thread, while this one holds a write transaction open.
        let (writer, release) = Self.holdWrite(in: env)
        #expect(env.isWriting)
        release.signal()
        while writer.isExecuting { Thread.sleep(forTimeInterval: 0.001) }
        #expect(!env.isWriting)
    }

    /// A read-only announcement that looked before any writer made `writer.lock` sees a later writer (review 145: the failed open was kept).
    @Test func aLockFileMadeAfterTheFirstLookIsSeen() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let reader = WriterAnnouncement(directory: dir, mode: 0o600, readOnly: true)
        #expect(!reader.isHeld())
        #expect(!FileManager.default.fileExists(atPath: dir + "/writer.lock"))
        let writer = WriterAnnouncement(directory: dir, mode: 0o600)
        let seen = try writer.holding { reader.isHeld() }
        #expect(seen)
        #expect(!reader.isHeld())
    }

    @Test func anotherProcessHoldingTheLockFileIsSeen() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/flock") else {
            print("writer announcement: /usr/bin/flock (util-linux) is missing; the cross-process case is shown by QueriesDuringImportTests")
            return
        }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = try Environment(path: dir)
        _ = try env.openDatabase("things")
        let holder = try Self.holdWriterLock(in: dir, seconds: "2")
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) } }
        let deadline = Date().addingTimeInterval(1.5)
        var seen = false
        while !seen, Date() < deadline {
            seen = env.isWriting
            if !seen { Thread.sleep(forTimeInterval: 0.02) }
        }
        #expect(seen)
        holder.waitUntilExit()
        #expect(!env.isWriting)
    }

    @Test func aWriteThatMustWaitForAnotherProcessSaysSo() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/flock") else {
            print("writer announcement: /usr/bin/flock (util-linux) is missing; the wait's note is not shown here")
            return
        }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = try Environment(path: dir)
        let db = try env.openDatabase("things")
        let waited = Mutex<[String]>([])
        // The hook is the process's: tests running beside this one may wait on their own directories.
        Environment.onWaitingForAnotherWriter = { directory in if directory == dir { waited.withLock { $0.append(directory) } } }
        defer { Environment.onWaitingForAnotherWriter = nil }
        try env.write { txn in try txn.put([1], forKey: [1], in: db) }
        #expect(waited.withLock { $0 }.isEmpty, "no one else writes: no wait")
        let holder = try Self.holdWriterLock(in: dir, seconds: "0.5")
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) } }
        let deadline = Date().addingTimeInterval(1.5)
        while !env.isWriting, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        try env.write { txn in try txn.put([2], forKey: [2], in: db) }
        #expect(waited.withLock { $0 } == [dir])
    }

    /// Under `withoutWaitingForOtherWriters`, a write that would wait for another writer fails at once; the same write without it waits.
    @Test func aWriteThatWouldWaitGivesUpWhenAskedTo() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = try Environment(path: dir)
        let db = try env.openDatabase("things")
        try Environment.withoutWaitingForOtherWriters { try env.write { txn in try txn.put([1], forKey: [1], in: db) } }
        let (writer, release) = Self.holdWrite(in: env)
        let start = Date()
        #expect {
            try Environment.withoutWaitingForOtherWriters { try env.write { txn in try txn.put([2], forKey: [2], in: db) } }
        } throws: { ($0 as? LMDBError)?.isWriterBusy == true }
        #expect(Date().timeIntervalSince(start) < 0.5)
        release.signal()
        try env.write { txn in try txn.put([3], forKey: [3], in: db) }  // waits for the other, then writes
        while writer.isExecuting { Thread.sleep(forTimeInterval: 0.001) }
        #expect(try env.read { txn in try txn.get([2], in: db) == nil && txn.get([3], in: db) != nil })
    }

    /// Starts a thread that holds a write transaction of `env` open until `release` is signalled; returns once it is open.
    static func holdWrite(in env: Environment) -> (writer: Thread, release: DispatchSemaphore) {
        let opened = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let writer = Thread {
            try? env.write { _ in
                opened.signal()
                release.wait()
            }
        }
        writer.start()
        opened.wait()
        return (writer, release)
    }

    /// Starts flock(1) holding `dir`'s writer.lock for `seconds`: it stands in for another process's write transaction.
    static func holdWriterLock(in dir: String, seconds: String) throws -> Process {
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["--exclusive", dir + "/writer.lock", "/bin/sleep", seconds]
        try holder.run()
        return holder
    }
}
