import Foundation
import Testing
@testable import Ledger
import TestSupport

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

/// Records covering every form of format version 2: the version-1 records (profile recipient,
/// numbered ids and invitations, a plain recipient), plus ids that have no numbered form or
/// whose prefix is not interned, and a unicode one.
private let goldenRecordsV2: [EventRecord] = goldenRecords + [
    EventRecord(kind: .sent, position: 5, at: ts("2026-01-07T08:00:00Z"), recordedAt: ts("2026-01-07T08:00:01Z"),
                explicitID: "e-007", sentPosition: 5, explicitInvitation: "x-18446744073709551616", accountID: 1,
                recipient: "linkedin.com/in/", sourceID: 2, note: nil, templateID: nil, reason: nil, by: nil, chainTag: 5),
    EventRecord(kind: .sent, position: 6, at: ts("2026-01-07T08:00:00Z"), recordedAt: ts("2026-01-07T08:00:01Z"),
                explicitID: "évènement-18446744073709551615", sentPosition: 6, explicitInvitation: "12", accountID: 1,
                recipient: "https://linkedin.com/in/x", sourceID: 2, note: nil, templateID: nil, reason: nil, by: nil, chainTag: 6),
    EventRecord(kind: .accepted, position: 7, at: ts("2026-01-08T08:00:00Z"), recordedAt: ts("2026-01-08T08:00:01Z"),
                explicitID: "unknown-prefix-9", sentPosition: 5, explicitInvitation: nil, accountID: 0, recipient: nil,
                sourceID: 0, note: nil, templateID: nil, reason: nil, by: nil, chainTag: 7),
]

/// Records covering every form of format version 3: the version-2 records with their chain tags
/// cut to the 4 bytes version 3 keeps, plus a `reminded` (assigned id, reason and by) and a
/// `withdrawn` with neither, so every follow-up kind and flag reaches the lead byte.
private let goldenRecordsV3: [EventRecord] = goldenRecordsV2.map { record in
    var cut = record
    cut.chainTag &= 0xFFFF_FFFF_0000_0000
    return cut
} + [
    EventRecord(kind: .reminded, position: 8, at: ts("2026-01-09T08:00:00Z"), recordedAt: ts("2026-01-09T08:00:01Z"),
                explicitID: nil, sentPosition: 6, explicitInvitation: nil, accountID: 0, recipient: nil, sourceID: 0,
                note: nil, templateID: nil, reason: "follow up", by: "alex", chainTag: 0x0102_0304_0000_0000),
    EventRecord(kind: .withdrawn, position: 9, at: ts("2026-01-10T08:00:00Z"), recordedAt: ts("2026-01-10T08:00:01Z"),
                explicitID: "e-9", sentPosition: 2, explicitInvitation: nil, accountID: 0, recipient: nil, sourceID: 0,
                note: nil, templateID: nil, reason: nil, by: nil, chainTag: 0xFFFF_FFFF_0000_0000),
]

/// The id prefixes the version-2 golden records are encoded with, as a ledger's name table would hold them.
private let goldenPrefixes: [String: UInt32] = ["e-": 1, "inv-": 2, "expire:inv-": 3, "": 4, "évènement-": 200]

private func goldenPrefixID(_ prefix: UnsafeRawBufferPointer) -> UInt32? { goldenPrefixes[String(decoding: prefix, as: UTF8.self)] }

private func goldenPrefixName(_ id: UInt32) throws -> String {
    guard let name = goldenPrefixes.first(where: { $0.value == id })?.key else { throw StorageError("no prefix \(id)") }
    return name
}

private func goldenURL(version: Int) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/records-v\(version).hex")
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

/// Version 1, which earlier builds wrote, is pinned by a committed golden file: one record per line, in hex.
@Test func recordsEncodeToTheGoldenBytesOfVersion1() throws {
    let golden = try String(contentsOf: goldenURL(version: 1), encoding: .utf8).split(separator: "\n")
    let encoded = goldenRecords.map { hex($0.encoded(version: 1)) }
    #expect(encoded == golden.map(String.init))
}

/// Ledgers on disk hold version-1 records forever: their golden bytes still decode to the same records.
@Test func goldenBytesOfVersion1DecodeToTheSameRecords() throws {
    try expectGolden(version: 1, decodesTo: goldenRecords)
}

/// Checks that each line of the golden file of `version` decodes to its record.
private func expectGolden(version: Int, decodesTo records: [EventRecord]) throws {
    let golden = try String(contentsOf: goldenURL(version: version), encoding: .utf8).split(separator: "\n")
    #expect(golden.count == records.count)
    for (line, record) in zip(golden, records) {
        let decoded = try bytes(fromHex: line).withUnsafeBytes {
            try EventRecord.decode($0, position: record.position, prefixName: goldenPrefixName)
        }
        #expect(decoded == record)
    }
}

/// Checks that `records` encode in `version` to the lines of its golden file (rewritten with `INVITES_WRITE_GOLDEN=1`).
private func expectEncoding(_ records: [EventRecord], version: UInt8) throws {
    let encoded = records.map { hex($0.encoded(version: version, prefixID: goldenPrefixID)) }
    if ProcessInfo.processInfo.environment["INVITES_WRITE_GOLDEN"] == "1" {
        try (encoded.joined(separator: "\n") + "\n").write(to: goldenURL(version: Int(version)), atomically: false, encoding: .utf8)
    }
    let golden = try String(contentsOf: goldenURL(version: Int(version)), encoding: .utf8).split(separator: "\n")
    #expect(encoded == golden.map(String.init))
}

/// Version 2, which the previous build wrote, is pinned by its own golden file.
@Test func recordsEncodeToTheGoldenBytesOfVersion2() throws {
    try expectEncoding(goldenRecordsV2, version: 2)
}

