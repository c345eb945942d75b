import Foundation
@testable import InvitesCommands
import Ledger
import Testing

/// A send without `--at` happens when its turn to write comes, so sends carry times in the order they are recorded.
struct SendTimeTests {
    @Test func aSendWithoutAtReadsTheClockOnlyOnceItHoldsTheWriteLock() throws {
        let path = NSTemporaryDirectory() + "send-time-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ledger = try Ledger.open(at: path)
        let event = ProposedEvent(kind: .sent, at: Timestamp(milliseconds: 0), account: "a", recipient: "r")
        // Another writer holds the lock for a while; the send asks for it meanwhile.
        let holding = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var released = Timestamp(milliseconds: 0)
        let writer = Thread {
            try? ledger.environment.write { _ in
                holding.signal()
                Thread.sleep(forTimeInterval: 0.3)
                released = Timestamp.now()
            }
        }
        writer.start()
        holding.wait()
        let asked = Timestamp.now()
        let outcome = try SendCommand.recordIfAllowed(event, at: nil, in: ledger)
        #expect(outcome.appended == 1)
        let recorded = try #require(try ledger.read { view in try view.event(at: 1) })
        #expect(recorded.at >= released, "recorded at \(recorded.at), the lock was released at \(released)")
        #expect(recorded.at.milliseconds - asked.milliseconds >= 200)

        // With a time given, that time is recorded.
        let given = Timestamp(milliseconds: 1_767_225_600_000)
        let other = ProposedEvent(kind: .sent, at: given, account: "a", recipient: "s")
        #expect(try SendCommand.recordIfAllowed(other, at: given, in: ledger).appended == 1)
        #expect(try ledger.read { view in try view.event(at: 2)?.at } == given)
    }
}
