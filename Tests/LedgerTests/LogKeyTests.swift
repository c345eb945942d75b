import Foundation
import LMDB
@testable import Ledger
import Testing
import TestSupport

/// The log's position keys: 4 bytes in new ledgers, 8 in ledgers created before, each read as it was written.
struct LogKeyTests {
    @Test func keysAreBigEndianOfTheirWidth() throws {
        #expect(try #require(LogKey(0x0102_0304, width: 4)).array == [1, 2, 3, 4])
        #expect(try #require(LogKey(0x0102_0304, width: 8)).array == [0, 0, 0, 0, 1, 2, 3, 4])
        #expect(LogKey(UInt64(UInt32.max) + 1, width: 4) == nil)
        #expect(try #require(LogKey(UInt64(UInt32.max) + 1, width: 8)).array == [0, 0, 0, 1, 0, 0, 0, 0])
        for position: UInt64 in [1, 255, 256, 65_536, UInt64(UInt32.max)] {
            for width in LogKey.readableWidths {
                let key = try #require(LogKey(position, width: width))
                #expect(key.withBytes { LogKey.position(of: $0) } == position)
            }
        }
        // Byte order is position order, so a cursor walks the log in order.
        let keys = try [1, 2, 255, 256, 70_000].map { try #require(LogKey($0, width: 4)).array }
        #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func aNewLedgerKeysItsLogWithFourBytes() throws {
        try withLedger { ledger, _ in
            #expect(try ledger.append(RecordVersionTests.proposedEvents(from: 0, count: 30)).rejected == 0)
            let widths = try ledger.read { view in Set(try view.txn.entries(of: ledger.log).map(\.key.count)) }
            #expect(widths == [4])
            #expect(try ledger.verify().isOK)
        }
    }

    /// Rewrites the log of the (closed) ledger at `path` with 8-byte keys, as builds before 4-byte keys wrote it.
    static func widenLogKeys(path: String) throws {
        let environment = try Environment(path: path)
        let log = try environment.openDatabase("log")
        try environment.write { txn in
            let entries = try txn.entries(of: log)
            for entry in entries {
                _ = try txn.delete(entry.key, in: log)
            }
            for entry in entries {
                let position = entry.key.withUnsafeBytes { LogKey.position(of: $0) }
                try txn.put(entry.value, forKey: BigEndianKey(position).array, in: log, options: .append)
            }
        }
    }

    @Test func aLedgerWithEightByteKeysStaysReadableVerifiableAndWritable() throws {
        let path = NSTemporaryDirectory() + "log-keys-" + UUID().uuidString
        defer { removeLedger(path) }
        let before: [Event]
        do {
            let ledger = try Ledger.open(at: path)
            #expect(try ledger.append(RecordVersionTests.proposedEvents(from: 0, count: 40)).rejected == 0)
            before = try ledger.allEvents()
        }
        try Self.widenLogKeys(path: path)

        let ledger = try Ledger.open(at: path)
        #expect(ledger.logKeyWidth == 8)
        #expect(try ledger.allEvents() == before)
        #expect(try ledger.verify().isOK)
        #expect(try ledger.read { try $0.record(at: 7) }?.position == 7)
        let more = RecordVersionTests.proposedEvents(from: 40, count: 10)
        #expect(try ledger.append(more).rejected == 0)
        let widths = try ledger.read { view in Set(try view.txn.entries(of: ledger.log).map(\.key.count)) }
        #expect(widths == [8])
        #expect(try ledger.allEvents().prefix(before.count) == before[...])
        #expect(try ledger.verify().isOK)
    }

    @Test func aLogOfAnotherKeyWidthIsRefusedWithAMessage() throws {
        let path = NSTemporaryDirectory() + "log-keys-" + UUID().uuidString
        defer { removeLedger(path) }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            let environment = try Environment(path: path)
            let log = try environment.openDatabase("log")
            try environment.write { txn in try txn.put([2, 0, 0], forKey: [0, 0, 1], in: log) }
        }
        #expect {
            _ = try Ledger.open(at: path)
        } throws: { error in
            "\(error)".contains("the log's keys are 3 bytes long; this build reads 4 or 8")
        }
    }
}

extension VerificationResult {
    /// Whether the whole ledger verified.
    var isOK: Bool {
        if case .ok = self { return true }
        return false
    }
}
