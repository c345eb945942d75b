import Foundation
import LMDB
@testable import Ledger
import Testing
import TestSupport

/// Record version 2's compact forms (kept by version 3) give back every text exactly, and ledgers mixing versions 1, 2 and 3 read as one.
struct RecordVersionTests {
    /// Texts at the edges of the numbered form, with the split each must (or must not) have.
    static let edgeCases: [(String, NumberedText?)] = [
        ("e-123456", NumberedText(prefix: "e-", number: 123_456)), ("inv-7", NumberedText(prefix: "inv-", number: 7)),
        ("e-0", NumberedText(prefix: "e-", number: 0)), ("0", NumberedText(prefix: "", number: 0)),
        ("12", NumberedText(prefix: "", number: 12)), ("e-007", nil), ("00", nil), ("e-", nil), ("", nil),
        ("x-18446744073709551615", NumberedText(prefix: "x-", number: .max)), ("x-18446744073709551616", nil),
        ("x-99999999999999999999", nil), ("x-100000000000000000000", nil),
        ("x-9999999999999999999", NumberedText(prefix: "x-", number: 9_999_999_999_999_999_999)),
        ("10000000000000000000", NumberedText(prefix: "", number: 10_000_000_000_000_000_000)),
        ("évènement-42", NumberedText(prefix: "évènement-", number: 42)), ("🧑‍💻9", NumberedText(prefix: "🧑‍💻", number: 9)),
        ("abcdefghijklmnopqrstuvwx1", NumberedText(prefix: "abcdefghijklmnopqrstuvwx", number: 1)),
        ("abcdefghijklmnopqrstuvwxy1", nil), ("e-1x", nil), ("٣", nil),
    ]

