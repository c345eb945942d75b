import Foundation

/// One line of a JSON Lines import, parsed on the reading thread.
public struct ParsedLine {
    /// The 1-based line number.
    public let number: Int
    /// The event the line proposes, or why it cannot be one.
    public let parsed: Result<ProposedEvent, Rejection>
    /// The line's bytes (empty for an over-long line), valid only during the call that receives it.
    public let bytes: UnsafeRawBufferPointer
    /// How many input bytes the reader had consumed when it passed this line (for progress).
    public let bytesRead: Int
}

/// Reads and parses an import's lines on a second thread and feeds them, in order, to the calling thread.
///
/// ```swift
/// try ParsedLineFeed.forEach(noteLimit: writer.policy.noteLimit, reading: { line in
///     try input.forEachLine { number, bytes, tooLong in try line(number, bytes, tooLong, input.bytesRead) }
/// }) { line in try writer.add(line: line.number, line.parsed) }
/// ```
///
/// Threading: `reading` runs on a thread of its own (one at a time, never concurrently with
/// itself); `body` runs on the calling thread, which keeps the ledger's write transaction
/// (LMDB's write lock belongs to a thread). Parsing is pure, so the two overlap safely. The
/// reading thread runs at most a few chunks of lines ahead, so memory stays bounded. When
/// `body` or `reading` throws, the other side stops and the error reaches the caller; the
/// reading thread has ended when `forEach` returns or throws.
///
/// Blank lines are skipped; an over-long line (`tooLong`) becomes an `invalid_event` rejection.
public enum ParsedLineFeed {
    /// Gives each line (number, bytes, too long, input bytes read so far) to the feed.
    public typealias LineSink = (Int, UnsafeRawBufferPointer, Bool, Int) throws -> Void

    /// Lines handed over at once: enough to make the hand-over cost nothing per line.
    static let linesPerChunk = 2_048
    /// Chunks the reading thread may run ahead of the writing one.
    static let chunksAhead = 4

    /// Calls `body` with every non-blank line `reading` produces, parsed with `EventParser`, in order.
    public static func forEach(noteLimit: Int, reading: (_ line: LineSink) throws -> Void,
                               _ body: (ParsedLine) throws -> Void) throws {
        let handoff = Handoff(capacity: chunksAhead)
        let finished = DispatchSemaphore(value: 0)
        try withoutActuallyEscaping(reading) { reading in
            let reader = ReaderBox(reading)
            let thread = Thread {
                if let reading = reader.reading {
                    handoff.finish(throwing: Self.produce(reading, noteLimit: noteLimit, into: handoff))
                }
                // Dropped before `forEach` may return: the closure must not outlive its call.
                reader.reading = nil
                finished.signal()
            }
            thread.name = "invites-parse"
            thread.start()
            defer {
                handoff.cancel()
                finished.wait()
            }
            while let chunk = try handoff.take() {
                try chunk.raw.withUnsafeBytes { raw in
                    for line in chunk.lines {
                        try body(ParsedLine(number: line.number, parsed: line.parsed,
                                            bytes: UnsafeRawBufferPointer(rebasing: raw[line.start..<line.end]),
                                            bytesRead: line.bytesRead))
                    }
                }
            }
        }
    }

    /// The reading thread's loop; returns the error that ended it, if any.
    private static func produce(_ reading: (LineSink) throws -> Void, noteLimit: Int, into handoff: Handoff) -> Error? {
        var chunk = Chunk()
        do {
            try reading { number, bytes, tooLong, bytesRead in
                if tooLong {
                    chunk.add(number, bytes, .failure(Rejection(.invalidEvent, "the line is longer than \(FieldLimits.lineBytes) bytes")), bytesRead)
                } else if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    return
                } else {
                    chunk.add(number, bytes, EventParser.parse(line: bytes, noteLimit: noteLimit), bytesRead)
                }
                if chunk.lines.count >= linesPerChunk {
                    guard handoff.put(chunk) else { throw Cancelled() }
                    chunk = Chunk()
                }
            }
            if !chunk.lines.isEmpty, !handoff.put(chunk) { throw Cancelled() }
            return nil
        } catch {
            // The lines read before the error still come first.
            if !(error is Cancelled), !chunk.lines.isEmpty { _ = handoff.put(chunk) }
            return error
        }
    }

    /// Lines parsed together, with a copy of their bytes.
    private final class Chunk: @unchecked Sendable {
        struct Line {
            var number: Int
            var start: Int
            var end: Int
            var parsed: Result<ProposedEvent, Rejection>
            var bytesRead: Int
        }

        var raw: [UInt8] = []
        var lines: [Line] = []

        init() {
            lines.reserveCapacity(ParsedLineFeed.linesPerChunk)
        }

        func add(_ number: Int, _ bytes: UnsafeRawBufferPointer, _ parsed: Result<ProposedEvent, Rejection>, _ bytesRead: Int) {
            let start = raw.count
            raw.append(contentsOf: bytes)
            lines.append(Line(number: number, start: start, end: raw.count, parsed: parsed, bytesRead: bytesRead))
        }
    }

    /// Thrown on the reading thread when the writing side has stopped listening.
    private struct Cancelled: Error {}

    /// Carries the caller's reading closure to the reading thread, which uses it (and then lets go of it) while `forEach` waits.
    private final class ReaderBox: @unchecked Sendable {
        var reading: ((LineSink) throws -> Void)?
        init(_ reading: @escaping (LineSink) throws -> Void) { self.reading = reading }
    }

    /// A bounded first-in, first-out queue of chunks between the two threads.
    private final class Handoff: @unchecked Sendable {
        private let condition = NSCondition()
        private let capacity: Int
        private var ready: [Chunk] = []
        private var finished = false
        private var failure: Error?
        private var cancelled = false

        init(capacity: Int) { self.capacity = capacity }

        /// Queues a chunk, waiting while the queue is full; false when the taker has gone.
        func put(_ chunk: Chunk) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            while ready.count >= capacity && !cancelled { condition.wait() }
            if cancelled { return false }
            ready.append(chunk)
            condition.broadcast()
            return true
        }

        /// Marks the end of the input, or the error that ended reading early.
        func finish(throwing error: Error?) {
            condition.lock()
            finished = true
            if let error, !(error is Cancelled) { failure = error }
            condition.broadcast()
            condition.unlock()
        }

        /// The next chunk, waiting for it; nil at the end; the reader's error once the chunks before it are taken.
        func take() throws -> Chunk? {
            condition.lock()
            defer { condition.unlock() }
            while ready.isEmpty && !finished { condition.wait() }
            if !ready.isEmpty {
                let chunk = ready.removeFirst()
                condition.broadcast()
                return chunk
            }
            if let failure { throw failure }
            return nil
        }

        /// Tells the reader to stop (the taker is done, normally or not).
        func cancel() {
            condition.lock()
            cancelled = true
            ready.removeAll()
            condition.broadcast()
            condition.unlock()
        }
    }
}
