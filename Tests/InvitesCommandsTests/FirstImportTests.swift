import Foundation
@testable import InvitesCommands
import Ledger
import LMDB
import Testing

/// A first import is built beside its path and moved there whole, however its chunks fared.
struct FirstImportTests {
    /// `count` sends from one account to different recipients, a day apart.
    static func sends(_ count: Int) -> [ProposedEvent] {
        (0..<count).map { index in
            ProposedEvent(kind: .sent, at: Timestamp(milliseconds: 1_767_225_600_000 + Int64(index) * 86_400_000),
                          account: "a", recipient: "r\(index)")
        }
    }

    /// A fresh path in a folder of its own, and that folder.
    static func newPath() throws -> (target: String, folder: URL) {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("first-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder.appendingPathComponent("ledger").path, folder)
    }

    /// Appends `events` to `ledger`, committed as `commits` says.
    static func append(_ events: [ProposedEvent], to ledger: Ledger, commits: BatchCommits) throws -> AppendOutcome {
        try ledger.append(commits: commits) { writer in
            for (index, event) in events.enumerated() { try writer.add(line: index + 1, .success(event)) }
        }
    }

    static func events(at path: String) throws -> UInt64 {
        try Ledger.open(at: path).read { try $0.head().position }
    }

    @Test func aBatchThatCommitsIsMovedOntoThePath() throws {
        let (target, folder) = try Self.newPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let staging = try #require(NewLedgerStaging.begin(for: target))
        defer { staging.discard() }
        var commitsSeen: [BatchCommits] = []
        let outcome = try staging.importFirst({ ledger, commits in
            commitsSeen.append(commits)
            return try Self.append(Self.sends(5), to: ledger, commits: commits)
        }, orInto: { Issue.record("nothing else made a ledger at the path"); return try Ledger.open(at: target) })
        #expect(outcome.committed && outcome.appended == 5)
        #expect(commitsSeen == [.inChunks(events: BatchCommits.chunkEvents)])
        #expect(try Self.events(at: target) == 5)
        #expect(!FileManager.default.fileExists(atPath: staging.folder))
    }

    /// The map filling up after a chunk committed (a chunk outgrew the room kept for it) cannot be
    /// undone: the folder is emptied and the batch imported again in one transaction, so the ledger
    /// holds the batch once, not the chunk committed before plus the whole batch.
    @Test func aMapFullAfterACommittedChunkStartsAgainInOneTransaction() throws {
        let (target, folder) = try Self.newPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let staging = try #require(NewLedgerStaging.begin(for: target))
        defer { staging.discard() }
        var attempts = 0
        let outcome = try staging.importFirst({ ledger, commits in
            attempts += 1
            if attempts == 1 {
                // Commits a first chunk of three, then fails as a chunk whose pages do not fit would.
                _ = try Self.append(Self.sends(3), to: ledger, commits: .inChunks(events: 3))
                #expect(try ledger.read { try $0.head().position } == 3)
                throw LMDBError(code: LMDBError.mapFullCode, context: "committing a chunk")
            }
            #expect(commits == .atOnce)
            #expect(try ledger.read { try $0.head().position } == 0, "the emptied folder holds a new, empty ledger")
            return try Self.append(Self.sends(5), to: ledger, commits: commits)
        }, orInto: { Issue.record("nothing else made a ledger at the path"); return try Ledger.open(at: target) })
        #expect(attempts == 2)
        #expect(outcome.committed && outcome.appended == 5)
        #expect(try Self.events(at: target) == 5)
        guard case .ok = try Ledger.open(at: target).verify() else {
            Issue.record("the ledger moved into place does not verify")
            return
        }
    }

    @Test func aLedgerMadeAtThePathMeanwhileTakesTheBatch() throws {
        let (target, folder) = try Self.newPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let staging = try #require(NewLedgerStaging.begin(for: target))
        defer { staging.discard() }
        var intoExisting = false
        let outcome = try staging.importFirst({ ledger, commits in
            if !intoExisting {
                // Another process (a `send`) makes a ledger at the path while this import runs.
                _ = try Ledger.open(at: target).append([ProposedEvent(kind: .sent, at: Timestamp(milliseconds: 0), account: "b", recipient: "x")])
            }
            return try Self.append(Self.sends(4), to: ledger, commits: commits)
        }, orInto: {
            intoExisting = true
            return try Ledger.open(at: target)
        })
        #expect(intoExisting)
        #expect(outcome.committed && outcome.appended == 4)
        #expect(try Self.events(at: target) == 5, "the other process's event, then the batch")
    }
}
