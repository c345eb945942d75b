import Foundation
@testable import Ledger
import Testing

/// A follow-up stored with the position of an event that is not a `sent` is damage every reader of it names, never an event completed from the wrong record.
struct FollowUpOfNoSendTests {
    /// A follow-up whose stored sent position names an acceptance is named by `verify` and by the read of the event, never completed from it (audit 107 F4, F5).
    @Test func aFollowUpNamingANonSentIsNamedByEveryReaderOfIt() throws {
        let (ledger, folder) = try MerkleLedgerTests.makeLedger(events: 20, batch: 20)
        defer { try? FileManager.default.removeItem(at: folder) }
        try IndexCheckLogDamageTests.rewriteRecord(ledger, at: 10) { $0.sentPosition = 5 }
        guard case .failed(let position, let error) = try ledger.verify() else {
            Issue.record("a follow-up of an acceptance verified")
            return
        }
        #expect(position == 10 && error.contains("position 10 names position 5, which is not a sent"), "\(error)")
        #expect { try ledger.read { try $0.event(at: 10) } } throws: { error in
            "\(error)".contains("position 10 names position 5, which is not a sent")
        }
    }
}
