import Foundation

/// Tells a data file cut short from one whose last pages LMDB never wrote because they are free.
///
/// LMDB's meta page counts every page number its last transaction allocated (`me_last_pgno`),
/// but a page allocated and freed within one transaction (a *loose* page) is not written at
/// commit: when it has the highest number, `data.mdb` ends before it. Such a file is whole:
/// no tree refers to those pages, and the free list records them. A file cut short (a partial
/// copy, a full disk during a copy) is missing pages that trees refer to, and mapping it would
/// end in SIGBUS at the first read there.
///
/// The free list is read here with `pread`, page by page, following LMDB 0.9's documented
/// on-disk layout (`lmdb.h`, `mdb.c`: page header, nodes, IDLs), so that a truncated file is
/// never read past its end. A free-list page that is itself past the end means the file was
/// cut short.
struct UnwrittenTail {
    let descriptor: Int32
    let pageSize: Int
    /// How many whole pages the file holds.
    let pagesInFile: UInt64

    /// Whether every page from the end of the file through `lastPage` is in the free list of the newest meta page.
    func isFree(through lastPage: UInt64) -> Bool {
        guard let root = freeListRoot() else { return false }
        var free = Set<UInt64>()
        guard collectFree(page: root, depth: 0, into: &free) else { return false }
        return (pagesInFile...lastPage).allSatisfy { free.contains($0) }
    }

    // MARK: LMDB 0.9's layout (64-bit)

    private static let headerSize = 16
    private static let branchFlag: UInt16 = 0x01
    private static let leafFlag: UInt16 = 0x02
    private static let bigDataFlag: UInt16 = 0x01
    private static let metaMagic: UInt32 = 0xBEEF_C0DE

    /// The root page of the free list in the meta page with the newest transaction; nil when empty or unreadable.
    private func freeListRoot() -> UInt64? {
        var best: (txnid: UInt64, root: UInt64)?
        for metaPage in [UInt64(0), 1] {
            // The meta page: header, then magic (4), version (4), address (8), map size (8), the free
            // list's MDB_db (48 bytes, root last), the main MDB_db (48), last page (8), txnid (8).
            guard let page = read(page: metaPage), Self.uint32(page, 16) == Self.metaMagic else { continue }
            let root = Self.uint64(page, 40 + 40)
            let txnid = Self.uint64(page, 144)
            if best.map({ txnid > $0.txnid }) ?? true { best = (txnid, root) }
        }
        guard let best, best.root != UInt64.max else { return nil }
        return best.root
    }

    /// Adds the page numbers at or past the file's end that the free-list tree at `page` records; false when it cannot.
    ///
    /// Only those: they are the ones `isFree` asks about, so memory follows the missing tail, not
    /// the free list. False when a page the tree needs lies past the file's end.
    private func collectFree(page number: UInt64, depth: Int, into free: inout Set<UInt64>) -> Bool {
        guard depth < 32, let page = read(page: number) else { return false }
        let flags = Self.uint16(page, 10)
        let lower = Int(Self.uint16(page, 12))
        guard lower >= Self.headerSize, lower <= pageSize else { return false }
        for index in 0..<(lower - Self.headerSize) / 2 {
            let node = Int(Self.uint16(page, Self.headerSize + 2 * index))
            guard node + 8 <= pageSize else { return false }
            let low = UInt64(Self.uint16(page, node)), high = UInt64(Self.uint16(page, node + 2))
            let nodeFlags = Self.uint16(page, node + 4)
            let keySize = Int(Self.uint16(page, node + 6))
            if flags & Self.branchFlag != 0 {
                let child = low | high << 16 | UInt64(nodeFlags) << 32
                guard collectFree(page: child, depth: depth + 1, into: &free) else { return false }
            } else if flags & Self.leafFlag != 0 {
                let size = Int(low | high << 16)
                let valueStart = node + 8 + keySize
                let value: [UInt8]
                if nodeFlags & Self.bigDataFlag != 0 {
                    guard valueStart + 8 <= pageSize, let overflow = read(pageAt: Self.uint64(page, valueStart), bytes: Self.headerSize + size) else {
                        return false
                    }
                    value = Array(overflow[Self.headerSize...])
                } else {
                    guard valueStart + size <= pageSize else { return false }
                    value = Array(page[valueStart..<valueStart + size])
                }
                // An IDL: a count, then that many page numbers, each 8 bytes.
                guard value.count >= 8 else { return false }
                // Compared before any arithmetic: a damaged count may be anything up to 2^64 - 1.
                let stated = Self.uint64(value, 0)
                guard stated < UInt64(value.count / 8) else { return false }
                let count = Int(stated)
                if count > 0 {
                    for index in 1...count {
                        let id = Self.uint64(value, index * 8)
                        if id >= pagesInFile { free.insert(id) }
                    }
                }
            } else {
                return false
            }
        }
        return true
    }

    /// Page `number`, when the file holds all of it.
    private func read(page number: UInt64) -> [UInt8]? {
        read(pageAt: number, bytes: pageSize)
    }

    /// `bytes` bytes from the start of page `number`, when the file holds them all.
    private func read(pageAt number: UInt64, bytes: Int) -> [UInt8]? {
        let pages = UInt64((bytes + pageSize - 1) / pageSize)
        guard number < pagesInFile, pages <= pagesInFile - number else { return nil }
        var buffer = [UInt8](repeating: 0, count: bytes)
        let done = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, bytes, off_t(number) * off_t(pageSize)) }
        return done == bytes ? buffer : nil
    }

    private static func uint16(_ bytes: [UInt8], _ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }

    private static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) }
    }

    private static func uint64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
    }
}
