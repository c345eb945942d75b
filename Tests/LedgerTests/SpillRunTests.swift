import Foundation
import Testing
@testable import Ledger
import TestSupport

/// A folder for runs, removed after `body`.
private func withFolder<R>(_ body: (String) throws -> R) throws -> R {
    let folder = NSTemporaryDirectory() + "spill-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    return try body(folder)
}

/// A run of `entries` (key → value), written in key order.
private func run(_ entries: [[UInt8]: [UInt8]], in folder: String) throws -> SpillRun {
    let sorted = entries.keys.sorted { $0.lexicographicallyPrecedes($1) }  // LMDB's order: bytes unsigned, a prefix first
    return try SpillRun(folder: folder, entries: entries.count) { writer in
        for key in sorted {
            try key.withUnsafeBytes { key in try entries[Array(key), default: []].withUnsafeBytes { try writer.add(key: key, value: $0) } }
        }
    }
}

private func lookUp(_ key: [UInt8], in run: SpillRun) throws -> [UInt8]? {
    try key.withUnsafeBytes { key in try run.value(of: key, hash: KeyFilter.hash(key)).map(Array.init) }
}

/// Every key of a run is found with its value, keys around them are not, and a reader gives them all in order:
/// keys of every length from 1 to 40 bytes (so blocks start at every kind of key), and a value longer than the reader's piece.
@Test func aRunFindsEveryKeyItHoldsAndReadsThemInOrder() throws {
    var random = SeededGenerator(seed: 21)
    var entries: [[UInt8]: [UInt8]] = [:]
    while entries.count < 3_000 {
        let key = (0..<Int.random(in: 1...40, using: &random)).map { _ in UInt8.random(in: 1...250, using: &random) }
        entries[key] = (0..<Int.random(in: 0...30, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
    }
    let long = Array(repeating: UInt8(7), count: 3 * SpillRun.Reader.pieceBytes)
    entries[[128]] = long
    try withFolder { folder in
        let spilled = try run(entries, in: folder)
        #expect(spilled.count == entries.count)
        for (key, value) in entries {
            #expect(try lookUp(key, in: spilled) == value)
            #expect(try lookUp(key + [0], in: spilled) == nil || entries[key + [0]] != nil)
        }
        #expect(try lookUp([], in: spilled) == nil)
        #expect(try lookUp([255, 255], in: spilled) == nil)
        // Nothing is left in the folder: the file is unlinked once created.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)

        let reader = try SpillRun.Reader(spilled)
        var read: [([UInt8], [UInt8])] = []
        while let entry = reader.current {
            read.append((Array(entry.key), Array(entry.value)))
            try reader.advance()
        }
        #expect(read.map(\.0) == read.map(\.0).sorted { $0.lexicographicallyPrecedes($1) })
        #expect(read.count == entries.count && read.allSatisfy { entries[$0.0] == $0.1 })
    }
}

/// A filter never misses a key it noted, and lets through few it did not (about one in a hundred).
@Test func aKeyFilterHasNoFalseNegativesAndFewFalsePositives() {
    var filter = KeyFilter(keys: 10_000)
    let hash = { (n: Int) in withUnsafeBytes(of: n) { KeyFilter.hash($0) } }
    for n in 0..<10_000 { filter.insert(hash: hash(n)) }
    #expect((0..<10_000).allSatisfy { filter.mayContain(hash: hash($0)) })
    let falsePositives = (10_000..<110_000).filter { filter.mayContain(hash: hash($0)) }.count
    #expect(falsePositives < 3_000, "\(falsePositives) of 100,000 keys never noted passed")
}

/// Merging runs and a table gives each key once, in key order, with the newest value: the table's, else the newest run's;
/// also once four runs in a row were merged into one (and then four more, with the first merged one left as it was).
@Test(arguments: [0, 4, 8])
func mergedRunsGiveEachKeyOnceWithItsNewestValue(runsBefore: Int) throws {
    try withFolder { folder in
        var spilled = SpilledIndex(folder: folder)
        for number in 0..<runsBefore {
            try spilled.add(try run([[3]: [UInt8(number)], [7, UInt8(number)]: [70]], in: folder))
        }
        try spilled.add(try run([[1]: [10], [3]: [30], [5]: [50]], in: folder))
        try spilled.add(try run([[3]: [31], [4]: [41]], in: folder))
        var table = IndexEntryTable<UInt8>()
        for (key, value) in [([5], 52), ([2], 22), ([6, 0], 62)] as [([UInt8], UInt8)] {
            key.withUnsafeBytes { _ = table.update($0, value) }
        }
        var merged: [([UInt8], [UInt8])] = []
        try spilled.forEachMerged(with: table, order: table.entriesInKeyOrder(), encode: { value, out in out.byte(value) }) { key, value in
            merged.append((Array(key), Array(value)))
        }
        let earlier = (0..<runsBefore).map { ([7, UInt8($0)], [UInt8(70)]) }
        #expect(merged.map(\.0) == [[1], [2], [3], [4], [5], [6, 0]] + earlier.map(\.0))
        #expect(merged.map(\.1) == [[10], [22], [31], [41], [52], [62]] + earlier.map(\.1))
        #expect(spilled.runCount == [2, 3, 4][runsBefore / 4], "\(spilled.runCount) runs")
        #expect(try [UInt8]([3]).withUnsafeBytes { try spilled.value(of: $0).map(Array.init) } == [31])
        #expect(try [UInt8]([2]).withUnsafeBytes { try spilled.value(of: $0) } == nil)
    }
}

/// A folder the batch cannot write in is said as LMDB's errors are, so the import names the folder and the cause.
@Test func aRunThatCannotBeCreatedSaysWhere() throws {
    #expect { try SpillRun(folder: "/nonexistent-\(UUID().uuidString)", entries: 1) { _ in } } throws: { error in
        "\(error)".contains("creating a file for the import's spilled index entries") && "\(error)".contains("No such file")
    }
}

/// A full disk while a run is written is said as LMDB's own full disk is: what failed, and that the import wrote nothing.
@Test func aFullDiskWhileSpillingSaysNothingWasWritten() {
    errno = ENOSPC
    let full = SpillRun.failure("writing the import's spilled index entries in /x")
    #expect("\(full)" == "writing the import's spilled index entries in /x: No space left on device: the disk is full or failing, "
        + "and nothing of this import was written")
    errno = EACCES
    #expect("\(SpillRun.failure("creating a file"))" == "creating a file: Permission denied (13)")
}
