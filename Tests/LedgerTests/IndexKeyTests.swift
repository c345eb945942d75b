import Foundation
import Merkle
import Testing
@testable import Ledger
import TestSupport

/// The id prefixes the golden keys are made with, as a ledger's name table would hold them (200 needs a 2-byte varint).
private let keyPrefixes: [String: UInt32] = ["e-": 1, "inv-": 2, "ev-": 3, "": 4, "évènement-": 200, "x": 126, "y": 127]

private func keyPrefixID(_ prefix: UnsafeRawBufferPointer) -> UInt32? { keyPrefixes[String(decoding: prefix, as: UTF8.self)] }

private func keyPrefixName(_ id: UInt32) throws -> String {
    guard let name = keyPrefixes.first(where: { $0.value == id })?.key else { throw StorageError("no prefix \(id)") }
    return name
}

/// Ids covering every form of key format 2: numbered ids of 0 to 8 number bytes, ids with no numbered form
/// (leading zero, too large, no digits, prefix too long), an unknown prefix, unicode, an empty id, and ids
/// of 510 and 600 bytes (the longest kept whole, and one keyed by its head and digest).
private let goldenIDs = [
    "e-1", "e-0", "e-255", "e-256", "inv-123456", "ev-18446744073709551615", "12", "évènement-7", "x9", "y9",
    "e-007", "x-18446744073709551616", "e-", "unknown-prefix-9", "a-very-long-prefix-of-25-c1", "é", "",
    String(repeating: "é", count: 255), String(repeating: "é", count: 300),
]

/// The golden ids whose key holds their whole text.
private let wholeGoldenIDs = goldenIDs.filter { $0.utf8.count < IndexKey.longestKey }

private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

private var goldenURL: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/index-keys-v2.hex")
}

private func key(_ id: String) throws -> [UInt8] { try IndexKey.key(id, prefixID: keyPrefixID) }

/// Key format 2 is pinned by a golden file: one key per line, in hex, in the order of `goldenIDs`.
@Test func indexKeysEncodeToTheGoldenBytes() throws {
    let encoded = try goldenIDs.map { hex(try key($0)) }
    if ProcessInfo.processInfo.environment["INVITES_WRITE_GOLDEN"] == "1" {
        try (encoded.joined(separator: "\n") + "\n").write(to: goldenURL, atomically: false, encoding: .utf8)
    }
    let golden = try String(contentsOf: goldenURL, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(encoded + [""] == golden.map(String.init))
    // A few spelled out by hand: prefix id + 1, length, big-endian number; or 0x00 and the text.
    #expect(try key("e-1") == [0x02, 0x01, 0x01])
    #expect(try key("e-0") == [0x02, 0x00])
    #expect(try key("e-256") == [0x02, 0x02, 0x01, 0x00])
    #expect(try key("évènement-7") == [0xC9, 0x01, 0x01, 0x07])
    #expect(try key("e-007") == [0x00] + Array("e-007".utf8))
    let long = String(repeating: "é", count: 300)
    #expect(try key(long) == [0x00] + Array(long.utf8.prefix(478)) + SHA256.hash(Array(long.utf8)).array)
}

/// Every key reads back to its id, and a numbered key's number is the id's.
@Test func indexKeysReadBackToTheirIDs() throws {
    for id in wholeGoldenIDs + RecordVersionTests.edgeCases.map(\.0) + RecordVersionTests.randomTexts(count: 3000, seed: 9) {
        let stored = try key(id)
        let decoded = try stored.withUnsafeBytes { try IndexKey.decode($0).string(prefixName: keyPrefixName) }
        #expect(Array(decoded.utf8) == Array(id.utf8), "\(id)")
    }
    let numbered = try key("inv-123456").withUnsafeBytes { try IndexKey.decode($0) }
    guard case .numbered(let prefixID, let number) = numbered else { Issue.record("inv-123456 is not keyed numbered"); return }
    #expect(prefixID == 2 && number == 123_456)
}

/// Only numbered ids whose prefix is known get the numbered form; the rest are 0x00 and their text.
@Test func plainAndNumberedKeysAreToldApartByTheFirstByte() throws {
    for id in ["e-007", "x-18446744073709551616", "e-", "unknown-prefix-9", "a-very-long-prefix-of-25-c1", "é", ""] {
        #expect(try key(id) == [IndexKey.plainMarker] + Array(id.utf8), "\(id)")
    }
    for id in ["e-1", "12", "ev-18446744073709551615", "évènement-7"] {
        #expect(try key(id).first != IndexKey.plainMarker, "\(id)")
    }
}

/// Within a prefix, keys sort in numeric order, and no prefix's keys fall between another's.
@Test func numberedKeysSortInNumericOrderWithinTheirPrefix() throws {
    var random = SeededGenerator(seed: 4)
    let numbers = Set((0..<2_000).map { index -> UInt64 in
        index < 600 ? UInt64(index) : random.next() >> (random.next() % 64)
    } + [UInt64.max, 255, 256, 65_535, 65_536])
    var keyed: [(id: String, key: [UInt8])] = []
    for prefix in ["e-", "inv-", "x", "y", "évènement-"] {
        for number in numbers { keyed.append(("\(prefix)\(number)", try key("\(prefix)\(number)"))) }
    }
    keyed.append(contentsOf: try ["e-007", "zzz", "é"].map { ($0, try key($0)) })
    let sorted = keyed.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    #expect(Set(keyed.map(\.key)).count == keyed.count, "two ids share a key")
    var runsSeen: [UInt32] = []
    var previous: (prefixID: UInt32, number: UInt64)?
    for entry in sorted {
        guard case .numbered(let prefixID, let number) = try entry.key.withUnsafeBytes({ try IndexKey.decode($0) }) else {
            continue
        }
        if let previous, previous.prefixID == prefixID {
            #expect(previous.number <= number, "\(entry.id) sorts after a larger number")
        } else {
            #expect(!runsSeen.contains(prefixID), "the keys of prefix \(prefixID) are split")
            runsSeen.append(prefixID)
        }
        previous = (prefixID, number)
    }
    #expect(runsSeen.count == 5)
}

/// Bytes no writer makes are refused, not misread.
@Test func damagedIndexKeysAreRefused() {
    let damaged: [[UInt8]] = [[], [0x02], [0x02, 0x09, 1, 2, 3, 4, 5, 6, 7, 8, 9], [0x02, 0x02, 0x00, 0x01],
                              [0x02, 0x02, 0x01], [0x02, 0x01, 0x01, 0x01], [0x80], [0x01, 0x00, 0x00]]
    for bytes in damaged {
        #expect(throws: StorageError.self, "\(bytes)") { try bytes.withUnsafeBytes { try IndexKey.decode($0) } }
    }
}
