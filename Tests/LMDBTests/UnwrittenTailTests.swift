import Foundation
import Testing
@testable import LMDB

/// A data file that ends before pages LMDB allocated and freed in one transaction opens; one cut short does not.
@Suite struct UnwrittenTailTests {
    /// The data file's size and the bytes its newest meta page counts (`me_last_pgno` + 1 pages).
    private func lengths(_ dir: String) throws -> (file: Int, counted: Int) {
        let env = try Environment(path: dir)
        let info = env.pageUsage()
        let file = (try FileManager.default.attributesOfItem(atPath: dir + "/data.mdb")[.size] as? Int) ?? 0
        return (file, (info.lastPage + 1) * info.pageSize)
    }

    /// A file whose last transaction filled a database and emptied it again before committing.
    private func fileWithLoosePagesAtTheEnd(_ dir: String) throws {
        let env = try Environment(path: dir)
        let kept = try env.openDatabase("kept")
        let scratch = try env.openDatabase("scratch")
        try env.write { txn in
            for key in 0..<50 { try txn.put([UInt8](repeating: 7, count: 300), forKey: [UInt8(key)], in: kept) }
        }
        try env.write { txn in
            try txn.put([1], forKey: [200], in: kept)
            for key in 0..<400 {
                try txn.put([UInt8](repeating: 9, count: 200), forKey: [UInt8(key >> 8), UInt8(key & 255)], in: scratch)
            }
            // Deleting key by key merges the emptied pages away: LMDB marks them loose, free again at once.
            for key in (0..<400).reversed() { _ = try txn.delete([UInt8(key >> 8), UInt8(key & 255)], in: scratch) }
        }
    }

    @Test func pagesFreedInTheTransactionThatMadeThemAreNotNeeded() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try fileWithLoosePagesAtTheEnd(dir)
        let (file, counted) = try lengths(dir)
        #expect(file < counted, "LMDB wrote every page (\(file) of \(counted) bytes): the case is not exercised")
        let env = try Environment(path: dir)
        let kept = try env.openDatabase("kept")
        #expect(try env.read { txn in try txn.count(kept) } == 51)
        // Writing on reuses the free pages and the file grows past them.
        try env.write { txn in
            for key in 0..<100 { try txn.put([UInt8](repeating: 3, count: 500), forKey: [1, UInt8(key)], in: kept) }
        }
        #expect(try env.read { txn in try txn.count(kept) } == 151)
    }

    @Test func aFileCutShortOfPagesInUseIsStillRefused() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try fileWithLoosePagesAtTheEnd(dir)
        let (file, _) = try lengths(dir)
        // Past the two meta pages, the pages in use come first: the kept database, written before the scratch one.
        for length in [8_192, 12_288, file / 4_096 / 2 * 4_096] {
            let copy = dir + "-cut\(length)"
            try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: copy) }
            try FileManager.default.copyItem(atPath: dir + "/data.mdb", toPath: copy + "/data.mdb")
            #expect(truncate(copy + "/data.mdb", off_t(length)) == 0)
            #expect {
                _ = try Environment(path: copy)
            } throws: { error in
                "\(error)".contains("data.mdb is truncated")
            }
        }
    }
}
