import Testing
@testable import Projections
import Ledger
import TestSupport

/// Pair entries copied out of the fold in runs are byte for byte those encoded from the fold, in any order of ranks.
@Test(arguments: [1, 7, 256])
func pairRunsEncodeAsTheFoldDoes(runLength: Int) throws {
    let events = RandomStream.events(count: 300, seed: 31).map { event in
        // RandomStream's sends carry explicit ids, so runs copy both texts of each invitation; every
        // third recipient is longer than a run's first text buffer of 64 bytes per pair.
        var spelled = event
        spelled.recipient = event.recipient.map { recipient in
            let long = recipient.hasSuffix("0") || recipient.hasSuffix("3") || recipient.hasSuffix("6")
            return "linkedin.com/in/\(recipient)" + (long ? String(repeating: "x", count: 80) : "")
        }
        return spelled
    }
    try withLedger { ledger in
        try append(events, to: ledger)
        let fold = try ledger.read { view in try InvitationFold.build(view: view) }
        let latest = fold.latestOfEachPair()
        #expect(latest.count > 2 * runLength || runLength == 256)
        let expected: [([UInt8], [UInt8])] = latest.map { index in
            var key = StateWriter(), value = StateWriter()
            fold.text.withUnsafeBufferPointer { text in
                fold.invitations[Int(index)].encodePairKey(into: &key, text: text)
                fold.invitations[Int(index)].encodePairValue(into: &value, text: text)
            }
            return (key.bytes, value.bytes)
        }
        let runs = PairRuns(fold: fold, latest: latest, runLength: runLength)
        // In order, then backwards and jumping about (a batch that runs again after the map grew starts over).
        var random = SeededGenerator(seed: 5)
        let orders = [Array(latest.indices), Array(latest.indices.reversed()), latest.indices.shuffled(using: &random)]
        for order in orders {
            for rank in order {
                var key = StateWriter(), value = StateWriter()
                runs.entry(rank, key: &key, value: &value)
                #expect(key.bytes == expected[rank].0 && value.bytes == expected[rank].1)
            }
        }
    }
}
