import Foundation
import LMDB
import Testing
@testable import Ledger
import TestSupport

/// Every key and value of the ledger's ids, invitations and pairs indexes, as stored.
private func indexBytes(_ ledger: Ledger) throws -> [String: [[UInt8]]] {
    try ledger.environment.read { txn in
        var dump: [String: [[UInt8]]] = [:]
        for database in [ledger.ids, ledger.invitations, ledger.pairs] {
            dump[database.name] = try txn.withCursor(database) { cursor in
                var entries: [[UInt8]] = []
                var entry = try cursor.first()
                while let current = entry {
                    entries.append(Array(current.key))
                    entries.append(Array(current.value))
                    entry = try cursor.next()
                }
                return entries
            }
        }
        return dump
    }
}

/// What a stored event says, without the time it was recorded (which differs between batches).
private func contents(_ ledger: Ledger) throws -> [String] {
    try ledger.allEvents().map {
        "\($0.position) \($0.kind) \($0.id) \($0.at) \($0.invitation) \($0.account) \($0.recipient) \($0.reason ?? "-")"
    }
}

/// A stream that sends and follows up the same invitations and pairs several times, with and without ids.
private let repeatedFollowUps: [ProposedEvent] = [
    sent("a", "r", at: "2026-01-01T00:00:00Z", id: "e1", invitation: "i1"),
    followUp(.reminded, invitation: "i1", at: "2026-01-02T00:00:00Z"),
    followUp(.reminded, account: "a", recipient: "r", at: "2026-01-03T00:00:00Z", id: "e3"),
    sent("b", "r", at: "2026-01-03T00:00:00Z"),
    followUp(.reminded, invitation: "i1", at: "2026-01-04T00:00:00Z"),
    followUp(.withdrawn, invitation: "i1", at: "2026-01-05T00:00:00Z", reason: "no answer"),
    sent("a", "r", at: "2026-01-06T00:00:00Z", id: "ev-8"),
    followUp(.reminded, account: "a", recipient: "r", at: "2026-01-07T00:00:00Z"),
    followUp(.reminded, account: "b", recipient: "r", at: "2026-01-07T00:00:00Z"),
    followUp(.accepted, account: "a", recipient: "r", at: "2026-01-08T00:00:00Z"),
    sent("a", "Zoë", at: "2026-01-08T00:00:00Z", invitation: "é"),
    sent("a", "Zoe\u{308}", at: "2026-01-08T00:00:00Z", invitation: "e\u{301}"),
    followUp(.expired, invitation: "e\u{301}", at: "2026-01-09T00:00:00Z"),
    sent("a", "Zoe\u{308}", at: "2026-01-10T00:00:00Z"),
]

@Test func oneBatchStoresWhatABatchPerEventStoresByteForByte() throws {
    try withLedger { whole, _ in
        try withLedger { single, _ in
            let outcome = try whole.append(repeatedFollowUps)
            #expect(outcome.rejected == 0, "\(outcome.rejections)")
            #expect(outcome.appended == repeatedFollowUps.count)
            for event in repeatedFollowUps {
                #expect(try single.append([event]).appended == 1)
            }
            #expect(try indexBytes(whole) == indexBytes(single))
            #expect(try contents(whole) == contents(single))
            // Canonically equivalent spellings stay two invitations and two pairs.
            #expect(try whole.read { try $0.positions(ofInvitation: "é") } == [11])
            #expect(try whole.read { try $0.positions(ofInvitation: "e\u{301}") } == [12, 13])
            #expect(try whole.read { try $0.invitationsOfPair(account: "a", recipient: "Zoe\u{308}") } == [12, 14])
            #expect(try whole.read { try $0.invitationsOfPair(account: "a", recipient: "Zoë") } == [11])
        }
    }
}

@Test func aBatchSplitAnywhereStoresTheSameIndexBytes() throws {
    try withLedger { whole, _ in
        _ = try whole.append(repeatedFollowUps)
        for split in [1, 4, 7, 11] {
            try withLedger { halves, _ in
                _ = try halves.append(Array(repeatedFollowUps[..<split]))
                _ = try halves.append(Array(repeatedFollowUps[split...]))
                #expect(try indexBytes(halves) == indexBytes(whole), "split at \(split)")
            }
        }
    }
}

