import Foundation
@testable import Ledger
import Testing

/// A clock stepped back between two batches (audit 115 F11): `recorded_at` stays the real clock,
/// goes backwards along the log, the outcome says by how much, and nothing that reads the log
/// takes it for damage.
@Suite struct ClockSteppedBackTests {
    @Test func aBatchRecordedBehindTheLastRecordedAtSaysSoAndTheLedgerStillVerifies() throws {
        try withLedger { ledger, _ in
            let first = ts("2026-03-10T12:00:00Z"), stepped = ts("2026-03-08T12:00:00Z")
            let ahead = try ledger.append([sent("a", "r1", at: "2026-03-01T00:00:00Z")], skipInvalid: false, commits: .atOnce,
                                          recordedAt: first, beforeCommit: nil)
            #expect(ahead.appended == 1 && ahead.clockBehind == nil)
            let behind = try ledger.append([sent("a", "r2", at: "2026-03-02T00:00:00Z")], skipInvalid: false, commits: .atOnce,
                                           recordedAt: stepped, beforeCommit: nil)
            #expect(behind.appended == 1)
            #expect(behind.clockBehind?.clock == stepped && behind.clockBehind?.lastRecordedAt == first)
            // Recorded as the clock said, in positions' order all the same.
            #expect(try ledger.allEvents().map(\.recordedAt) == [first, stepped])
            let verified = try ledger.verify()
            guard case .ok(events: 2, position: 2, _) = verified else {
                Issue.record("verify: \(verified)")
                return
            }
            // Later than the event before it (though still behind the first): nothing to say.
            let onwards = try ledger.append([sent("a", "r3", at: "2026-03-03T00:00:00Z")], skipInvalid: false, commits: .atOnce,
                                            recordedAt: stepped + TimeSpan(milliseconds: 1), beforeCommit: nil)
            #expect(onwards.appended == 1 && onwards.clockBehind == nil)
            // Written in chunks, as a first import is, the batch reads the last event before its first chunk commits.
            let chunked = try ledger.append([sent("a", "r4", at: "2026-03-04T00:00:00Z"), sent("a", "r5", at: "2026-03-04T00:00:00Z")],
                                            skipInvalid: false, commits: .inChunks(events: 1), recordedAt: first - TimeSpan.days(3),
                                            beforeCommit: nil)
            #expect(chunked.appended == 2 && chunked.clockBehind?.lastRecordedAt == stepped + TimeSpan(milliseconds: 1))
        }
    }
}
