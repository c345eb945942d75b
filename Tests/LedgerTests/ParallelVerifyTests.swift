import Foundation
import LMDB
@testable import Ledger
import Merkle
import Testing

/// `verify` of a log long enough to be checked in two halves on two threads names damage where one thread would.
@Suite(.serialized)
struct ParallelVerifyTests {
    static let events = 40_000

    /// One ledger above the two-thread threshold, built once; each test alters a copy of it.
    ///
    /// Its folder is removed when the test process exits, since no test owns it.
    static let template: Result<URL, any Error> = Result {
        let (ledger, folder) = try MerkleLedgerTests.makeLedger(events: events, batch: 1_000)
        try ledger.environment.sync()
        atexit {
            if case .success(let ledger) = ParallelVerifyTests.template {
                try? FileManager.default.removeItem(at: ledger.deletingLastPathComponent())
            }
        }
        return folder.appendingPathComponent("ledger")
    }

    /// A fresh copy of the template ledger, its head, and where `verify` splits it.
    static func ledger() throws -> (Ledger, URL, ChainHead, UInt64) {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("parallel-verify-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = folder.appendingPathComponent("ledger")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: false)
        try FileManager.default.copyItem(at: try template.get().appendingPathComponent("data.mdb"),
                                         to: copy.appendingPathComponent("data.mdb"))
        let ledger = try Ledger.open(at: copy.path)
        let head = try ledger.read { try $0.head() }
        let split = try #require(Ledger.verificationSplit(events: head.position))
        return (ledger, folder, head, split)
    }

    /// Rewrites the stored record at `position` with one byte of its recipient (a follow-up: its chain tag) changed.
    static func alterRecord(_ ledger: Ledger, at position: UInt64) throws {
        try ledger.environment.write { txn in
            let key = try #require(ledger.logKey(position)).array
            var bytes = Array(try #require(try txn.get(key, in: ledger.log)))
            let marker = Array("person-".utf8)
            if let at = bytes.indices.first(where: { bytes[$0...].starts(with: marker) }) {
                bytes[at] = UInt8(ascii: "P")
            } else {
                bytes[bytes.count - 1] ^= 1
            }
            try txn.put(bytes, forKey: key, in: ledger.log)
        }
    }

    @Test func splitsAtAChainCheckpoint() {
        #expect(Ledger.verificationSplit(events: 100) == nil)
        let split = Ledger.verificationSplit(events: 1_000_001)
        #expect(split.map { $0 % Ledger.chainCheckpointInterval } == 0)
        #expect(split.map { $0 > 400_000 && $0 <= 500_000 } == true)
    }

    @Test func intactLogVerifies() throws {
        let (ledger, folder, head, split) = try Self.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try ledger.verify() == .ok(events: head.position, position: head.position, hash: head.hash))
        let later = try ledger.read { try $0.chainHash(at: split + 10) }
        #expect(try ledger.verify(expect: (later, split + 10)) == .ok(events: head.position, position: split + 10, hash: later))
        let wrong = Digest([UInt8](repeating: 7, count: 32)) ?? .zero
        guard case .failed(let position, let error) = try ledger.verify(expect: (wrong, split + 10)) else {
            Issue.record("a wrong expected hash in the second half verified")
            return
        }
        #expect(position == split + 10 && error.contains("is \(later.hex), not"))
        #expect(try ledger.verify(expect: (later, head.position + 1)) ==
            .failed(position: head.position + 1, error: "position \(head.position + 1) is past the head \(head.position)"))
    }

    @Test(arguments: [UInt64(3), 19_000, 19_968, 19_969, 33_333, 40_000])
    func alteredRecordIsNamed(position: UInt64) throws {
        let (ledger, folder, _, _) = try Self.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.alterRecord(ledger, at: position)
        #expect(try ledger.verify() == .failed(position: position, error: "the stored event does not match its chain hash"))
    }

    @Test func alteredCheckpointAtTheSplitIsNamedByTheFirstHalf() throws {
        let (ledger, folder, _, split) = try Self.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        try ledger.environment.write { txn in
            try txn.put([UInt8](repeating: 1, count: 32), forKey: BigEndianKey(split).array, in: ledger.chain)
        }
        #expect(try ledger.verify() == .failed(position: split, error: "the chain checkpoint differs from the recomputed hash"))
    }

    @Test func alteredMerkleNodeOfTheSplitsFrontierIsNamed() throws {
        let (ledger, folder, _, split) = try Self.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The frontier's lowest subtree at the split: the one the second half starts from last.
        let level = split.trailingZeroBitCount
        let index = (split >> UInt64(level)) - 1
        try ledger.environment.write { txn in
            try txn.put([UInt8](repeating: 2, count: 32), forKey: LedgerMerkleNodes.key(level: level, index: index), in: ledger.merkle)
        }
        #expect(try ledger.verify() ==
            .failed(position: split, error: "the stored Merkle node \(level)/\(index) differs from the recomputed one" + Ledger.merkleRepairHint))
    }

    @Test func missingRecordsAreNamed() throws {
        let (ledger, folder, head, _) = try Self.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        try ledger.environment.write { txn in
            _ = try txn.delete(try #require(ledger.logKey(30_000)).array, in: ledger.log)
            _ = try txn.delete(try #require(ledger.logKey(head.position)).array, in: ledger.log)
        }
        #expect(try ledger.verify() == .failed(position: 30_000, error: "position 30000 is missing (found 30001 next)"))
        try ledger.environment.write { txn in
            try txn.put([1, 2, 3], forKey: try #require(ledger.logKey(30_000)).array, in: ledger.log)
        }
        guard case .failed(let position, let error) = try ledger.verify() else {
            Issue.record("a garbage record verified")
            return
        }
        #expect(position == 30_000 && error.hasPrefix("the stored record does not decode"))
    }

    /// The second half may be waited for twice: `verify` cancels it on every way out, also after taking its result
    /// (review 145: a first half that threw left it reading, its transaction open, past the caller's).
    @Test(.timeLimit(.minutes(1))) func theSecondHalfIsWaitedForOnceWhateverAsksAgain() throws {
        let (ledger, folder, head, split) = try Self.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        let secondHalf = SecondHalfCheck(ledger: ledger, after: split, head: head, expect: nil)
        guard case .done(_, let failure) = secondHalf.result() else {
            Issue.record("the second half did not run")
            return
        }
        #expect(failure == nil)
        secondHalf.cancel()
        secondHalf.cancel()
        let cancelledFirst = SecondHalfCheck(ledger: ledger, after: split, head: head, expect: nil)
        cancelledFirst.cancel()
        _ = cancelledFirst.result()
    }
}
