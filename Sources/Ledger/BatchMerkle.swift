import Merkle

/// Extends a batch's Merkle tree: inline for a batch's first leaves, then on a thread of its own.
///
/// An event's leaf hash and the interior nodes above it cost about seven SHA-256 blocks, a
/// tenth of an import's writing thread. Once a batch has appended `inlineLeaves` leaves (so a
/// single append or a small batch starts no thread), later leaves' canonical bytes go, in
/// chunks, to a `MerkleHandOver` thread that hashes them while the writing thread validates
/// the next events. The nodes it completes come back in order and the writing thread stores
/// them, so LMDB is only ever written from the transaction's own thread. Both ways run
/// `MerkleFrontier.append` over the same leaves in the same order, so they store the same
/// nodes and end with the same frontier.
///
/// A class so that a batch dropped half way (a refused batch, a map that filled up) stops its
/// thread when it goes. Only the writing thread touches its properties, once per event each,
/// so they skip Swift's run-time exclusivity checks, as `IndexOverlay`'s do.
final class BatchMerkle {
    /// Leaves hashed inline before a thread takes over.
    static let inlineLeaves = 2_048

    /// A node to store: its level, its index at that level, and its hash.
    typealias Node = (level: Int, index: UInt64, hash: Digest)

    @exclusivity(unchecked) private var frontier: MerkleFrontier
    private let storedFrom: Int
    @exclusivity(unchecked) private var inlineCount = 0
    /// The thread, once the batch is past `inlineLeaves` (readable for tests: it lives as long as its thread runs).
    @exclusivity(unchecked) private(set) var handOver: MerkleHandOver?
    @exclusivity(unchecked) private var chunk = MerkleLeafChunk()

    /// Starts from the tree before the batch; nodes of level `storedFrom` and above are stored.
    init(frontier: MerkleFrontier, storedFrom: Int) {
        self.frontier = frontier
        self.storedFrom = storedFrom
    }

    deinit {
        handOver?.cancel()
    }

    /// Adds the leaf of one event's canonical JSON, passing each node to store to `store`, in order.
    ///
    /// Inline, `store` sees the leaf's nodes before this returns; with the thread, it sees
    /// those of earlier leaves as they complete, and `finish` passes on the rest.
    func append(_ canonical: [UInt8], store: (Node) throws -> Void) throws {
        if let handOver {
            chunk.add(canonical)
            if chunk.isFull {
                handOver.put(chunk)
                chunk = MerkleLeafChunk()
                for node in handOver.takeNodes() { try store(node) }
            }
            return
        }
        let storedFrom = storedFrom
        try frontier.append(MerkleHash.leaf(canonical)) { level, index, hash in
            if level >= storedFrom { try store((level, index, hash)) }
        }
        inlineCount += 1
        if inlineCount == Self.inlineLeaves {
            handOver = MerkleHandOver(frontier: frontier, storedFrom: storedFrom)
        }
    }

    /// Waits until every leaf is hashed, passes the last nodes to `store`, and returns the tree's frontier.
    func finish(store: (Node) throws -> Void) throws -> MerkleFrontier {
        guard let handOver else { return frontier }
        if !chunk.isEmpty {
            handOver.put(chunk)
            chunk = MerkleLeafChunk()
        }
        let (nodes, last) = handOver.finish()
        self.handOver = nil
        frontier = last
        for node in nodes { try store(node) }
        return frontier
    }
}

/// The canonical JSON of consecutive events, in one buffer, on their way to the Merkle thread.
struct MerkleLeafChunk: Sendable {
    /// A chunk is handed over at this many leaves.
    static let leafLimit = 512

    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []

    var isEmpty: Bool { ends.isEmpty }
    var isFull: Bool { ends.count >= Self.leafLimit }

    mutating func add(_ canonical: [UInt8]) {
        if bytes.isEmpty { bytes.reserveCapacity(Self.leafLimit * 256) }
        bytes.append(contentsOf: canonical)
        ends.append(bytes.count)
    }

    /// Calls `body` with each leaf's bytes, in order.
    func forEachLeaf(_ body: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { raw in
            var start = 0
            for end in ends {
                body(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                start = end
            }
        }
    }
}
