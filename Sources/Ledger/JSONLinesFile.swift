import Foundation

/// A JSON Lines input read in chunks, so memory does not grow with the file; rewindable for retried batches.
///
/// Standard input, and any input that is not a regular file (a pipe, a FIFO, `<(…)`,
/// `/dev/stdin`), is first copied to an unlinked temporary file, because a batch may have to be
/// replayed from its first line when the ledger's map grows mid-transaction, and such input can
/// be read only once. `invites import`
/// and the benchmark's import case both read through this type, so they measure one code path.
public final class JSONLinesFile: @unchecked Sendable {
    private let descriptor: Int32
    /// The input as messages name it: its path as given, or `standard input`.
    public let name: String
    /// The input's size in bytes, when known.
    public let byteCount: Int?
    /// Bytes consumed so far in the current pass.
    public private(set) var bytesRead = 0
    /// A regular file's size and modification time when it was opened; nil for a spooled copy, which only this process writes.
    private let openedAs: (size: Int, seconds: Int, nanoseconds: Int)?
    /// For a spooled copy, the file it was copied from (device and inode) when that is a file: `import - < events.jsonl`.
    private let spooledFrom: (device: UInt, inode: UInt)?

    private init(descriptor: Int32, name: String, byteCount: Int?, openedAs: (size: Int, seconds: Int, nanoseconds: Int)? = nil,
                 spooledFrom: (device: UInt, inode: UInt)? = nil) {
        self.descriptor = descriptor
        self.name = name
        self.byteCount = byteCount
        self.openedAs = openedAs
        self.spooledFrom = spooledFrom
    }

    deinit { close(descriptor) }

    /// Opens a file, or standard input for `-`.
    public static func open(_ path: String) throws -> JSONLinesFile {
        if path == "-" {
            return try spool(STDIN_FILENO, named: "standard input")
        }
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw LedgerError("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw LedgerError("cannot read \(path): \(reason)")
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            close(descriptor)
            throw LedgerError("\(path) is a directory, not a JSON Lines file")
        case S_IFREG:
            return JSONLinesFile(descriptor: descriptor, name: path, byteCount: Int(info.st_size),
                                 openedAs: (Int(info.st_size), info.st_mtim.tv_sec, info.st_mtim.tv_nsec))
        default:
            defer { close(descriptor) }
            return try spool(descriptor, named: path)
        }
    }

    /// The longest run of bytes with no line break a spooled input may hold: 64 lines' worth of `FieldLimits.lineBytes`.
    ///
    /// Past it the input is not JSON Lines (`/dev/zero`, a binary file piped in), and copying it on
    /// would fill the temporary folder with an unlinked file no `ls` shows (audit 87 F1), for a
    /// line the import refuses whatever follows.
    public static let spooledRunLimit = 64 * FieldLimits.lineBytes

    /// Copies what `source` holds, to its end, into an unlinked temporary file, and reads that.
    ///
    /// Refused, with nothing imported, when a run of `spooledRunLimit` bytes holds no line break.
    private static func spool(_ source: Int32, named name: String) throws -> JSONLinesFile {
        // Named in every failure, with the variable that chose it: one looks at the ledger's disk otherwise (audit 68 F7).
        let folder = NSTemporaryDirectory()
        let place = "in \(folder)" + (ProcessInfo.processInfo.environment["TMPDIR"] == nil ? "" : " ($TMPDIR)")
        var template = Array((folder + "invites-stdin-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard descriptor >= 0 else {
            throw LedgerError("cannot create a temporary file for \(name) \(place): \(String(cString: strerror(errno)))")
        }
        template.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { _ = unlink(base) }
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        // Bytes since the last line break, or the start.
        var run = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count < 0, NonBlockingWait.isNotReady(errno) {
                NonBlockingWait.untilReady(source, forWriting: false)
                continue
            }
            if count < 0 {
                let reason = String(cString: strerror(errno))
                close(descriptor)  // its disk space, held by the unlinked file until closed (audit 101 F2)
                throw LedgerError("cannot read \(name): \(reason)")
            }
            if count == 0 { break }
            // From the end: a JSON Lines chunk's last break is a line's length away.
            run = chunk[0..<count].lastIndex(of: 0x0A).map { count - $0 - 1 } ?? run + count
            if run > spooledRunLimit {
                close(descriptor)
                throw LedgerError("\(name) holds more than \(spooledRunLimit >> 20) MiB with no line break (from byte \(total + count - run)): not "
                    + "JSON Lines, whose lines are at most \(FieldLimits.lineBytes >> 20) MiB; it was not read further, and nothing was imported")
            }
            do {
                try chunk.withUnsafeBytes { try write(UnsafeRawBufferPointer(rebasing: $0[0..<count]), to: descriptor) }
            } catch {
                close(descriptor)
                throw LedgerError("cannot copy \(name) to a temporary file \(place): \(error)")
            }
            total += count
        }
        var from = stat()
        let isFile = fstat(source, &from) == 0 && from.st_mode & S_IFMT == S_IFREG
        return JSONLinesFile(descriptor: descriptor, name: name, byteCount: total,
                             spooledFrom: isFile ? (UInt(from.st_dev), UInt(from.st_ino)) : nil)
    }