@Test func aDuplicateIdInsideOneBatchIsRecordedOnce() throws {
    try withLedger { ledger, _ in
        let outcome = try ledger.append([
            sent("a", "r", at: "2026-01-01T00:00:00Z", id: "ev-2"),
            sent("a", "s", at: "2026-01-01T00:00:00Z"),
            sent("a", "r", at: "2026-01-01T00:00:00Z", id: "ev-2"),
            sent("a", "t", at: "2026-01-01T00:00:00Z", id: "ev-2"),
        ], skipInvalid: true)
        #expect(outcome.appended == 2)
        #expect(outcome.duplicates == 1)
        #expect(outcome.rejections.map(\.rejection.code) == [.idConflict])
        #expect(try ledger.read { try $0.position(ofEventID: "ev-2") } == 1)
        // Position 2's assigned id was taken by the client earlier in the same batch.
        #expect(try ledger.read { try $0.position(ofEventID: "ev-2-1") } == 2)
        #expect(try ledger.read { try $0.event(at: 2)?.id } == "ev-2-1")
        #expect(try ledger.environment.read { try $0.count(ledger.ids) } == 2)
    }
}

@Test func aRefusedEventInTheMiddleOfABatchLeavesTheOverlayUnchanged() throws {
    try withLedger { ledger, _ in
        let refused: [ProposedEvent] = [
            followUp(.reminded, invitation: "i1", at: "2025-12-31T00:00:00Z"),
            sent("a", "r", at: "2026-01-03T00:00:00Z"),
            sent("b", "s", at: "2026-01-03T00:00:00Z", invitation: "i1"),
            followUp(.accepted, invitation: "i9", at: "2026-01-03T00:00:00Z"),
            sent("a", "s", at: "2026-01-03T00:00:00Z", id: "e1"),
        ]
        let outcome = try ledger.append(skipInvalid: true) { writer in
            try writer.add(line: 1, .success(sent("a", "r", at: "2026-01-01T00:00:00Z", id: "e1", invitation: "i1")))
            try writer.add(line: 2, .success(followUp(.reminded, invitation: "i1", at: "2026-01-02T00:00:00Z")))
            let overlay = try #require(writer.view.overlay)
            let before = (overlay.ids, overlay.invitations, overlay.pairs)
            for (index, event) in refused.enumerated() {
                try writer.add(line: 3 + index, .success(event))
                #expect(overlay.ids == before.0)
                #expect(overlay.invitations == before.1)
                #expect(overlay.pairs == before.2)
            }
            try writer.add(line: 9, .success(followUp(.accepted, invitation: "i1", at: "2026-01-04T00:00:00Z")))
        }
        #expect(outcome.rejections.map(\.rejection.code) == [.outOfOrder, .alreadyPending, .duplicateInvitation, .unknownInvitation, .idConflict])
        try withLedger { clean, _ in
            _ = try clean.append([sent("a", "r", at: "2026-01-01T00:00:00Z", id: "e1", invitation: "i1"),
                                  followUp(.reminded, invitation: "i1", at: "2026-01-02T00:00:00Z"),
                                  followUp(.accepted, invitation: "i1", at: "2026-01-04T00:00:00Z")])
            #expect(try indexBytes(ledger) == indexBytes(clean))
        }
    }
}

@Test func readsThroughTheWritersViewSeeTheBatchBeforeAndAfterAScan() throws {
    try withLedger { ledger, _ in
        _ = try ledger.append([sent("a", "old", at: "2026-01-01T00:00:00Z", invitation: "i0")])
        _ = try ledger.append { writer in
            try writer.add(sent("a", "r", at: "2026-01-02T00:00:00Z", id: "e1", invitation: "i1"))
            #expect(try writer.view.position(ofEventID: "e1") == 2)
            #expect(try writer.view.latestInvitation(account: "a", recipient: "r")?.status == .pending)
            // A scan of the pairs index writes the batch's entries first, then sees them.
            #expect(try writer.view.invitationsOfRecipient("r") == [2])
            #expect(try writer.view.pendingInvitations().map(\.sentPosition) == [1, 2])
            #expect(writer.view.overlay?.isEmpty == true)
            try writer.add(followUp(.reminded, invitation: "i1", at: "2026-01-03T00:00:00Z"))
            try writer.add(followUp(.accepted, account: "a", recipient: "r", at: "2026-01-04T00:00:00Z"))
            #expect(try writer.view.positions(ofInvitation: "i1") == [2, 3, 4])
            #expect(try writer.view.latestInvitation(account: "a", recipient: "r")?.status == .accepted)
        }
        #expect(try ledger.read { try $0.positions(ofInvitation: "i1") } == [2, 3, 4])
        #expect(try ledger.read { try $0.latestInvitation(account: "a", recipient: "r")?.status } == .accepted)
        #expect(try ledger.read { try $0.position(ofEventID: "e1") } == 2)
    }
}

