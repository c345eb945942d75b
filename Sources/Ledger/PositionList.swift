/// Log positions in order (an invitation's events, or a pair's sends), the first three held inline.
///
/// The batch's overlay holds one of these per invitation and per pair it touches, and nearly
/// all have one to three positions: inline, they need no heap block of their own, so a million
/// events cost a million fewer allocations (and the retains and releases that go with them).
/// Positions start at 1, so 0 marks an unused inline slot.
struct PositionList: RandomAccessCollection, Equatable, ExpressibleByArrayLiteral {
    private var firstInline: UInt64 = 0
    private var secondInline: UInt64 = 0
    private var thirdInline: UInt64 = 0
    /// The positions after the thirdInline, nil while there are none.
    private var rest: [UInt64]?

    init() {}

    init(arrayLiteral positions: UInt64...) {
        for position in positions { append(position) }
    }

    init<S: Sequence>(_ positions: S) where S.Element == UInt64 {
        for position in positions { append(position) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    var count: Int {
        if thirdInline != 0 { return 3 + (rest?.count ?? 0) }
        return secondInline != 0 ? 2 : firstInline != 0 ? 1 : 0
    }

    subscript(index: Int) -> UInt64 {
        switch index {
        case 0: firstInline
        case 1: secondInline
        case 2: thirdInline
        default: rest?[index - 3] ?? 0
        }
    }

    /// The last position, without counting the list.
    var last: UInt64? {
        if let rest, let last = rest.last { return last }
        if thirdInline != 0 { return thirdInline }
        if secondInline != 0 { return secondInline }
        return firstInline != 0 ? firstInline : nil
    }

    /// Adds a position (never 0) at the end.
    mutating func append(_ position: UInt64) {
        precondition(position != 0, "log positions start at 1")
        if firstInline == 0 {
            firstInline = position
        } else if secondInline == 0 {
            secondInline = position
        } else if thirdInline == 0 {
            thirdInline = position
        } else if rest == nil {
            rest = [position]
        } else {
            rest?.append(position)
        }
    }

    /// Where the positions after the third are stored, nil while there are none.
    ///
    /// For tests, which check that a batch grows its lists in place: the address changes only
    /// when the list outgrows its capacity, not with every append (audit 48).
    var storageAddress: UnsafeRawPointer? {
        rest?.withUnsafeBufferPointer { $0.baseAddress.map { UnsafeRawPointer($0) } }
    }

    /// The positions as an array, for callers outside the write path.
    var array: [UInt64] { Array(self) }

    /// Appends each position as a varint: the stored form of both indexes' position lists.
    func encode(into out: inout ByteWriter) {
        for position in self { out.varint(position) }
    }

    /// Reads a list stored by `encode(into:)`.
    static func decode(_ input: inout ByteReader) throws(StorageError) -> PositionList {
        var positions = PositionList()
        while !input.isAtEnd {
            let position = try input.varint()
            guard position != 0 else { throw StorageError("a position list holds position 0") }
            positions.append(position)
        }
        return positions
    }
}
