import Foundation
@testable import InvitesCommands
import Ledger
import Testing

/// A send or a follow-up without `--at` happens when its turn to write comes, so events carry times in the order they are recorded.
struct SendTimeTests {
    /// Runs `body` while another thread holds the ledger's write lock for 0.3 s; returns when that thread let it go.
    static func whileAnotherWriterHoldsTheLock(_ ledger: Ledger, _ body: () throws -> Void) throws -> Timestamp {
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
        try body()
        return released
    }

    @Test func aSendWithoutAtReadsTheClockOnlyOnceItHoldsTheWriteLock() throws {
        let path = NSTemporaryDirectory() + "send-time-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ledger = try Ledger.open(at: path)
        let event = ProposedEvent(kind: .sent, at: Timestamp(milliseconds: 0), account: "a", recipient: "r")
        // Another writer holds the lock for a while; the send asks for it meanwhile.
        let asked = Timestamp.now()
        var appended = 0
        let released = try Self.whileAnotherWriterHoldsTheLock(ledger) {
            appended = try SendCommand.recordIfAllowed(event, at: nil, in: ledger).appended
        }
        #expect(appended == 1)
        let recorded = try #require(try ledger.read { view in try view.event(at: 1) })
        #expect(recorded.at >= released, "recorded at \(recorded.at), the lock was released at \(released)")
        #expect(recorded.at.milliseconds - asked.milliseconds >= 200)
        #expect(recorded.at == recorded.recordedAt)

        // With a time given, that time is recorded.
        let given = Timestamp(milliseconds: 1_767_225_600_000)
        let other = ProposedEvent(kind: .sent, at: given, account: "a", recipient: "s")
        #expect(try SendCommand.recordIfAllowed(other, at: given, in: ledger).appended == 1)
        #expect(try ledger.read { view in try view.event(at: 2)?.at } == given)
    }

    @Test func aFollowUpWithoutAtReadsTheClockOnlyOnceItHoldsTheWriteLock() throws {
        let path = NSTemporaryDirectory() + "follow-up-time-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ledger = try Ledger.open(at: path)
        let sentAt = Timestamp.now()
        #expect(try ledger.append([ProposedEvent(kind: .sent, at: sentAt, invitation: "i", account: "a", recipient: "r")]).appended == 1)
        let early = ProposedEvent(kind: .reminded, at: sentAt, invitation: "i")
        let released = try Self.whileAnotherWriterHoldsTheLock(ledger) {
            try recordOne(early, ledger: ledger, format: .json, atNow: true)
        }
        let reminded = try #require(try ledger.read { view in try view.event(at: 2) })
        #expect(reminded.at >= released && reminded.at == reminded.recordedAt)
        // A time given stays as given.
        try recordOne(ProposedEvent(kind: .accepted, at: reminded.at, invitation: "i"), ledger: ledger, format: .json, atNow: false)
        #expect(try ledger.read { view in try view.event(at: 3)?.at } == reminded.at)
    }
}
