import Foundation
import LMDB
import Testing
@testable import Ledger

/// Which id prefixes a ledger interns: a series' (`e-`, `inv-`), not one id's own (LinkedIn's `li:<hex>`, a UUID's head).
struct IDPrefixPolicyTests {
    static func prefixes(_ ledger: Ledger) throws -> [String] {
        try ledger.read { view in try ledger.names.all(.idPrefix, in: view.txn).map(\.name) }
    }

    @Test func hexAndUUIDIdsInternNoPrefixAndStayFindable() throws {
        try withLedger { ledger, _ in
            var events: [ProposedEvent] = []
            for index in 1...300 {
                // A hex head with at least one digit in it, then digits: LinkedIn's ids look like this.
                let hex = String(format: "9%07x%012d", index * 2_654_435_761 % 4_294_967_291 % 0x1000_0000, index)
                events.append(sent("a", "r\(index)", at: "2026-01-01T00:00:00Z", id: "\(hex)", invitation: "li:\(hex)"))
            }
            events.append(sent("a", "series-1", at: "2026-01-01T00:00:00Z", id: "e-7", invitation: "inv-7"))
            events.append(sent("a", "uuid", at: "2026-01-01T00:00:00Z", id: "550e8400-e29b-41d4-a716-446655440000"))
            #expect(try ledger.append(events).appended == 302)
            let interned = try Self.prefixes(ledger)
            #expect(Set(interned) == ["e-", "inv-"], "\(interned.prefix(5))")
            // Every id and invitation is found again through its (plain or numbered) key.
            try IndexCeilingTests.expectIndexesMatchTheLog(ledger)
            let retry = try ledger.append(events)
            #expect(retry.duplicates == 302 && retry.appended == 0)
            guard case .ok(302, 302, _) = try ledger.verify() else {
                Issue.record("the ledger does not verify")
                return
            }
        }
    }

    /// A ledger written before the rule keeps the digit-holding prefixes it interned: their ids stay numbered.
    @Test func aPrefixWithADigitInternedEarlierKeepsItsIdsNumbered() throws {
        try withLedger { ledger, _ in
            let interned = try ledger.environment.write { txn in try ledger.names.intern(.idPrefix, "li:3c", in: txn) }
            ledger.names.commitPending()
            #expect(try ledger.append([sent("a", "r1", at: "2026-01-01T00:00:00Z", id: "li:3c1234", invitation: "li:3c1235")]).appended == 1)
            try ledger.read { view in
                let record = try #require(try view.record(at: 1))
                #expect(record.explicitID == "li:3c1234" && record.explicitInvitation == "li:3c1235")
                #expect(try view.position(ofEventID: "li:3c1234") == 1)
                #expect(try view.positions(ofInvitation: "li:3c1235") == [1])
            }
            // Keyed numbered under the interned prefix: its key starts with the prefix's number, not the plain marker.
            let key = try ledger.read { view in
                try IndexKey.key("li:3c1234") { prefix in try ledger.names.lookup(.idPrefix, String(decoding: prefix, as: UTF8.self), in: view.txn) }
            }
            #expect(key.first != IndexKey.plainMarker && interned > 0)
            #expect(try ledger.append([sent("a", "r1", at: "2026-01-01T00:00:00Z", id: "li:3c1234", invitation: "li:3c1235")]).duplicates == 1)
        }
    }

    @Test func namesInternedInOneTransactionAreFoundByNameAndIdBeforeTheCommit() throws {
        try withLedger { ledger, _ in
            try ledger.environment.write { txn in
                for index in 0..<5_000 { _ = try ledger.names.intern(.source, "source-\(index)", in: txn) }
                #expect(try ledger.names.lookup(.source, "source-4999", in: txn) == 5_000)
                #expect(try ledger.names.name(.source, 1, in: txn) == "source-0")
                #expect(try ledger.names.lookup(.source, "source-5000", in: txn) == nil)
            }
            ledger.names.commitPending()
            #expect(try ledger.read { view in try view.sourceID("source-17") } == 18)
            // An aborted transaction's names are forgotten.
            struct Abort: Error {}
            #expect(throws: Abort.self) {
                try ledger.environment.write { txn in
                    _ = try ledger.names.intern(.source, "never", in: txn)
                    throw Abort()
                }
            }
            ledger.names.discardPending()
            #expect(try ledger.read { view in try view.sourceID("never") } == nil)
        }
    }
}
