import Foundation
import LMDB

/// One sorted run of index entries that a batch written in chunks moved out of memory: a file of its own.
///
/// The file holds the entries back to back, each its key's length (2 bytes), its value's
/// length (4 bytes), the key and the value (the value as the index stores it), in this
/// machine's byte order: the file never outlives the process. Keys are unique and in LMDB's
/// order. Memory keeps the run's `KeyFilter` and the first key of every block of
/// `blockEntries` entries, so a look-up reads one block with one `pread`; the batch's end
/// reads the runs in order (`Reader`) and merges them.
///
/// The file is read, not mapped: pages of a map that a look-up touches would count as this
/// process's memory until let go of, and the kernel maps up to 64 KiB around each.
///
/// The file is unlinked as soon as it is created: a batch that fails, or a process killed,
/// leaves nothing behind, and nothing else can open it. It lives until the run is dropped.
final class SpillRun {
    /// How many entries the run holds.
    let count: Int
    /// The run's keys, for look-ups that can skip it.
    let filter: KeyFilter
    private let descriptor: Int32
    /// Where each block starts in the file, and where the file ends.
    private let blockStarts: [Int]
    /// The first key of each block, back to back, and where each ends there.
    private let firstKeys: [UInt8]
    private let firstKeyEnds: [Int]
    /// The block a look-up read last (one thread uses a run: no run-time exclusivity checks).
    @exclusivity(unchecked) private var block = SpillBuffer()

    /// Entries per block: a block of pairs or invitations is a few KiB.
    static let blockEntries = 64

    /// Writes a run in a new file in `folder`: `produce` hands each entry, in key order, to the `Writer`.
    ///
    /// `entries` is how many it will hand at most, which sizes the run's filter (more work, but
    /// let through more keys it does not hold).
    init(folder: String, entries: Int, produce: (inout Writer) throws -> Void) throws {
        var template = (folder + "/.spill-XXXXXX").utf8CString
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let name = buffer.baseAddress else { return -1 }
            let opened = mkstemp(name)
            if opened >= 0 { unlink(name) }
            return opened
        }
        guard descriptor >= 0 else { throw Self.failure("creating a file for the import's spilled index entries in \(folder)") }
        var writer = Writer(descriptor: descriptor, folder: folder, entries: entries)
        do {
            try produce(&writer)
            try writer.finish()
        } catch {
            close(descriptor)
            throw error
        }
        self.descriptor = descriptor
        count = writer.count
        filter = writer.filter
        blockStarts = writer.blockStarts + [writer.written]
        firstKeys = writer.firstKeys
        firstKeyEnds = writer.firstKeyEnds
    }

    deinit {
        close(descriptor)
    }

    /// The value of `key` (whose `KeyFilter.hash` is `hash`), or nil when the run does not hold it.
    ///
    /// The bytes are valid until the run's next look-up.
    func value(of key: UnsafeRawBufferPointer, hash: UInt64) throws -> UnsafeRawBufferPointer? {
        guard filter.mayContain(hash: hash) else { return nil }
        // The last block whose first key is not after `key`.
        var low = 0
        var high = firstKeyEnds.count
        firstKeys.withUnsafeBytes { keys in
            while low < high {
                let middle = (low + high) / 2
                let start = middle == 0 ? 0 : firstKeyEnds[middle - 1]
                if IndexEntryTable<Int>.compare(UnsafeRawBufferPointer(rebasing: keys[start..<firstKeyEnds[middle]]), key) <= 0 {
                    low = middle + 1
                } else {
                    high = middle
                }
            }
        }
        guard low > 0 else { return nil }
        let start = blockStarts[low - 1]
        let bytes = try block.read(descriptor, at: start, count: blockStarts[low] - start)
        var offset = 0
        while offset < bytes.count {
            let entry = SpillEntry(in: bytes, at: offset)
            let order = IndexEntryTable<Int>.compare(entry.key, key)
            if order == 0 { return entry.value }
            if order > 0 { return nil }
            offset = entry.end
        }
        return nil
    }

    /// The error of a failed file operation, as LMDB's own are said: a full disk says so, and that the import wrote nothing.
    ///
    /// Runs belong to a batch written in chunks, whose folder is thrown away when it fails.
    static func failure(_ context: String) -> LMDBError {
        let code = errno
        let refused = LMDBError(code: code, context: context)
        guard refused.isDiskRefusal else { return refused }
        return LMDBError(code: code, context: context,
                         detail: "\(String(cString: strerror(code))): the disk is full or failing, and nothing of this import was written")
    }

    /// Moves all of `count` bytes with `transfer`, going on after short transfers and signals.
    ///
    /// Given the bytes done and left, `transfer` returns what `pread` or `pwrite` returns; a
    /// transfer of nothing is the error `noneMeans` (a full disk for a write, a short file for a read).
    fileprivate static func transferAll(_ count: Int, noneMeans: Int32, context: String, _ transfer: (Int, Int) -> Int) throws {
        if case let .failed(returned, code) = FileDescriptorWrites.transferAll(count, transfer) {
            errno = returned == 0 ? noneMeans : code
            throw failure(context)
        }
    }

    /// Reads a run's entries in order, a piece of the file at a time, for the batch's end.
    final class Reader {
        // One thread reads, an entry at a time: its properties skip the run-time exclusivity checks.
        private let run: SpillRun
        @exclusivity(unchecked) private var buffer = SpillBuffer()
        /// The piece of the file in the buffer: where it starts, and how many bytes it holds.
        @exclusivity(unchecked) private var pieceStart = 0
        @exclusivity(unchecked) private var piece = UnsafeRawBufferPointer(start: nil, count: 0)
        /// The current entry, within `piece`.
        @exclusivity(unchecked) private var entry: SpillEntry?

        static let pieceBytes = 64 << 10

        init(_ run: SpillRun) throws {
            self.run = run
            try load(from: 0)
        }

        /// The current entry's key and value, valid until `advance`; nil once past the last.
        var current: SpillEntry? { entry }

        /// Moves to the next entry.
        func advance() throws {
            guard let entry else { return }
            try load(from: pieceStart + entry.end)
        }

        /// Makes the entry at file offset `start` current, reading the piece of the file it starts.
        private func load(from start: Int) throws {
            let end = run.blockStarts.last ?? 0
            guard start < end else {
                entry = nil
                return
            }
            if start < pieceStart || start >= pieceStart + piece.count {
                piece = try buffer.read(run.descriptor, at: start, count: min(Self.pieceBytes, end - start))
                pieceStart = start
            }
            var found = SpillEntry(in: piece, at: start - pieceStart)
            // An entry that runs past the piece: read again from its start, all of it.
            while found.end > piece.count {
                let needed = found.end - found.start
                guard found.start > 0 || needed > piece.count, needed <= end - start else {
                    throw StorageError("the import's spilled index entries end inside an entry, at byte \(start)")
                }
                piece = try buffer.read(run.descriptor, at: start, count: min(max(Self.pieceBytes, needed), end - start))
                pieceStart = start
                found = SpillEntry(in: piece, at: 0)
            }
            entry = found
        }
    }

    /// Writes a run's entries to its file through a buffer.
    struct Writer: ~Copyable {
        fileprivate let descriptor: Int32
        /// Where the run's file is, for messages.
        private let folder: String
        private var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Writer.bufferBytes, alignment: 8)
        private var buffered = 0
        fileprivate var count = 0
        fileprivate var filter: KeyFilter
        fileprivate var blockStarts: [Int] = []
        fileprivate var firstKeys: [UInt8] = []
        fileprivate var firstKeyEnds: [Int] = []
        fileprivate var written = 0

        fileprivate init(descriptor: Int32, folder: String, entries: Int) {
            self.descriptor = descriptor
            self.folder = folder
            filter = KeyFilter(keys: entries)
        }

        deinit { buffer.deallocate() }

        static let bufferBytes = 1 << 20

        /// Adds the next entry: `key` sorts after the one before.
        mutating func add(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws {
            if count % SpillRun.blockEntries == 0 {
                blockStarts.append(written + buffered)
                firstKeys.append(contentsOf: key)
                firstKeyEnds.append(firstKeys.count)
            }
            count += 1
            filter.insert(hash: KeyFilter.hash(key))
            let length = 6 + key.count + value.count
            if buffered + length > buffer.count { try flush() }
            if length > buffer.count {
                buffer.deallocate()
                buffer = .allocate(byteCount: length, alignment: 8)
            }
            buffer.storeBytes(of: UInt16(key.count), toByteOffset: buffered, as: UInt16.self)
            buffer.storeBytes(of: UInt32(value.count), toByteOffset: buffered + 2, as: UInt32.self)
            UnsafeMutableRawBufferPointer(rebasing: buffer[(buffered + 6)...]).copyMemory(from: key)
            UnsafeMutableRawBufferPointer(rebasing: buffer[(buffered + 6 + key.count)...]).copyMemory(from: value)
            buffered += length
        }

        fileprivate mutating func finish() throws {
            try flush()
        }

        private mutating func flush() throws {
            guard let start = buffer.baseAddress else { return }
            let (descriptor, offset) = (descriptor, written)
            try SpillRun.transferAll(buffered, noneMeans: ENOSPC, context: "writing the import's spilled index entries in \(folder)") { done, left in
                pwrite(descriptor, start + done, left, off_t(offset + done))
            }
            written += buffered
            buffered = 0
        }
    }
}

