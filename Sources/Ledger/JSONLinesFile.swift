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
    /// The input's size in bytes, when known.
    public let byteCount: Int?
    /// Bytes consumed so far in the current pass.
    public private(set) var bytesRead = 0

    private init(descriptor: Int32, byteCount: Int?) {
        self.descriptor = descriptor
        self.byteCount = byteCount
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
        fstat(descriptor, &info)
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            close(descriptor)
            throw LedgerError("\(path) is a directory, not a JSON Lines file")
        case S_IFREG:
            return JSONLinesFile(descriptor: descriptor, byteCount: Int(info.st_size))
        default:
            defer { close(descriptor) }
            return try spool(descriptor, named: path)
        }
    }

    /// Copies what `source` holds, to its end, into an unlinked temporary file, and reads that.
    private static func spool(_ source: Int32, named name: String) throws -> JSONLinesFile {
        var template = Array((NSTemporaryDirectory() + "invites-stdin-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard descriptor >= 0 else { throw LedgerError("cannot create a temporary file for \(name)") }
        template.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { _ = unlink(base) }
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count < 0 { throw LedgerError("cannot read \(name): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            var offset = 0
            while offset < count {
                let written = chunk.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress.map { $0 + offset }, count - offset) }
                guard written > 0 else { throw LedgerError("cannot copy \(name) to a temporary file: \(String(cString: strerror(errno)))") }
                offset += written
            }
            total += count
        }
        return JSONLinesFile(descriptor: descriptor, byteCount: total)
    }

    /// The index of the first `\n` at or after `start`, found with `memchr` (a byte loop cost 2% of an import).
    private static func newline(in raw: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let base = raw.baseAddress, start < raw.count,
              let found = memchr(base + start, 0x0A, raw.count - start) else { return nil }
        return UnsafeRawPointer(found) - base
    }

    /// The UTF-8 byte order mark, skipped at the start of the input.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Calls `body` with each line's 1-based number and bytes (without `\n` or `\r\n`), from the start.
    ///
    /// A line longer than `FieldLimits.lineBytes` is passed as empty with `tooLong` set; a byte
    /// order mark before the first line is skipped. `endedByCRLF` says the line ended in `\r\n`.
    public func forEachLine(_ body: (Int, UnsafeRawBufferPointer, _ tooLong: Bool, _ endedByCRLF: Bool) throws -> Void) throws {
        // A replayed batch must see every line again (`open` spools what cannot be rewound).
        guard lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw LedgerError("cannot read the input again from its start: \(String(cString: strerror(errno)))")
        }
        bytesRead = 0
        let chunkSize = 1 << 20
        var buffer = [UInt8]()
        buffer.reserveCapacity(chunkSize * 2)
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var lineNumber = 0
        var skippingLongLine = false
        var endOfInput = false
        var checkedForByteOrderMark = false
        while !endOfInput {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { throw LedgerError("reading the input failed: \(String(cString: strerror(errno)))") }
            if count == 0 { endOfInput = true } else {
                buffer.append(contentsOf: chunk[0..<count])
                bytesRead += count
            }
            if !checkedForByteOrderMark, buffer.count >= Self.byteOrderMark.count || endOfInput {
                // Editors on Windows start UTF-8 files with one; RFC 8259 lets a parser ignore it.
                checkedForByteOrderMark = true
                if buffer.starts(with: Self.byteOrderMark) { buffer.removeFirst(Self.byteOrderMark.count) }
            }
            var start = 0
            try buffer.withUnsafeBytes { raw in
                while true {
                    guard let newline = Self.newline(in: raw, from: start) ?? (endOfInput && start < raw.count ? raw.count : nil) else { break }
                    lineNumber += 1
                    var end = newline
                    let crlf = end > start && newline < raw.count && raw[end - 1] == 0x0D
                    if end > start, raw[end - 1] == 0x0D { end -= 1 }
                    if skippingLongLine {
                        skippingLongLine = false
                        try body(lineNumber, UnsafeRawBufferPointer(rebasing: raw[0..<0]), true, crlf)
                    } else if end - start > FieldLimits.lineBytes {
                        try body(lineNumber, UnsafeRawBufferPointer(rebasing: raw[0..<0]), true, crlf)
                    } else {
                        try body(lineNumber, UnsafeRawBufferPointer(rebasing: raw[start..<end]), false, crlf)
                    }
                    start = min(newline + 1, raw.count)
                    if start >= raw.count { break }
                }
            }
            buffer.removeFirst(start)
            if buffer.count > FieldLimits.lineBytes {
                // Drop the head of an over-long line; the rest is skipped up to its newline.
                skippingLongLine = true
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if skippingLongLine {
            try body(lineNumber + 1, UnsafeRawBufferPointer(start: nil, count: 0), true, false)
        }
    }

    /// Whether a line holds only blanks (spaces, tabs, a stray `\r`): import skips such lines.
    public static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
