import Foundation
import LMDB
@testable import Ledger
import Merkle
import Testing

/// Record version 3 keeps 4 bytes of the chain hash: a damaged record whose tag still matches goes unnamed, yet `verify` fails.
///
/// A tag that matches by chance (probability 2^-32) is the same, for `verify`, as a record
/// altered together with its tag; these tests do the latter, which needs no search for a collision.
struct ShortChainTagTests {
    /// A ledger of 199 version-3 records (chain checkpoints at 64, 128 and 192; position 72 and the head are `sent`s).
    static func ledger() throws -> (Ledger, URL) {
        let (ledger, folder) = try MerkleLedgerTests.makeLedger(events: 199, batch: 50)
        let leads = try RecordVersionTests.versions(ledger)
        #expect(Set(leads) == [3])
        return (ledger, folder)
    }

    /// Changes `person-` to `Person-` in the stored record at `position`, a `sent` of `MerkleLedgerTests.proposedEvents`.
    static func alterRecipient(_ ledger: Ledger, at position: UInt64) throws {
        try ledger.environment.write { txn in
            let key = try #require(ledger.logKey(position)).array
            var bytes = Array(try #require(try txn.get(key, in: ledger.log)))
            let marker = Array("person-".utf8)
            let at = try #require(bytes.indices.first { bytes[$0...].starts(with: marker) })
            bytes[at] = UInt8(ascii: "P")
            try txn.put(bytes, forKey: key, in: ledger.log)
        }
    }

    /// Rewrites the 4-byte tags of the records at `positions` to the chain recomputed from their (altered) records.
    static func retag(_ ledger: Ledger, _ positions: ClosedRange<UInt64>) throws {
        for position in positions {
            // Linked here from the stored checkpoint before it: `chainHash(at:)` checks the stretch, which the forgery has not finished.
            let hash = try ledger.read { view in
                let start = (position - 1) / Ledger.chainCheckpointInterval * Ledger.chainCheckpointInterval
                var hash = Digest.zero
                if start > 0 {
                    let stored = try #require(try BigEndianKey(start).withBytes { try view.txn.get($0, in: ledger.chain) })
                    hash = try #require(Digest(stored))
                }
                try view.forEachCanonicalJSON(from: start + 1, through: position) { canonical, _ in
                    hash = HashChain.link(hash, canonical)
                }
                return hash
            }
            try ledger.environment.write { txn in
                let key = try #require(ledger.logKey(position)).array
                var bytes = Array(try #require(try txn.get(key, in: ledger.log)))
                withUnsafeBytes(of: UInt32(truncatingIfNeeded: hash.tag >> 32).bigEndian) { tag in
                    bytes.replaceSubrange((bytes.count - 4)..., with: tag)
                }
                try txn.put(bytes, forKey: key, in: ledger.log)
            }
        }
    }

    @Test func anAlteredRecordIsNamedAtItsPosition() throws {
        let (ledger, folder) = try Self.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.alterRecipient(ledger, at: 72)
        #expect(try ledger.verify() == .failed(position: 72, error: "the stored event does not match its chain hash"))
    }

    @Test func anAlteredRecordWhoseTagMatchesIsNamedAtTheNextRecord() throws {
        let (ledger, folder) = try Self.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.alterRecipient(ledger, at: 72)
        try Self.retag(ledger, 72...72)
        #expect(try ledger.verify() == .failed(position: 73, error: "the stored event does not match its chain hash"))
    }

    /// With every tag up to the next checkpoint matching, the first stored Merkle node over the
    /// record or the checkpoint itself, whichever comes first, names the damage.
    @Test func anAlteredRecordWhoseFollowersTagsAllMatchIsNamedByTheNextCheckpointAtTheLatest() throws {
        let (ledger, folder) = try Self.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.alterRecipient(ledger, at: 72)
        try Self.retag(ledger, 72...128)
        guard case .failed(let position, let error) = try ledger.verify() else {
            Issue.record("a ledger with an altered record verified")
            return
        }
        #expect(position > 72 && position <= 128, "\(position)")
        #expect(error == "the chain checkpoint differs from the recomputed hash" || error.hasPrefix("the stored Merkle node"), "\(error)")
    }

    /// A forged tag does not get the altered event handed out: reads wait for the next stored hash.
    @Test func readsDoNotHandOutAnEventWhoseForgedTagTheNextStoredHashContradicts() throws {
        let (ledger, folder) = try Self.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.alterRecipient(ledger, at: 72)
        try Self.retag(ledger, 72...127)
        try ledger.read { view in
            #expect(throws: ChainMismatch.self) { try view.chainHash(at: 72) }
            #expect(throws: ChainMismatch.self) { try view.inclusionProof(position: 72) }
            var handedOut: [UInt64] = []
            #expect(throws: ChainMismatch.self) {
                try view.forEachEvent(from: 60) { event, _ in
                    handedOut.append(event.position)
                    return true
                }
            }
            #expect(handedOut == Array(60...64), "only the events the checkpoint at 64 vouches for")
            // The stretch before holds: its events still read.
            #expect(throws: Never.self) { try view.chainHash(at: 60) }
        }
    }

    @Test func anAlteredLastRecordWhoseTagMatchesIsNamedAtTheHead() throws {
        let (ledger, folder) = try Self.ledger()
        defer { try? FileManager.default.removeItem(at: folder) }
        let head = try ledger.read { try $0.head() }
        // The head record is a `sent` (index 199 of `proposedEvents`), past the last checkpoint (192).
        try Self.alterRecipient(ledger, at: head.position)
        try Self.retag(ledger, head.position...head.position)
        #expect(try ledger.verify() == .failed(position: head.position, error: "the stored head hash differs from the recomputed chain"))
    }
}
