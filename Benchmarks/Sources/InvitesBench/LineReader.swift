#if canImport(Glibc)
import Glibc
#endif
import Ledger

/// Reads a JSON Lines file in 1 MiB chunks, as `invites import` does (`Sources/InvitesCLI/LineSource.swift`).
///
/// The CLI's reader lives in its executable target, which no package can import, so this is
/// a copy of its loop: same chunk size, same newline search, same buffer handling. Keep the
/// two in step, so the import case measures the CLI's code path.
struct LineReader {
    let path: String

    struct ReadError: Error, CustomStringConvertible { let description: String }

    /// Calls `body` with each line's 1-based number and bytes (without `\n` or `\r\n`).
    func forEachLine(_ body: (Int, UnsafeRawBufferPointer, _ tooLong: Bool) throws -> Void) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ReadError(description: "cannot read \(path)") }
        defer { close(descriptor) }
        let chunkSize = 1 << 20
        var buffer = [UInt8]()
        buffer.reserveCapacity(chunkSize * 2)
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var lineNumber = 0
        var skippingLongLine = false
        var endOfInput = false
        while !endOfInput {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { throw ReadError(description: "reading \(path) failed") }
            if count == 0 { endOfInput = true } else {
                buffer.append(contentsOf: chunk[0..<count])
            }
            var start = 0
            try buffer.withUnsafeBytes { raw in
                while true {
                    guard let newline = raw[start...].firstIndex(of: 0x0A) ?? (endOfInput && start < raw.count ? raw.count : nil) else { break }
                    lineNumber += 1
                    var end = newline
                    if end > start, raw[end - 1] == 0x0D { end -= 1 }
                    if skippingLongLine {
                        skippingLongLine = false
                        try body(lineNumber, UnsafeRawBufferPointer(rebasing: raw[0..<0]), true)
                    } else if end - start > FieldLimits.lineBytes {
                        try body(lineNumber, UnsafeRawBufferPointer(rebasing: raw[0..<0]), true)
                    } else {
                        try body(lineNumber, UnsafeRawBufferPointer(rebasing: raw[start..<end]), false)
                    }
                    start = min(newline + 1, raw.count)
                    if start >= raw.count { break }
                }
            }
            buffer.removeFirst(start)
            if buffer.count > FieldLimits.lineBytes {
                skippingLongLine = true
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if skippingLongLine {
            try body(lineNumber + 1, UnsafeRawBufferPointer(start: nil, count: 0), true)
        }
    }

    /// True for a line of only blanks, which import skips.
    static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    /// Every line parsed with `EventParser`, in order; throws on the first invalid line.
    func parseAll(noteLimit: Int = Policy().noteLimit) throws -> [ProposedEvent] {
        var events: [ProposedEvent] = []
        try forEachLine { number, line, tooLong in
            guard !tooLong else { throw ReadError(description: "line \(number) is too long") }
            if LineReader.isBlank(line) { return }
            switch EventParser.parse(line: line, noteLimit: noteLimit) {
            case .success(let event): events.append(event)
            case .failure(let rejection): throw ReadError(description: "line \(number): \(rejection)")
            }
        }
        return events
    }
}
