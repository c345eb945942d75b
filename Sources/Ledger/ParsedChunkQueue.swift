import Foundation

/// The bounded hand-over between the reading thread and the writing thread.
final class ParsedChunkQueue: @unchecked Sendable {
    /// Chunks waiting at most: enough to keep both threads busy, few enough to keep memory flat.
    static let capacity = 4

    /// Thrown inside the reading thread when the writer stopped listening.
    struct Stopped: Error {}

    private let condition = NSCondition()
    private var chunks: [ParsedChunk] = []
    private var readerDone = false
    private var failure: (any Error)?
    private var stopped = false

    /// Queues a chunk, waiting while the queue is full; false when the writer stopped.
    func put(_ chunk: ParsedChunk) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= Self.capacity, !stopped { condition.wait() }
        guard !stopped else { return false }
        chunks.append(chunk)
        condition.broadcast()
        return true
    }

    /// Marks the end of the input, or the error that ended reading.
    func finish(_ error: (any Error)?) {
        condition.lock()
        readerDone = true
        if !(error is Stopped) { failure = error }
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk, waiting for it; nil at the end of the input; rethrows a read error.
    func take() throws -> ParsedChunk? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty, !readerDone { condition.wait() }
        if !chunks.isEmpty {
            let chunk = chunks.removeFirst()
            condition.broadcast()
            return chunk
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the reader (if still reading) and waits until its thread is done with the input.
    func stopAndWaitForReader() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while !readerDone { condition.wait() }
        chunks.removeAll()
        condition.unlock()
    }
}
