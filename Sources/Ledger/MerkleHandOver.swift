import Foundation
import Merkle

/// A thread that hashes a batch's leaves in order, and the queues between it and the writing thread.
///
/// Chunks of leaves wait in a `BoundedQueue` of at most `capacity`, so memory stays flat however
/// long the batch; the nodes to store come back in the order the frontier completes them. The
/// thread touches nothing but this object: no LMDB, no ledger state.
final class MerkleHandOver: @unchecked Sendable {
    /// Chunks waiting at most.
    static let capacity = 4

    /// The leaves on their way to the thread; closed when the batch is done, cancelled when it was dropped.
    private let chunks = BoundedQueue<MerkleLeafChunk>(capacity: MerkleHandOver.capacity)
    /// Guards what the thread hands back: `nodes`, `frontier` and `finished`.
    private let condition = NSCondition()
    private var nodes: [BatchMerkle.Node] = []
    /// The thread's frontier: where it starts, and, once `finished`, where it ended.
    private var frontier: MerkleFrontier
    private let storedFrom: Int
    /// The thread has stopped.
    private var finished = false

    /// Starts the thread from the tree `frontier`; it keeps nodes of level `storedFrom` and above.
    init(frontier: MerkleFrontier, storedFrom: Int) {
        self.frontier = frontier
        self.storedFrom = storedFrom
        WorkerThread.start { [self] in run() }
    }

    /// Queues a chunk of leaves, waiting while `capacity` chunks wait already (dropped after `cancel`).
    func put(_ chunk: MerkleLeafChunk) {
        _ = chunks.put(chunk)
    }

    /// The nodes completed since the last call, in order.
    func takeNodes() -> [BatchMerkle.Node] {
        condition.lock()
        defer { condition.unlock() }
        var taken: [BatchMerkle.Node] = []
        swap(&taken, &nodes)
        return taken
    }

    /// Lets the thread hash every queued chunk, waits for it, and returns the nodes not yet taken and the final frontier.
    func finish() -> (nodes: [BatchMerkle.Node], frontier: MerkleFrontier) {
        chunks.close()
        condition.lock()
        defer { condition.unlock() }
        while !finished { condition.wait() }
        var taken: [BatchMerkle.Node] = []
        swap(&taken, &nodes)
        return (taken, frontier)
    }

    /// Stops the thread without hashing what is queued, and waits until it has stopped.
    func cancel() {
        chunks.cancel()
        condition.lock()
        defer { condition.unlock() }
        while !finished { condition.wait() }
    }

    /// The thread's loop: each chunk's leaves into the frontier, the nodes to store into `nodes`.
    private func run() {
        var frontier = condition.withLock { self.frontier }
        let storedFrom = storedFrom
        var completed: [BatchMerkle.Node] = []
        // `take` throws only a failure given to `close`, which this queue's producer never gives.
        while let chunk = try? chunks.take() {
            chunk.forEachLeaf { bytes in
                frontier.append(MerkleHash.leaf(bytes)) { level, index, hash in
                    if level >= storedFrom { completed.append((level, index, hash)) }
                }
            }
            condition.withLock { nodes.append(contentsOf: completed) }
            completed.removeAll(keepingCapacity: true)
        }
        condition.lock()
        self.frontier = frontier
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}
