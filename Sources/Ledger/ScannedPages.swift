import LMDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The span of the memory map a scan has read since it last let go, so that it can let go of it.
///
/// LMDB hands out values in its read-only, shared file mapping. Every page a long scan
/// touches stays mapped, and counts in the process's resident set, until the environment
/// closes: a rebuild's scan of a 1M-event log would keep ~200 MB of the file resident.
/// `release()` tells the kernel the span is not needed (`MADV_DONTNEED`): for a shared file
/// mapping that drops only this process's page-table entries, the pages stay in the page
/// cache and are mapped again if read again, so nothing is lost and values stay valid. Only
/// buffers from one read transaction may be noted (the map cannot move while it is open).
public struct ScannedPages {
    private var lowest = UInt.max
    private var highest = UInt.min
    private static let pageSize = UInt(max(4096, sysconf(Int32(_SC_PAGESIZE))))
    /// Whether buffers may be noted: only a read-only transaction's values are sure to lie in the map.
    private let enabled: Bool

    /// Tracks the map pages a scan in `txn` reads; does nothing in a write transaction.
    ///
    /// A write transaction's values may lie in its dirty pages on the heap, and releasing a heap
    /// page would zero it under its owner's feet.
    public init(txn: Transaction) {
        enabled = txn.isReadOnly
    }

    /// Notes a value LMDB handed out in the scan's transaction (a record's stored bytes, never a
    /// decoder's own buffer, such as a spelled-out text).
    @inline(__always)
    public mutating func note(_ buffer: UnsafeRawBufferPointer) {
        guard enabled, let start = buffer.baseAddress else { return }
        let address = UInt(bitPattern: start)
        lowest = min(lowest, address)
        highest = max(highest, address + UInt(buffer.count))
    }

    /// How many positions a scan reads between two releases.
    public static let releaseInterval: UInt64 = 1 << 16

    /// Notes the stored bytes of the record at `position`, and lets go every `releaseInterval` positions.
    @inline(__always)
    public mutating func note(_ buffer: UnsafeRawBufferPointer, at position: UInt64) {
        note(buffer)
        if position % Self.releaseInterval == 0 { release() }
    }

    /// Lets go of the whole pages between the buffers noted so far, and starts over.
    public mutating func release() {
        defer { (lowest, highest) = (UInt.max, UInt.min) }
        guard lowest < highest else { return }
        let start = lowest & ~(Self.pageSize - 1)
        let end = (highest + Self.pageSize - 1) & ~(Self.pageSize - 1)
        guard let address = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(address, Int(end - start), MADV_DONTNEED)
    }
}
