import Testing
@testable import Projections
import Ledger

/// Catch-up's in-place edits of a metrics block give the bytes that encoding the edited facts gives.
@Suite struct MetricsBlockTests {
    /// `count` facts with varied fields, in sent order (deterministic from `seed`).
    private func facts(_ count: Int, seed: UInt64) -> [MetricsFact] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        var position: UInt64 = 0
        var at: Int64 = 1_767_225_600_000
        return (0..<count).map { _ in
            position += 1 + next() % 50
            at += Int64(next() % 86_400_000)
            let closed = next() % 3 == 0
            return MetricsFact(sentPosition: position, accountID: UInt32(next() % 5), sourceID: UInt32(next() % 300),
                               templateID: next() % 2 == 0 ? nil : UInt32(next() % 200), hasNote: next() % 2 == 0,
                               sentAt: Timestamp(milliseconds: at), status: closed ? .accepted : .pending,
                               closedAt: closed ? Timestamp(milliseconds: at + Int64(next() % 900_000_000)) : nil,
                               reminders: UInt32(next() % 3))
        }
    }

    private func encoded(_ facts: [MetricsFact]) -> [UInt8] {
        var out = StateWriter()
        MetricsBlock.encode(facts, into: &out)
        return out.bytes
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func patchingAFactEqualsEncodingTheChangedBlock(seed: UInt64) throws {
        let block = facts(MetricsBlock.capacity, seed: seed)
        let stored = encoded(block)
        for index in [0, 1, 31, MetricsBlock.capacity - 1] {
            for kind in [EventKind.reminded, .accepted, .withdrawn, .expired] {
                var expected = block
                let at = Timestamp(milliseconds: block[index].sentAt.milliseconds + 3_600_000)
                expected[index].apply(followUp: kind, at: at)
                var out = StateWriter()
                let patched = try stored.withUnsafeBytes { bytes in
                    try MetricsBlock.patch(bytes, sentPosition: block[index].sentPosition, { $0.apply(followUp: kind, at: at) }, into: &out)
                }
                #expect(patched)
                #expect(out.bytes == encoded(expected), "fact \(index), \(kind)")
            }
        }
        var out = StateWriter()
        let missing = try stored.withUnsafeBytes { bytes in
            try MetricsBlock.patch(bytes, sentPosition: block[3].sentPosition + 1, { $0.reminders += 1 }, into: &out)
        }
        #expect(!missing && out.bytes.isEmpty)
    }

    @Test func appendingAddsUpToCapacityInSentOrder() throws {
        let all = facts(MetricsBlock.capacity + 1, seed: 9)
        var stored = encoded([all[0]])
        for count in 1..<MetricsBlock.capacity {
            var out = StateWriter()
            #expect(try stored.withUnsafeBytes { try MetricsBlock.append(all[count], to: $0, into: &out) })
            stored = out.bytes
            #expect(stored == encoded(Array(all[...count])))
        }
        var full = StateWriter()
        #expect(try !stored.withUnsafeBytes { try MetricsBlock.append(all[MetricsBlock.capacity], to: $0, into: &full) })
        var early = StateWriter()
        let half = encoded(Array(all[..<10]))
        #expect(try !half.withUnsafeBytes { try MetricsBlock.append(all[5], to: $0, into: &early) })
        #expect(full.bytes.isEmpty && early.bytes.isEmpty)
    }
}