    /// The index of the first `\n` at or after `start`, found with `memchr` (a byte loop cost 2% of an import).
    private static func newline(in raw: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let base = raw.baseAddress, start < raw.count,
              let found = memchr(base + start, 0x0A, raw.count - start) else { return nil }
        return UnsafeRawPointer(found) - base
    }

    /// The UTF-8 byte order mark, skipped at the start of the input.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The encoding other than UTF-8 an input's first bytes are in, as its refusal names it.
    struct ForeignEncoding: Equatable {
        /// `UTF-16` or `UTF-32`.
        let family: String
        /// The byte order mark the input starts with, as hex (`FF FE`); nil when it has none.
        let mark: String?
        /// The encoding's name for `iconv -f`.
        let iconvName: String
        /// What shows the encoding when there is no mark: the NULs beside each ASCII character.
        var nulls: String {
            family == "UTF-16" ? "every other byte of its start is 0" : "three of every four bytes of its start are 0"
        }
    }

    /// The UTF-16 or UTF-32 `bytes` start in, by byte order mark or by ASCII beside NULs (`{\0"\0`, `{\0\0\0`), else nil.
    ///
    /// UTF-32 is looked for first: its little-endian mark `FF FE 00 00` starts with UTF-16's
    /// `FF FE` (audit 159). One or two characters are enough: JSON text holds no NUL, let alone
    /// three in a row or two in step.
    static func foreignEncoding(_ bytes: [UInt8]) -> ForeignEncoding? {
        if bytes.starts(with: [0xFF, 0xFE, 0, 0]) { return ForeignEncoding(family: "UTF-32", mark: "FF FE 00 00", iconvName: "UTF-32LE") }
        if bytes.starts(with: [0, 0, 0xFE, 0xFF]) { return ForeignEncoding(family: "UTF-32", mark: "00 00 FE FF", iconvName: "UTF-32BE") }
        // With a mark, iconv's plain UTF-16 reads the order from it.
        if bytes.starts(with: [0xFF, 0xFE]) { return ForeignEncoding(family: "UTF-16", mark: "FF FE", iconvName: "UTF-16") }
        if bytes.starts(with: [0xFE, 0xFF]) { return ForeignEncoding(family: "UTF-16", mark: "FE FF", iconvName: "UTF-16") }
        guard bytes.count >= 4 else { return nil }
        let isASCII = { (byte: UInt8) in byte != 0 && byte < 0x80 }
        if isASCII(bytes[0]), bytes[1...3].allSatisfy({ $0 == 0 }) { return ForeignEncoding(family: "UTF-32", mark: nil, iconvName: "UTF-32LE") }
        if bytes[0...2].allSatisfy({ $0 == 0 }), isASCII(bytes[3]) { return ForeignEncoding(family: "UTF-32", mark: nil, iconvName: "UTF-32BE") }
        if isASCII(bytes[0]), isASCII(bytes[2]), bytes[1] == 0, bytes[3] == 0 {
            return ForeignEncoding(family: "UTF-16", mark: nil, iconvName: "UTF-16LE")
        }
        if bytes[0] == 0, bytes[2] == 0, isASCII(bytes[1]), isASCII(bytes[3]) {
            return ForeignEncoding(family: "UTF-16", mark: nil, iconvName: "UTF-16BE")
        }
        return nil
    }