@Test func goldenBytesOfVersion2DecodeToTheSameRecords() throws {
    try expectGolden(version: 2, decodesTo: goldenRecordsV2)
}

/// The format this build writes, version 3, is pinned by its own golden file.
@Test func recordsEncodeToTheGoldenBytesOfVersion3() throws {
    #expect(EventRecord.currentVersion == 3)
    try expectEncoding(goldenRecordsV3, version: 3)
    #expect(goldenRecordsV3.map { $0.encoded(prefixID: goldenPrefixID) } == goldenRecordsV3.map {
        $0.encoded(version: 3, prefixID: goldenPrefixID)
    })
}

@Test func goldenBytesOfVersion3DecodeToTheSameRecords() throws {
    try expectGolden(version: 3, decodesTo: goldenRecordsV3)
}

/// Version 2 stores the profile recipient without its prefix and the numbered ids compactly: the first record shrinks by 22 bytes.
@Test func version2IsSmallerForProfileRecipientsAndNumberedIDs() {
    let record = goldenRecords[0]
    #expect(record.encoded(version: 1).count - record.encoded(version: 2, prefixID: goldenPrefixID).count == 16 + 2 + 4)
}

/// Version 3 drops the version and flags bytes and half the chain tag: every record shrinks by at least 6 bytes.
@Test func version3IsAtLeastSixBytesSmallerThanVersion2() {
    for record in goldenRecordsV3 {
        #expect(record.encoded(version: 2, prefixID: goldenPrefixID).count
                    - record.encoded(version: 3, prefixID: goldenPrefixID).count >= 2 + 4)
    }
    // Recorded 62.117 s after its `at`: `recorded_at` takes 3 bytes instead of 6.
    let live = goldenRecordsV3[0]
    #expect(live.encoded(version: 2, prefixID: goldenPrefixID).count - live.encoded(version: 3, prefixID: goldenPrefixID).count == 2 + 4 + 3)
}

/// A version-3 follow-up stores its `sent` as a distance back: one that reaches before position 1 is damaged.
@Test func aVersion3FollowUpCannotNameALaterOrMissingPosition() throws {
    let withdrawn = goldenRecordsV3[2]
    #expect(withdrawn.kind == .withdrawn && withdrawn.position - withdrawn.sentPosition == 2)
    let stored = withdrawn.encoded(version: 3, prefixID: goldenPrefixID)
    let decoded = try stored.withUnsafeBytes { try EventRecord.decode($0, position: 10, prefixName: goldenPrefixName) }
    #expect(decoded.sentPosition == 8)
    for position: UInt64 in [1, 2] {
        #expect(throws: StorageError.self) {
            try stored.withUnsafeBytes { try EventRecord.decode($0, position: position, prefixName: goldenPrefixName) }
        }
    }
}

/// Each of the 64 version-3 lead bytes (64 … 127) names one kind and set of flags, and each kind and set of flags has one.
@Test func version3LeadBytesAreOneToOneWithKindsAndFlags() throws {
    var seen = Set<UInt8>()
    for lead in UInt8(64)...127 {
        let (kind, flags) = RecordHeader.kindAndFlags(lead: lead)
        #expect(flags & EventRecord.unknownFlags(version: 2, kind: kind) == 0)
        #expect(kind == .sent ? flags & 0x30 == 0 : flags & 0x4E == 0, "\(lead)")
        #expect(RecordHeader.leadByte(kind: kind, flags: flags) == lead)
        seen.insert(RecordHeader.leadByte(kind: kind, flags: flags))
    }
    #expect(seen.count == 64)
    // Every byte that starts no version-1, -2 or -3 record is refused, not misread.
    let body = Array(goldenRecordsV3[2].encoded(version: 3, prefixID: goldenPrefixID).dropFirst())
    for lead in UInt8(0)...255 where !(lead == 1 || lead == 2 || (64...127).contains(lead)) {
        #expect(throws: StorageError.self) {
            try ([lead] + body).withUnsafeBytes { try EventRecord.decode($0, position: 3, prefixName: goldenPrefixName) }
        }
    }
}

@Test func damagedRecordsFailToDecodeInsteadOfCrashing() {
    for version: UInt8 in [1, 2, 3] {
        let good = goldenRecords[0].encoded(version: version, prefixID: goldenPrefixID)
        var random = SeededGenerator(seed: 9)
        // The lead byte's flags say which fields follow, so a record cut anywhere is refused (review 13: this was only `try?`).
        for cut in 0..<good.count {
            let truncated = Array(good.prefix(cut))
            #expect(throws: StorageError.self, "version \(version), cut at \(cut) of \(good.count)") {
                try truncated.withUnsafeBytes { try EventRecord.decode($0, position: 1, prefixName: goldenPrefixName) }
            }
        }
        for _ in 0..<2000 {
            var damaged = good
            damaged[Int.random(in: 0..<damaged.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            _ = try? damaged.withUnsafeBytes { try EventRecord.decode($0, position: 1, prefixName: goldenPrefixName) }
        }
        var future = good
        future[0] = 9
        #expect(throws: StorageError.self) {
            try future.withUnsafeBytes { try EventRecord.decode($0, position: 1, prefixName: goldenPrefixName) }
        }
    }
}

/// Version 1 has no profile flag: a version-1 record with flag 64 is damaged, not a profile.
@Test func theProfileFlagIsUnknownInVersion1() {
    var bytes = goldenRecords[1].encoded(version: 1)
    bytes[2] |= 64
    #expect(throws: StorageError.self) {
        try bytes.withUnsafeBytes { try EventRecord.decode($0, position: 2, prefixName: goldenPrefixName) }
    }
}
