/// The largest key an index holds so far, stored before the batch or added by it: a key past it names nothing.
///
/// Ids and invitation ids usually come in increasing order (`e-1`, `e-2`, …), and key format 2
/// (`IndexKey`) keeps that order, so most look-ups of a new id are one comparison here instead
/// of a probe into the batch's table and a B-tree search. Keys the batch puts straight into
/// LMDB (`IndexOverlay.addID`) are past every earlier key; `firstAppended` marks where they
/// begin, so a look-up below it need not ask LMDB when the index was empty before the batch.
struct IndexCeiling {
    /// The largest key so far (empty when the index holds none).
    private(set) var last: [UInt8]
    /// The first key the batch put straight into LMDB, if any.
    private(set) var firstAppended: [UInt8]?

    /// The ceiling of an index whose largest stored key is `last` (nil when it is empty).
    init(last: UnsafeRawBufferPointer?) {
        self.last = last.map { Array($0) } ?? []
    }

    /// Whether `key` sorts after every key of the index: then it names nothing, stored or in the batch.
    func isPast(_ key: UnsafeRawBufferPointer) -> Bool {
        last.withUnsafeBytes { IndexEntryTable<UInt8>.compare(key, $0) > 0 }
    }

    /// Whether `key` may be one the batch put straight into LMDB.
    func mayBeAppended(_ key: UnsafeRawBufferPointer) -> Bool {
        guard let firstAppended else { return false }
        return firstAppended.withUnsafeBytes { IndexEntryTable<UInt8>.compare(key, $0) >= 0 }
    }

    /// Notes a key added to the batch's table (which may raise the ceiling).
    mutating func noteHeld(_ key: UnsafeRawBufferPointer) {
        if isPast(key) { raise(to: key) }
    }

    /// Notes a key past the ceiling that the batch put straight into LMDB.
    mutating func noteAppended(_ key: UnsafeRawBufferPointer) {
        if firstAppended == nil { firstAppended = Array(key) }
        raise(to: key)
    }

    /// Makes `key` the ceiling, reusing the buffer (this runs once per new id of a batch).
    private mutating func raise(to key: UnsafeRawBufferPointer) {
        last.removeAll(keepingCapacity: true)
        last.append(contentsOf: key)
    }
}
