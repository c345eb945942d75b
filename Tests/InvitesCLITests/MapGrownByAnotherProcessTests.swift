import Foundation
import Ledger
import LMDB
import Testing

/// A process that keeps a ledger open while another process grows its map past this one's (audit 107 F6).
///
/// `invites log --follow` and a program using the `Ledger` library hold a ledger open for long;
/// an import meanwhile may write past the map they mapped (`MDB_MAP_RESIZED` at their next
/// transaction). With none of its transactions open, the process adopts the grown map and reads
/// on; with one open, resizing would pull the map from under it, so the second one is refused
/// with a message instead (audit 102 F2).
@Suite struct MapGrownByAnotherProcessTests {
    /// Writes `count` sends as JSON Lines into `folder`, several MiB: past a 1 MiB map.
    static func manySends(_ count: Int, in folder: URL) throws -> String {
        let file = folder.appendingPathComponent("many.jsonl")
        var lines = ""
        for index in 1...count {
            lines += #"{"type":"sent","id":"m-\#(index)","account":"acct-1","recipient":"person-\#(index)","at":"2026-01-02T00:00:00Z","note":"\#(String(repeating: "n", count: 120))"}"#
            lines += "\n"
        }
        try lines.write(to: file, atomically: false, encoding: .utf8)
        return file.path
    }

    /// Opens the ledger at `db` in this process with a 1 MiB map, so that another process's import outgrows it.
    static func openSmall(_ db: String) throws -> Ledger {
        var options = Ledger.Options()
        options.mapSize = 1 << 20
        return try Ledger.open(at: db, options: options)
    }

    @Test(waitsOnChildren) func aReaderAdoptsTheMapAnImportOfAnotherProcessGrew() throws {
        try withTemporaryLedger { db, folder in
            let ledger = try Self.openSmall(db)
            #expect(try ledger.read { try $0.head() }.position == 0)
            let imported = try invites(["import", try Self.manySends(20_000, in: folder), "--db", db])
            #expect(imported.status == 0, "\(imported.stderr)")
            let size = try FileManager.default.attributesOfItem(atPath: db + "/data.mdb")[.size] as? Int ?? 0
            #expect(size > 1 << 20, "the import must outgrow this process's map: \(size) bytes")
            // The next transaction meets the grown map, adopts it, and reads the other process's events.
            #expect(try ledger.read { try $0.head() }.position == 20_000)
            #expect(try ledger.read { try $0.event(at: 20_000)?.recipient } == "person-20000")
        }
    }

    @Test(waitsOnChildren) func aSecondTransactionBesideAnOpenOneIsRefusedNotRemapped() throws {
        try withTemporaryLedger { db, folder in
            let ledger = try Self.openSmall(db)
            let file = try Self.manySends(20_000, in: folder)
            let readerIsIn = DispatchSemaphore(value: 0), grown = DispatchSemaphore(value: 0), readerDone = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var inner: Result<UInt64, Error>?
            nonisolated(unsafe) var outerHead: UInt64?
            Thread {
                outerHead = try? ledger.read { view -> UInt64 in
                    readerIsIn.signal()
                    grown.wait()
                    // This process holds a transaction on the old map: another may not resize it.
                    inner = Result { try ledger.read { try $0.head().position } }
                    return try view.head().position
                }
                readerDone.signal()
            }.start()
            readerIsIn.wait()
            let imported = try invites(["import", file, "--db", db])
            grown.signal()
            readerDone.wait()
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(outerHead == 0, "the open snapshot still reads as it began")
            guard case .failure(let error as LMDBError) = inner else {
                Issue.record("the transaction beside the open one was not refused: \(String(describing: inner))")
                return
            }
            #expect(error.code == EBUSY && error.description.contains("1 other transaction is open in this process"), "\(error)")
            // With the first transaction ended, the next one adopts the grown map.
            #expect(try ledger.read { try $0.head() }.position == 20_000)
        }
    }
}
