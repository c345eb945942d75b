import Foundation
import Testing
@testable import Ledger

/// Records covering every field and flag of format version 1.
private let goldenRecords: [EventRecord] = [
    EventRecord(kind: .sent, position: 1, at: ts("2026-01-05T09:30:00Z"), recordedAt: ts("2026-01-05T09:31:02.117Z"),
                explicitID: "e-1", sentPosition: 1, explicitInvitation: "inv-1", accountID: 1,
                recipient: "linkedin.com/in/jane-doe", sourceID: 2, note: "Hi Jane — \"quoted\"\n", templateID: 3,
                reason: nil, by: nil, chainTag: 0x94d1_e4bb_c26f_2c2f),
    EventRecord(kind: .sent, position: 2, at: ts("1969-12-31T23:59:59.999Z"), recordedAt: ts("2026-01-05T09:31:02.117Z"),
                explicitID: nil, sentPosition: 2, explicitInvitation: nil, accountID: 300, recipient: "urn:li:person:42",
                sourceID: 1, note: nil, templateID: nil, reason: nil, by: nil, chainTag: 1),
    EventRecord(kind: .withdrawn, position: 3, at: ts("2026-01-06T10:00:00Z"), recordedAt: ts("2026-01-06T10:00:05Z"),
                explicitID: "e-3", sentPosition: 1, explicitInvitation: nil, accountID: 0, recipient: nil, sourceID: 0,
                note: nil, templateID: nil, reason: "stale", by: nil, chainTag: UInt64.max),
    EventRecord(kind: .expired, position: 4, at: ts("2026-07-06T10:00:00Z"), recordedAt: ts("2026-07-06T10:00:05Z"),
                explicitID: "expire:inv-2", sentPosition: 2, explicitInvitation: nil, accountID: 0, recipient: nil,
                sourceID: 0, note: nil, templateID: nil, reason: nil, by: "policy", chainTag: 0),
]

private var goldenURL: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/records-v1.hex")
}

private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

private func bytes(fromHex text: Substring) -> [UInt8] {
    var out: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex, let next = text.index(index, offsetBy: 2, limitedBy: text.endIndex) {
        out.append(UInt8(text[index..<next], radix: 16) ?? 0)
        index = next
    }
    return out
}

/// The storage format is pinned by a committed golden file: one record per line, in hex.
@Test func recordsEncodeToTheGoldenBytesOfVersion1() throws {
    if ProcessInfo.processInfo.environment["INVITES_WRITE_GOLDEN"] == "1" {
        try (goldenRecords.map { hex($0.encoded()) }.joined(separator: "\n") + "\n").write(to: goldenURL, atomically: true, encoding: .utf8)
    }
    let golden = try String(contentsOf: goldenURL, encoding: .utf8).split(separator: "\n")
    let encoded = goldenRecords.map { hex($0.encoded()) }
    #expect(encoded == golden.map(String.init))
}

@Test func goldenBytesDecodeToTheSameRecords() throws {
    let golden = try String(contentsOf: goldenURL, encoding: .utf8).split(separator: "\n")
    for (line, record) in zip(golden, goldenRecords) {
        let decoded = try bytes(fromHex: line).withUnsafeBytes { try EventRecord.decode($0, position: record.position) }
        #expect(decoded == record)
    }
}

@Test func damagedRecordsFailToDecodeInsteadOfCrashing() {
    let good = goldenRecords[0].encoded()
    var random = SeededGenerator(seed: 9)
    for cut in 0..<good.count {
        let truncated = Array(good.prefix(cut))
        _ = try? truncated.withUnsafeBytes { try EventRecord.decode($0, position: 1) }
    }
    for _ in 0..<2000 {
        var damaged = good
        damaged[Int.random(in: 0..<damaged.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
        _ = try? damaged.withUnsafeBytes { try EventRecord.decode($0, position: 1) }
    }
    var future = good
    future[0] = 9
    #expect(throws: StorageError.self) { try future.withUnsafeBytes { try EventRecord.decode($0, position: 1) } }
}
