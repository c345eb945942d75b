import Testing
@testable import Ledger

/// Position lists keep order and content across their inline slots and their spilled tail, and store like the arrays they replace.
struct PositionListTests {
    @Test(arguments: [0, 1, 2, 3, 4, 9])
    func holdsWhatWasAppendedInOrder(count: Int) throws {
        let positions = (0..<count).map { UInt64($0 * 7 + 1) }
        var list = PositionList()
        for position in positions { list.append(position) }
        #expect(list.count == count)
        #expect(Array(list) == positions)
        #expect(list.last == positions.last)
        #expect(list.first == positions.first)
        #expect(list == PositionList(positions))
    }

    @Test func storedFormIsTheVarintsOfAnArray() throws {
        let positions: [UInt64] = [1, 300, 70_000, 1 << 40, 5]
        var expected = ByteWriter(capacity: 0)
        for position in positions { expected.varint(position) }
        var written = ByteWriter(capacity: 0)
        PositionList(positions).encode(into: &written)
        #expect(written.bytes == expected.bytes)
        let decoded = try written.bytes.withUnsafeBytes { bytes in
            var input = ByteReader(bytes)
            return try PositionList.decode(&input)
        }
        #expect(decoded.array == positions)
    }

    @Test func aStoredZeroIsRefused() throws {
        var written = ByteWriter(capacity: 0)
        written.varint(4)
        written.varint(0)
        #expect(throws: StorageError.self) {
            try written.bytes.withUnsafeBytes { bytes in
                var input = ByteReader(bytes)
                _ = try PositionList.decode(&input)
            }
        }
    }

    /// A stored name id past 32 bits is damage, not another name cut to 32 bits (audit 101 F11).
    @Test func aNameIDPast32BitsIsRefused() throws {
        for (value, fits) in [(UInt64(UInt32.max), true), (UInt64(UInt32.max) + 1, false), (1 << 40, false)] {
            var written = ByteWriter(capacity: 0)
            written.varint(value)
            let read = try? written.bytes.withUnsafeBytes { bytes in
                var input = ByteReader(bytes)
                return try input.nameID()
            }
            #expect(read == (fits ? UInt32(value) : nil), "\(value)")
        }
    }

    @Test func listsDifferingOnlyPastTheInlineSlotsAreNotEqual() {
        #expect(PositionList([1, 2, 3, 4]) != PositionList([1, 2, 3, 5]))
        #expect(PositionList([1, 2, 3]) != PositionList([1, 2, 3, 4]))
        #expect(PositionList([1, 2]) == [1, 2])
    }
}