    /// Calls `body` with each line's 1-based number, bytes (without `\n` or `\r\n`) and place in the input, from the start.
    ///
    /// The place is the line as the input holds it, its `\r` included and its `\n` not, in
    /// bytes from the input's start (`forEachPiece(of:_:)` reads it again). A line longer than
    /// `FieldLimits.lineBytes` is passed as empty with `tooLong` set, its place whole; a byte
    /// order mark before the first line is skipped.
    public func forEachLine(_ body: (Int, UnsafeRawBufferPointer, _ place: Range<Int>, _ tooLong: Bool) throws -> Void) throws {
        // A replayed batch must see every line again (`open` spools what cannot be rewound).
        guard lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw LedgerError("cannot read \(name) again from its start: \(String(cString: strerror(errno)))")
        }
        bytesRead = 0
        let chunkSize = 1 << 20
        var buffer = [UInt8]()
        buffer.reserveCapacity(chunkSize * 2)
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var lineNumber = 0
        // Where the over-long line being skipped starts in the input, while one is.
        var longLineStart: Int?
        var endOfInput = false
        var checkedForByteOrderMark = false
        while !endOfInput {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count < 0 { throw LedgerError("reading \(name) failed: \(String(cString: strerror(errno)))") }
            if count == 0 { endOfInput = true } else {
                buffer.append(contentsOf: chunk[0..<count])
                bytesRead += count
            }
            if !checkedForByteOrderMark, buffer.count >= 4 || endOfInput {
                // Editors on Windows start UTF-8 files with one; RFC 8259 lets a parser ignore it.
                checkedForByteOrderMark = true
                if buffer.starts(with: Self.byteOrderMark) { buffer.removeFirst(Self.byteOrderMark.count) }
                // UTF-16's mark (Excel's "Unicode Text", PowerShell's `>`): each line would be refused for a NUL byte
                // in every other place, and its `\n` split off a line of its own (audit 109 F10). Without the mark:
                // `{` then a NUL, or a NUL then `{` (review 114 R10). UTF-32 alike, each line refused as bad JSON (audit 159).
                if let encoding = Self.foreignEncoding(buffer) {
                    let how = encoding.mark.map { "(it starts with the byte order mark \($0))" } ?? "with no byte order mark (\(encoding.nulls))"
                    throw LedgerError("\(name) is \(encoding.family) text \(how), and JSON Lines is UTF-8: "
                        + "convert it first (iconv -f \(encoding.iconvName) -t UTF-8), or save it as UTF-8; nothing was written")
                }
            }
            var start = 0
            // Where `buffer` starts in the input.
            let bufferOffset = bytesRead - buffer.count
            try buffer.withUnsafeBytes { raw in
                while true {
                    guard let newline = Self.newline(in: raw, from: start) ?? (endOfInput && start < raw.count ? raw.count : nil) else { break }
                    lineNumber += 1
                    var end = newline
                    if end > start, raw[end - 1] == 0x0D { end -= 1 }
                    let place = (longLineStart ?? bufferOffset + start)..<(bufferOffset + newline)
                    if longLineStart != nil || end - start > FieldLimits.lineBytes {
                        longLineStart = nil
                        try body(lineNumber, UnsafeRawBufferPointer(rebasing: raw[0..<0]), place, true)
                    } else {
                        try body(lineNumber, UnsafeRawBufferPointer(rebasing: raw[start..<end]), place, false)
                    }
                    start = min(newline + 1, raw.count)
                    if start >= raw.count { break }
                }
            }
            buffer.removeFirst(start)
            // One byte more than the limit may be the `\r` of a line of exactly the limit whose `\n` is still to come.
            if buffer.count > FieldLimits.lineBytes + 1 {
                // Drop the head of an over-long line; the rest is skipped up to its newline.
                if longLineStart == nil { longLineStart = bytesRead - buffer.count }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if let longLineStart {
            try body(lineNumber + 1, UnsafeRawBufferPointer(start: nil, count: 0), longLineStart..<bytesRead, true)
        }
    }

    /// Calls `body` with the bytes at `place` in the input, read again a piece of at most 1 MiB at a time.
    ///
    /// For `--rejects`, which copies refused lines as the input holds them, over-long ones
    /// included, after the import. Reads do not move the offset `forEachLine` reads from.
    public func forEachPiece(of place: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var piece = [UInt8](repeating: 0, count: min(place.count, 1 << 20))
        var offset = place.lowerBound
        while offset < place.upperBound {
            let wanted = min(piece.count, place.upperBound - offset)
            let count = piece.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, wanted, off_t(offset)) }
            if count < 0, errno == EINTR { continue }
            if count < 0 { throw LedgerError("reading \(name) again failed: \(String(cString: strerror(errno)))") }
            guard count > 0 else { throw LedgerError("\(name) is shorter than when it was imported") }
            try piece.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            offset += count
        }
    }

    /// Whether the file was written to since it was opened (its size or modification time differ), so that its lines may not be read again as they were.
    public func changedSinceOpened() -> Bool {
        guard let openedAs else { return false }
        var now = stat()
        guard fstat(descriptor, &now) == 0 else { return true }
        return (Int(now.st_size), now.st_mtim.tv_sec, now.st_mtim.tv_nsec) != openedAs
    }

    /// Whether `other` is an open descriptor of this very file (the same device and inode), or of the file a spooled copy was read from.
    ///
    /// So `import - --rejects events.jsonl < events.jsonl` knows it would write over its own input (audit 150).
    public func isSameFile(as other: Int32) -> Bool {
        var mine = stat(), theirs = stat()
        guard fstat(descriptor, &mine) == 0, fstat(other, &theirs) == 0 else { return false }
        if let spooledFrom, (UInt(theirs.st_dev), UInt(theirs.st_ino)) == spooledFrom { return true }
        return mine.st_dev == theirs.st_dev && mine.st_ino == theirs.st_ino
    }

    /// Writes all of `bytes` to `descriptor`, or throws what the system said.
    ///
    /// An EAGAIN waits until the descriptor is ready, as standard output's writes do: a rejects file
    /// may be a pipe or `/dev/stdout` inherited in non-blocking mode, and failed after 64 KiB with
    /// "Resource temporarily unavailable" (review 148). A regular file never says it.
    public static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) throws {
        if case let .failed(_, code) = FileDescriptorWrites.writeAll(bytes, to: descriptor, waitingWhenNotReady: true) {
            throw LedgerError(String(cString: strerror(code)))
        }
    }

    /// Whether a line holds only blanks (spaces, tabs, a stray `\r`): import skips such lines.
    public static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
