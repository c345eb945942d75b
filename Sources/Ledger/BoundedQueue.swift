import Foundation

/// A queue of at most `capacity` items from one producing thread to one consuming thread, so memory stays flat however much passes through.
///
/// The producer `put`s items, waiting while the queue is full, and `close`s it when done, with
/// the error that ended its work if one did. The consumer `take`s them in order, waiting while
/// the queue is empty, until it returns nil (closed and drained) or throws that error (after
/// the items queued before it). Either side may `cancel`: the queued items are dropped, `put`
/// returns false and `take` nil from then on. An import's reading thread hands its parsed lines
/// to the writing thread through one (`forEachParsedLine`), and the writing thread hands its
/// Merkle leaves to the hashing thread through another (`MerkleHandOver`).
final class BoundedQueue<Item>: @unchecked Sendable {
    /// The most items that wait at once.
    let capacity: Int

    private let condition = NSCondition()
    private var items: [Item] = []
    /// No more items will come.
    private var closed = false
    /// Why production ended early, handed to the consumer after the items before it.
    private var failure: (any Error)?
    private var cancelled = false

    /// An empty queue holding at most `capacity` items (at least 1).
    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// Queues `item`, waiting while `capacity` items wait already; false, the item dropped, once the queue is cancelled.
    func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity, !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Ends production; `failure`, if given, reaches the consumer once it has taken what is queued.
    func close(failure: (any Error)? = nil) {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        self.failure = failure
        condition.broadcast()
    }

    /// The next item, waiting for one; nil once the queue is closed and drained, or cancelled; throws the producer's failure once drained.
    func take() throws -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty, !closed, !cancelled { condition.wait() }
        if cancelled { return nil }
        if !items.isEmpty {
            let item = items.removeFirst()
            condition.broadcast()
            return item
        }
        if let failure { throw failure }
        return nil
    }

    /// Drops what is queued and wakes both sides: from now on `put` returns false and `take` nil.
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        items.removeAll()
        condition.broadcast()
    }

    /// Waits until the producer has closed the queue (after a `cancel`, until it has noticed and stopped).
    func waitUntilClosed() {
        condition.lock()
        defer { condition.unlock() }
        while !closed { condition.wait() }
    }
}
