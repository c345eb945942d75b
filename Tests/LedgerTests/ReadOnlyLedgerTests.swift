import Foundation
import LMDB
@testable import Ledger
import Testing

/// A ledger opened read-only (`Ledger.Options.readOnly`): every read works, every write is refused, and nothing changes.
struct ReadOnlyLedgerTests {
    static let events = [
        sent("acct-1", "linkedin.com/in/jane", at: "2026-01-05T09:00:00Z", invitation: "inv-1"),
        followUp(.accepted, invitation: "inv-1", at: "2026-01-06T09:00:00Z"),
        sent("acct-1", "urn:li:person:7", at: "2026-01-07T09:00:00Z"),
    ]

    /// Every event's id and chain hash, as `export` reads them.
    static func exported(_ ledger: Ledger) throws -> [String] {
        try ledger.read { view in
            var lines: [String] = []
            try view.forEachEvent { event, hash in
                lines.append("\(event.id) \(hash)")
                return true
            }
            return lines
        }
    }

    static func readOnly() -> Ledger.Options {
        var options = Ledger.Options()
        options.create = false
        options.readOnly = true
        return options
    }

    @Test func aReadOnlyLedgerReadsAndVerifiesButAppendsNothing() throws {
        let (ledger, path) = try makeLedger()
        defer { removeLedger(path) }
        #expect(try ledger.append(Self.events).appended == 3)
        let exported = try Self.exported(ledger)
        let data = try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb"))

        let reader = try Ledger.open(at: path, options: Self.readOnly())
        #expect(reader.environment.isReadOnly)
        #expect(try Self.exported(reader) == exported)
        #expect(exported.count == 3)
        guard case .ok(let count, _, _) = try reader.verify() else { Issue.record("a read-only ledger does not verify"); return }
        #expect(count == 3)
        let refused = #expect(throws: LMDBError.self) {
            try reader.append([sent("acct-2", "linkedin.com/in/joe", at: "2026-01-08T09:00:00Z")])
        }
        #expect(refused?.isReadOnlyRefusal == true)
        #expect(throws: LMDBError.self) { try reader.setPolicy(Policy()) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb")) == data)
    }

    /// Opening an earlier build's ledger upgrades it, which writes: read-only, that is refused with a way out, and nothing changes.
    @Test func aLedgerThatNeedsAnUpgradeSaysSoWhenOpenedReadOnly() throws {
        let (ledger, path) = try makeLedger()
        defer { removeLedger(path) }
        #expect(try ledger.append(Self.events).appended == 3)
        let deleted = try ledger.environment.write { txn in try txn.delete(PairKeyFormat.metaKey, in: ledger.meta) }
        #expect(deleted)
        let data = try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb"))

        let refused = #expect(throws: LedgerError.self) { try Ledger.open(at: path, options: Self.readOnly()) }
        #expect(refused?.description.contains("upgraded once") == true)
        #expect(refused?.description.contains("copy the folder somewhere writable") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "/data.mdb")) == data)
        // Opened for writing, it upgrades as before.
        let upgraded = try Ledger.open(at: path)
        #expect(try upgraded.read { view in try upgraded.recordedFormat(PairKeyFormat.self, in: view.txn) } == .current)
    }
}
