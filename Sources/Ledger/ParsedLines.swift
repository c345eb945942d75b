import Foundation

/// One line of a JSON Lines input, read and parsed ahead of the write transaction.
public struct ParsedLine {
    /// The 1-based line number.
    public let number: Int
    /// Where the line is in the input, as the input holds it (its `\r` included, its `\n` not), over-long or not:
    /// `--rejects` copies refused lines from there (`JSONLinesFile.forEachPiece(of:_:)`).
    public let place: Range<Int>
    /// The proposed event or why the line is refused; nil for a blank line, which import skips.
    public let event: Result<ProposedEvent, Rejection>?
    /// How many bytes of the input had been read when this line was handed over (for progress).
    public let bytesRead: Int
}

extension JSONLinesFile {
    /// Reads and parses every line on a second thread, calling `body` with each in line order on this one.
    ///
    /// Parsing is the largest part of an import outside the write transaction, so it overlaps
    /// the writes on a two-core machine. Lines travel in chunks of a few thousand through a
    /// queue of at most `ParsedChunk.queueCapacity` chunks, so memory stays flat whatever the
    /// input's size. When `body` throws, the reader stops; either way the reading thread has
    /// finished before this returns, so the input can be read again (a retried batch).
    public func forEachParsedLine(_ body: (ParsedLine) throws -> Void) throws {
        let queue = BoundedQueue<ParsedChunk>(capacity: ParsedChunk.queueCapacity)
        WorkerThread.start { [self] in
            do {
                try readChunks(into: queue)
                queue.close()
            } catch is ReadingStopped {
                queue.close()  // the writing thread stopped taking; it knows why
            } catch {
                queue.close(failure: error)
            }
        }
        defer {
            // Stops the reader if it still reads, and waits until its thread is done with the input.
            queue.cancel()
            queue.waitUntilClosed()
        }
        while let chunk = try queue.take() {
            for index in chunk.lines.indices {
                // The event is moved out, not copied (the chunk is done with each line once it is
                // handed on), so the line's copy below holds nothing to retain.
                let event = chunk.lines[index].event.take()
                let line = chunk.lines[index]
                try body(ParsedLine(number: line.number, place: line.place, event: event, bytesRead: chunk.bytesRead))
            }
        }
    }

    /// The reading thread's loop: each line parsed, and its place and result put in a chunk.
    private func readChunks(into queue: BoundedQueue<ParsedChunk>) throws {
        var chunk = ParsedChunk()
        try forEachLine { number, line, place, tooLong in
            let event: Result<ProposedEvent, Rejection>?
            if tooLong {
                event = .failure(Rejection(.invalidEvent, "the line is longer than \(FieldLimits.lineBytes) bytes"))
            } else if Self.isBlank(line) {
                event = nil
            } else {
                event = EventParser.parse(line: line, number: number)
            }
            chunk.lines.append((number, place, event))
            chunk.inputBytes += place.count
            if chunk.lines.count >= ParsedChunk.lineLimit || chunk.inputBytes >= ParsedChunk.byteLimit {
                chunk.bytesRead = bytesRead
                guard queue.put(chunk) else { throw ReadingStopped() }
                chunk = ParsedChunk()
            }
        }
        if !chunk.lines.isEmpty {
            chunk.bytesRead = bytesRead
            _ = queue.put(chunk)
        }
    }
}

/// Thrown inside the reading thread when the writing thread stopped taking its chunks.
private struct ReadingStopped: Error {}

/// Lines read and parsed together: each one's number, place in the input and result.
final class ParsedChunk: @unchecked Sendable {
    /// The most lines a chunk holds: it is handed over at this many, or at `byteLimit`, whichever comes first.
    static let lineLimit = 4096
    /// How many bytes of input a chunk's lines take before it is handed over, whichever of it and `lineLimit` comes first.
    ///
    /// The events a chunk holds keep their text, so this bounds a queued chunk's memory whatever the lines' length.
    static let byteLimit = 1 << 20
    /// Chunks waiting at most between the threads: enough to keep both busy, few enough to keep memory flat.
    static let queueCapacity = 4

    /// Each line's number, place in the input and parsed event (nil for a blank line).
    ///
    /// One thread at a time has the chunk (the reader fills it, then the queue hands it to the
    /// writer), and the writer takes each line's event out once: no run-time exclusivity check.
    @exclusivity(unchecked) var lines: [(number: Int, place: Range<Int>, event: Result<ProposedEvent, Rejection>?)] = []
    /// The bytes of input its lines took.
    var inputBytes = 0
    var bytesRead = 0

    init() {
        lines.reserveCapacity(Self.lineLimit)
    }
}
