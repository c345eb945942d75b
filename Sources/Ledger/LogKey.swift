import LMDB

/// The key of a log position: big-endian, so that position order is LMDB's byte order.
///
/// Ledgers created by this build key the log with 4 bytes (positions up to 4,294,967,295,
/// 4 bytes less per event on disk); ledgers created before keep their 8-byte keys, since a
/// ledger's width is read from its first key (`Ledger.logKeyWidth`) and never changes.
struct LogKey {
    /// The width of the keys of a new ledger's log.
    static let currentWidth = 4
    /// The widths a log may be keyed with.
    static let readableWidths = [4, 8]

    private let wide: BigEndianKey
    private let width: Int

    /// The key of `position` in a log keyed with `width` bytes, or nil when the position does not fit.
    ///
    /// No stored key names such a position, so a look-up or a seek for it finds nothing; an
    /// append of it fails (`BatchWriter`).
    init?(_ position: UInt64, width: Int) {
        guard width == 8 || position <= UInt64(UInt32.max) else { return nil }
        wide = BigEndianKey(position)
        self.width = width
    }

    /// Calls `body` with the key's bytes (the low `width` bytes of the big-endian position).
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try wide.withBytes { all in try body(UnsafeRawBufferPointer(rebasing: all[(8 - width)...])) }
    }

    /// The key as an array.
    var array: [UInt8] { withBytes { Array($0) } }

    /// The position a stored log key names, whatever its width.
    static func position(of key: UnsafeRawBufferPointer) -> UInt64 {
        if key.count == 4, let base = key.baseAddress {
            return UInt64(UInt32(bigEndian: base.loadUnaligned(as: UInt32.self)))
        }
        return key.bigEndianUInt64
    }
}
