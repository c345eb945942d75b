import CLMDB
import Foundation

/// Where this process maps the data file, and letting go of the pages it has read there.
extension Environment {
    /// Where this process maps the environment's file (`/proc/self/maps`), to let go of the pages it read; empty when the map is written through.
    ///
    /// The map is a read-only shared file mapping: letting go of its pages (`releasePages`)
    /// drops only this process's page-table entries, and a page read again is mapped again from
    /// the page cache, so no value changes under a reader. A map written through
    /// (`MDB_WRITEMAP`) is left alone. LMDB does not tell where its map is (`me_mapaddr` is
    /// only set for `MDB_FIXEDMAP`); elsewhere than Linux this finds nothing. The map moves
    /// when it grows.
    public func mapMappings() -> [Range<UInt>] {
        var flags: UInt32 = 0
        mdb_env_get_flags(handle, &flags)
        guard flags & UInt32(MDB_WRITEMAP) == 0 else { return [] }
        return Self.mappings(of: path + "/data.mdb")
    }

    /// Lets go of the first `bytes` of each of `mappings` (`MADV_DONTNEED`; all of each when `bytes` is nil): see `mapMappings`.
    public static func releasePages(of mappings: [Range<UInt>], bytes: Int? = nil) {
        for mapping in mappings {
            guard let address = UnsafeMutableRawPointer(bitPattern: mapping.lowerBound) else { continue }
            _ = madvise(address, min(bytes ?? .max, Int(mapping.upperBound - mapping.lowerBound)), MADV_DONTNEED)
        }
    }

    /// The address ranges at which this process maps `file` from its start (Linux's `/proc/self/maps`).
    static func mappings(of file: String) -> [Range<UInt>] {
        guard let maps = readWhole("/proc/self/maps") else { return [] }
        let target = URL(fileURLWithPath: file).resolvingSymlinksInPath().path
        var found: [Range<UInt>] = []
        for line in maps.split(separator: "\n") where line.hasSuffix(target) {
            // "start-end perms offset dev inode path", the path last.
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, fields[2].allSatisfy({ $0 == "0" }),
                  fields[5].drop(while: { $0 == " " }) == target else { continue }
            let bounds = fields[0].split(separator: "-").compactMap { UInt($0, radix: 16) }
            if bounds.count == 2, bounds[0] < bounds[1] { found.append(bounds[0]..<bounds[1]) }
        }
        return found
    }

    /// A file read to its end (nil when it cannot be read, or is empty): `/proc` files say they are empty, and `String(contentsOfFile:)` stops after one read.
    static func readWhole(_ path: String) -> String? {
        guard let file = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? file.close() }
        guard let bytes = try? file.readToEnd() else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
