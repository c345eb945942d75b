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
/// buffers from one transaction may be noted (the map cannot move while it is open). The span
/// is cut to where the map lies (`Environment.knownMapMappings`, read from `/proc` once, and
/// again only when the map moved): a damaged page can give a value a length that runs past
/// the map, and letting go of the process's own memory there zeroes its heap (audit 49:
/// `export` of a ledger with one byte changed died in `free`).
///
/// A write transaction's values may lie in its dirty pages on the heap, and releasing a heap
/// page would zero it under its owner's feet: there the whole map (`Environment.mapMappings`)
/// is let go instead, never the heap, which also drops the pages of the records read beside
/// the scan (a follow-up's `sent`, months back). The scans that reach it:
/// a catch-up of many events in a query's write transaction, the Merkle tree's rebuild, a fold
/// answering a check inside a write. (A first import has no projections to catch up; its reads
/// are let go by `ChunkedWrite`.)
public struct ScannedPages {
    private var lowest = UInt.max
    private var highest = UInt.min
    private static let pageSize = UInt(max(4096, sysconf(Int32(_SC_PAGESIZE))))
    /// The transaction's environment, whose map the span is cut to.
    private let environment: Environment
    /// Whether the transaction writes: then the whole map is let go, not the span (above).
    private let writes: Bool
    /// Where the map lies, looked up at the first release (it cannot move while the transaction is open).
    private var mappings: [Range<UInt>]?

    /// Tracks the map pages a scan in `txn` reads.
    public init(txn: Transaction) {
        environment = txn.environment
        writes = !txn.isReadOnly
    }

    /// Notes a value LMDB handed out in the scan's transaction.
    ///
    /// A record's stored bytes, never a decoder's own buffer, such as a spelled-out text.
    @inline(__always)
    public mutating func note(_ buffer: UnsafeRawBufferPointer) {
        guard let start = buffer.baseAddress else { return }
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
        if writes {
            // A short scan in a write (a single append's catch-up) keeps its few pages and does not look the map up.
            guard end - start >= 1 << 20 else { return }
            if mappings == nil { mappings = environment.mapMappings() }
            return Environment.releasePages(of: mappings ?? [])
        }
        // Only what lies in the map (nothing where the map was not found): a short read too, so that a
        // follower's polls do not keep every page they read (review 52), from the map's known place.
        if mappings == nil { mappings = environment.knownMapMappings(holding: lowest) }
        Environment.releasePages(of: (mappings ?? []).compactMap { mapping in
            let (low, high) = (max(start, mapping.lowerBound), min(end, mapping.upperBound))
            return low < high ? low..<high : nil
        })
    }
}