/// A table of one-byte values under text keys, inserted in the order given.
private func table(_ entries: [(String, UInt8)]) -> IndexEntryTable<UInt8> {
    var table = IndexEntryTable<UInt8>()
    for (key, value) in entries {
        var key = key
        _ = key.withUTF8 { table.insert(UnsafeRawBufferPointer($0), value) }
    }
    return table
}

@Test func tableFindsWhatItHoldsByBytesAcrossGrowth() throws {
    let keys = (0..<1_000).map { "k\($0)" } + ["é", "e\u{301}", "", "a-very-long-key-that-does-not-fit-in-two-words"]
    let entries = keys.enumerated().map { ($0.element, UInt8(truncatingIfNeeded: $0.offset)) }
    let table = table(entries)
    #expect(table.count == keys.count)
    for (key, value) in entries {
        var key = key
        let found = key.withUTF8 { table.find(UnsafeRawBufferPointer($0)) }
        #expect(found.map { table[$0] } == value)
    }
    #expect(table.find(UnsafeRawBufferPointer(start: nil, count: 0)).map { table[$0] } == entries[1_002].1)
    var missing = "k1000"
    #expect(missing.withUTF8 { table.find(UnsafeRawBufferPointer($0)) } == nil)
    let sorted = table.entriesInKeyOrder().map { table.withKey($0) { Array($0) } }
    #expect(sorted == keys.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) })
}

@Test func aTableAppendsPastTheLastKeyAndPutsTheRestBetweenExistingOnes() throws {
    try withLedger { ledger, _ in
        let database = ledger.invitations
        try ledger.environment.write { txn in
            for (key, value) in [("b", 1), ("d", 2)] as [(String, UInt8)] {
                try txn.put([value], forKey: Array(key.utf8), in: database)
            }
        }
        try ledger.environment.write { txn in
            _ = try table([("f", 6), ("a", 3), ("e", 5), ("c", 4), ("d", 7)]).write(to: database, in: txn) { $1.byte($0) }
        }
        let stored = try ledger.environment.read { txn in
            try txn.withCursor(database) { cursor in
                var found: [String] = []
                var entry = try cursor.first()
                while let current = entry {
                    found.append(String(decoding: current.key, as: UTF8.self) + "=\(current.value.first ?? 0)")
                    entry = try cursor.next()
                }
                return found
            }
        }
        #expect(stored == ["a=3", "b=1", "c=4", "d=7", "e=5", "f=6"])
        // With `noOverwrite`, a key already stored is refused, and the whole transaction with it.
        #expect(throws: LMDBError.self) {
            try ledger.environment.write { txn in
                try table([("g", 9), ("b", 9)]).write(to: database, in: txn, options: .noOverwrite) { $1.byte($0) }
            }
        }
        #expect(try ledger.environment.read { try $0.count(database) } == 6)
    }
}

@Test func keysWrittenInOrderFillPagesBetterThanKeysInRandomOrder() throws {
    try withLedger { ledger, _ in
        var random = SeededGenerator(seed: 7)
        let keys = (1...5_000).map { "inv-\($0)" }.shuffled(using: &random)
        try ledger.environment.write { txn in
            for key in keys { try txn.put([1], forKey: Array(key.utf8), in: ledger.ids) }
            try table(keys.map { ($0, 1) }).write(to: ledger.invitations, in: txn) { $1.byte($0) }
        }
        let (inRandomOrder, sorted) = try ledger.environment.read { txn in
            (try txn.pages(ledger.ids), try txn.pages(ledger.invitations))
        }
        // MDB_APPEND fills each page; random inserts leave pages about three quarters full.
        #expect(sorted * 100 <= inRandomOrder * 85, "sorted: \(sorted) pages, in random order: \(inRandomOrder)")
    }
}

@Test func aPairKeyIsTheRecipientANulAndTheAccountIdAsAVarint() {
    #expect(PairState.withKey(recipient: "rü", accountID: 300) { Array($0) } == [0x72, 0xC3, 0xBC, 0, 0xAC, 0x02])
    #expect(PairState.withKey(recipient: "", accountID: 1) { Array($0) } == [0, 1])
}