    /// Random texts built from pieces that stress the split: digits, zeros, unicode, escapes, the profile prefix.
    static func randomTexts(count: Int, seed: UInt64) -> [String] {
        let pieces = ["e", "-", "0", "1", "9", "00", "18446744073709551615", "x", "é", "🧑‍💻", "inv-", "linkedin.com/in/",
                      "\"", "\\", "\n", " ", "٣"]
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
        }
    }

    @Test func numberedTextSplitsOnlyCanonicalNumbersThatFit() {
        for (text, expected) in Self.edgeCases {
            #expect(NumberedText(text) == expected, "\(text)")
        }
    }

    @Test func numberedTextGivesEveryTextBackExactly() {
        for text in Self.edgeCases.map(\.0) + Self.randomTexts(count: 5000, seed: 41) {
            guard let numbered = NumberedText(text) else { continue }
            #expect(Array((numbered.prefix + String(numbered.number)).utf8) == Array(text.utf8), "\(text)")
        }
    }

    /// Any text as id, invitation and recipient survives the current encoder and both decoders byte for byte.
    @Test func recordsRoundTripEveryText() throws {
        var prefixes: [String: UInt32] = [:]
        var memo = IDPrefixMemo()
        func intern(_ bytes: UnsafeRawBufferPointer) -> UInt32? {
            if let id = memo.id(of: bytes) { return id }
            let prefix = String(decoding: bytes, as: UTF8.self)
            if prefixes[prefix] == nil, prefixes.count < 40 { prefixes[prefix] = UInt32(prefixes.count + 1) }
            if let id = prefixes[prefix] { memo.remember(prefix, id: id) }
            return prefixes[prefix]
        }
        func lookup(_ id: UInt32) throws -> String {
            guard let found = prefixes.first(where: { $0.value == id }) else { throw StorageError("no prefix \(id)") }
            return found.key
        }
        var names = IDPrefixMemo()
        func name(_ id: UInt32) throws -> String {
            if let name = names.name(of: id) { return name }
            let name = try lookup(id)
            names.remember(name, id: id)
            return name
        }
        let spelling = FoldSpelling(prefixName: lookup)
        let texts = Self.edgeCases.map(\.0) + Self.randomTexts(count: 3000, seed: 77)
        for (index, text) in texts.enumerated() {
            let recipient = index % 2 == 0 ? "linkedin.com/in/" + text : text
            let record = EventRecord(kind: .sent, position: 9, at: Timestamp(milliseconds: 1), recordedAt: Timestamp(milliseconds: 2),
                                     explicitID: text, sentPosition: 9, explicitInvitation: text, accountID: 1,
                                     recipient: recipient, sourceID: 1, note: nil, templateID: nil, reason: nil, by: nil,
                                     chainTag: 3 << 32)
            let stored = record.encoded(prefixID: intern)
            let decoded = try stored.withUnsafeBytes { try EventRecord.decode($0, position: 9, prefixName: name) }
            #expect(decoded == record, "\(text)")
            try stored.withUnsafeBytes { bytes in
                let entry = try FoldEntry.decode(bytes, position: 9, skipping: nil, spelling: spelling)
                #expect(entry.map { Array($0.recipient) } == Array(recipient.utf8), "\(text)")
                #expect(entry?.explicitInvitation.map { Array($0) } == Array(text.utf8), "\(text)")
            }
        }
        #expect(prefixes.count == 40)
    }

    /// Events whose ids and recipients take every stored form: numbered, plain, assigned, profile or not.
    static func proposedEvents(from start: Int, count: Int) -> [ProposedEvent] {
        let odd = ["e-007", "x-18446744073709551616", "évènement-3", "12", "ev-1"]
        return (start..<start + count).flatMap { index -> [ProposedEvent] in
            let at = Timestamp(milliseconds: 1_736_000_000_000 + Int64(index) * 60_000)
            let id: String? = index % 4 == 3 ? nil : index % 4 == 2 ? "\(odd[index / 4 % odd.count])\(index)" : "e-\(index)"
            let invitation: String? = index % 5 == 4 ? nil : index % 5 == 3 ? "\(odd[index % odd.count])/\(index)" : "i-\(index)"
            let recipient = index % 3 == 0 ? "urn:li:person:\(index)" : "linkedin.com/in/person-\(index)"
            var events = [ProposedEvent(kind: .sent, id: id, at: at, invitation: invitation, account: "acct-\(index % 3)",
                                        recipient: recipient, note: index % 7 == 0 ? "Hi \"\(index)\"" : nil)]
            if index % 2 == 0 {
                events.append(ProposedEvent(kind: .accepted, id: index % 4 == 0 ? "acc-\(index)" : nil,
                                            at: Timestamp(milliseconds: at.milliseconds + 1000), account: "acct-\(index % 3)",
                                            recipient: recipient))
            }
            return events
        }
    }

    /// Every event as exported (canonical JSON with its chain hash), and each `sent`'s folded recipient and invitation.
    static func snapshot(_ ledger: Ledger) throws -> (exported: [String], folded: [String]) {
        try ledger.read { view in
            var exported: [String] = []
            try view.forEachEvent { event, hash in exported.append(event.exportedJSON(hash: hash.hex)); return true }
            var folded: [String] = []
            try view.scanFolding { entry in
                if entry.kind == .sent {
                    folded.append(String(decoding: entry.recipient, as: UTF8.self) + " "
                                  + (entry.explicitInvitation.map { String(decoding: $0, as: UTF8.self) } ?? "-"))
                }
                return true
            }
            return (exported, folded)
        }
    }

    /// The stored bytes of every record, in order.
    static func storedRecords(_ ledger: Ledger) throws -> [[UInt8]] {
        try ledger.read { view in try view.txn.entries(of: ledger.log).map(\.value) }
    }

    /// The version of every stored record, as its first byte says.
    static func versions(_ ledger: Ledger) throws -> [UInt8] {
        try storedRecords(ledger).map { stored in try stored.withUnsafeBytes { try RecordHeader($0).version } }
    }

    /// The log's stored record bytes in total.
    static func storedBytes(_ ledger: Ledger) throws -> Int { try storedRecords(ledger).reduce(0) { $0 + $1.count } }

    /// Rewrites the stored records from `position` on in `version`, as a ledger written by an earlier build holds them.
    static func rewrite(_ ledger: Ledger, asVersion version: UInt8, from position: UInt64 = 1) throws {
        let records = try ledger.read { view in
            var records: [EventRecord] = []
            try view.scan(from: position) { records.append($0); return true }
            return records
        }
        let chain = try ledger.read { view in try records.map { try view.chainHash(at: $0.position).tag } }
        try ledger.environment.write { txn in
            for (record, tag) in zip(records, chain) {
                var full = record
                full.chainTag = tag
                try txn.put(full.encoded(version: version), forKey: try #require(ledger.logKey(record.position)).array, in: ledger.log)
            }
        }
    }

    @Test func aLedgerMixingVersions1To3ExportsVerifiesAndRecognisesRetries() throws {
        try withLedger { ledger, _ in
            let first = Self.proposedEvents(from: 0, count: 60)
            let outcome = try ledger.append(first)
            #expect(outcome.rejected == 0, "\(outcome.rejections.map { "\($0.line): \($0.rejection)" })")
            let written = try Self.snapshot(ledger)
            #expect(Set(try Self.versions(ledger)) == [3])
            let sizeBefore = try Self.storedBytes(ledger)

            try Self.rewrite(ledger, asVersion: 1)
            #expect(Set(try Self.versions(ledger)) == [1])
            let sizeAfter = try Self.storedBytes(ledger)
            #expect(sizeAfter > sizeBefore)
            let asVersion1 = try Self.snapshot(ledger)
            #expect(asVersion1.exported == written.exported)
            #expect(asVersion1.folded == written.folded)
            guard case .ok(let events, _, _) = try ledger.verify() else { Issue.record("version 1 does not verify"); return }
            #expect(events == UInt64(written.exported.count))

            // Events appended by a build writing version 2, then by this one.
            let middle = Self.proposedEvents(from: 60, count: 20)
            #expect(try ledger.append(middle).rejected == 0)
            try Self.rewrite(ledger, asVersion: 2, from: events + 1)
            let versionTwoEnd = try ledger.read { try $0.head().position }
            let more = Self.proposedEvents(from: 80, count: 30)
            #expect(try ledger.append(more).rejected == 0)
            let versions = try Self.versions(ledger)
            #expect(versions.prefix(Int(events)).allSatisfy { $0 == 1 })
            #expect(versions[Int(events)..<Int(versionTwoEnd)].allSatisfy { $0 == 2 })
            #expect(versions.dropFirst(Int(versionTwoEnd)).allSatisfy { $0 == 3 })
            #expect(Set(versions) == [1, 2, 3])
            guard case .ok = try ledger.verify() else { Issue.record("the mixed ledger does not verify"); return }

            // Retries of events stored in any version, compacted ids included, are recognised; a changed one conflicts.
            let retried = try ledger.append([first[0], first[2], middle[0], middle[2], more[0], more[2]])
            #expect(retried.duplicates == 6 && retried.appended == 0 && retried.rejected == 0)
            var changed = more[0]
            changed.note = "different"
            #expect(try ledger.appendCode([changed]) == .idConflict)
            let mixed = try Self.snapshot(ledger)
            #expect(Array(mixed.exported.prefix(written.exported.count)) == written.exported)
            #expect(mixed.folded.count == 110)
        }
    }

    /// A tampered record is named at its position whatever its version, a version-3 one by its 4-byte tag.
    @Test(arguments: [UInt8(1), 2, 3])
    func aTamperedRecordOfEachVersionIsNamed(version: UInt8) throws {
        try withLedger { ledger, _ in
            #expect(try ledger.append(Self.proposedEvents(from: 0, count: 40)).rejected == 0)
            try Self.rewrite(ledger, asVersion: version)
            #expect(Set(try Self.versions(ledger)) == [version])
            let position: UInt64 = 7
            let stored = try Self.storedRecords(ledger)[Int(position - 1)]
            let record = try #require(try ledger.read { try $0.record(at: position) })
            #expect(record.kind == .sent)
            // The recipient `person-N` becomes `Person-N`: the record still decodes, its chain does not match.
            let marker = Array("person-".utf8)
            let at = try #require(stored.indices.first { stored[$0...].starts(with: marker) })
            var tampered = stored
            tampered[at] = UInt8(ascii: "P")
            try ledger.environment.write { txn in try txn.put(tampered, forKey: try #require(ledger.logKey(position)).array, in: ledger.log) }
            #expect(try ledger.verify() == .failed(position: position, error: "the stored event does not match its chain hash"))
        }
    }
}
