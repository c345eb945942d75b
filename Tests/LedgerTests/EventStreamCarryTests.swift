import Foundation
import Testing
@testable import Ledger
import Merkle
import TestSupport

/// A log read in slices, each in a read transaction of its own with what the last one carried, gives
/// exactly what one read gives: the same events and chain hashes, follow-ups completed from sends of
/// earlier slices, and slices that stop inside a stretch the chain vouches for whole (`log`, `export`).
@Test(arguments: [1, 2, 3] as [UInt64])
func aLogReadInSlicesGivesWhatOneReadGives(seed: UInt64) throws {
    var random = SeededGenerator(seed: seed)
    try withLedger { ledger, _ in
        var events: [ProposedEvent] = []
        var pending: [String] = []
        for index in 0..<700 {
            let at = Timestamp(milliseconds: ts("2026-01-05T09:00:00Z").milliseconds + Int64(index) * 60_000).rfc3339
            if pending.isEmpty || Bool.random(using: &random) {
                events.append(sent("acct-\(index % 3)", "linkedin.com/in/p\(index)", at: at, invitation: "i\(index)",
                                   note: index % 5 == 0 ? "Hello \(index)" : nil))
                pending.append("i\(index)")
            } else {
                let invitation = pending.remove(at: Int.random(in: 0..<pending.count, using: &random))
                events.append(followUp([.accepted, .withdrawn, .reminded].randomElement(using: &random) ?? .accepted,
                                       invitation: invitation, at: at))
            }
        }
        #expect(try ledger.appendCode(events) == nil)
        var whole: [(String, Digest)] = []
        try ledger.read { view in
            try view.forEachEvent(from: 1) { event, hash in
                whole.append((event.exportedJSON(hash: hash.hex), hash))
                return true
            }
        }
        #expect(whole.count == 700)
        var sliced: [(String, Digest)] = []
        var carry = EventStreamCarry()
        while sliced.count < whole.count {
            let want = Int.random(in: 1...150, using: &random)
            var read = 0
            try ledger.read { view in
                try view.forEachEvent(from: UInt64(sliced.count + 1), carry: &carry) { event, hash in
                    guard read < want else { return false }
                    sliced.append((event.exportedJSON(hash: hash.hex), hash))
                    read += 1
                    return true
                }
            }
        }
        #expect(sliced.map(\.0) == whole.map(\.0))
        #expect(sliced.map(\.1) == whole.map(\.1))
    }
}