/// One entry of a run, read from a buffer holding it: its key, its value, and where it ends there.
struct SpillEntry {
    let start: Int
    let end: Int
    let key: UnsafeRawBufferPointer
    let value: UnsafeRawBufferPointer

    /// The entry at `offset` of `bytes`; its key and value are empty when `bytes` ends before them (`end` says how far it goes).
    init(in bytes: UnsafeRawBufferPointer, at offset: Int) {
        start = offset
        guard offset + 6 <= bytes.count else {
            end = offset + 6
            key = UnsafeRawBufferPointer(start: nil, count: 0)
            value = key
            return
        }
        let keyLength = Int(bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
        let valueLength = Int(bytes.loadUnaligned(fromByteOffset: offset + 2, as: UInt32.self))
        end = offset + 6 + keyLength + valueLength
        guard end <= bytes.count, let base = bytes.baseAddress else {
            key = UnsafeRawBufferPointer(start: nil, count: 0)
            value = key
            return
        }
        key = UnsafeRawBufferPointer(start: base + offset + 6, count: keyLength)
        value = UnsafeRawBufferPointer(start: base + offset + 6 + keyLength, count: valueLength)
    }
}

/// A buffer a run's file is read into, grown as needed and freed with its owner.
private struct SpillBuffer: ~Copyable {
    private var storage = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    deinit { storage.deallocate() }

    /// Reads `count` bytes of `descriptor` from offset `start`; the bytes are valid until the next read.
    mutating func read(_ descriptor: Int32, at start: Int, count: Int) throws -> UnsafeRawBufferPointer {
        if storage.count < count {
            storage.deallocate()
            storage = .allocate(byteCount: max(count, 4_096), alignment: 8)
        }
        guard let base = storage.baseAddress else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        try SpillRun.transferAll(count, noneMeans: EIO, context: "reading the import's spilled index entries") { done, left in
            pread(descriptor, base + done, left, off_t(start + done))
        }
        return UnsafeRawBufferPointer(start: base, count: count)
    }
}
