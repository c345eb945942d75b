import LMDB

/// How a batch is committed: in one transaction, or in chunks as it goes, to keep its memory low.
public enum BatchCommits: Sendable, Equatable {
    /// One transaction: the batch is recorded whole or not at all, and readers see all of it at once.
    case atOnce
    /// A commit after every `events` appended events (or `BatchChunks.maxChunkBytes` of records).
    ///
    /// So a long import holds one chunk's pages in memory, not the whole batch's (`ChunkedWrite`).
    ///
    /// Only for a ledger no other process can open until the batch is done: a first import's
    /// folder of its own, moved into place once the batch committed. A batch that is refused
    /// or fails leaves a partial ledger there, which the caller must throw away; so does a map
    /// that fills up after a chunk was committed (`filledTheMap(_:)`).
    case inChunks(events: Int)

    /// Whether `error` is LMDB's full map, which a chunk meets when it outgrows the room kept for it.
    ///
    /// So the command layer can import again at once without knowing LMDB's error codes.
    public static func filledTheMap(_ error: any Error) -> Bool {
        (error as? LMDBError)?.isMapFull == true
    }

    /// The chunk size of a first import, in events.
    ///
    /// A chunk's pages (log, ids, Merkle nodes) take ≈ 7 MB; chunks of 32,768 made a
    /// million-event import 10% slower for 3 MB less.
    public static let chunkEvents = 65_536
}

/// The chunked commits of a batch written `inChunks`.
///
/// What a chunk commits is its log records, chain checkpoints, Merkle nodes and the event ids
/// that went straight into the ids index: the pages LMDB would otherwise hold on the heap
/// until the end. The batch's other index entries wait in its `IndexOverlay`, as they do in
/// one transaction, and go to LMDB in key order at the end, committing every `events`
/// entries: put chunk by chunk as they came, into pages already full, they would split pages
/// in half and leave the indexes ≈ 30% larger. Those it no longer needs at hand leave memory
/// as each chunk commits, for sorted runs in files of their own (`IndexOverlay.spill`), which
/// the end merges.
final class BatchChunks {
    private let write: ChunkedWrite
    private let names: NameTable
    /// Appended events per chunk, and index entries per chunk when they are written at the end.
    let events: Int
    /// Most bytes of records in a chunk, however few its events: lines may be up to 1 MiB long.
    /// With its index entries and Merkle nodes a chunk takes less than three times that, and
    /// the map keeps four times free between chunks (`ChunkedWrite`), so it does not fill up.
    static let maxChunkBytes = 64 << 20
    private var chunkEvents = 0
    private var chunkBytes = 0

    init(write: ChunkedWrite, names: NameTable, events: Int) {
        self.write = write
        self.names = names
        self.events = max(events, 1)
    }

    /// How many events the map keeps the pages read for, at most (`ChunkedWrite.releaseMappedPages`).
    static let releaseInterval = 256

    /// Notes one appended event whose record took `recordBytes`.
    func noteAppended(recordBytes: Int) {
        chunkEvents += 1
        chunkBytes += recordBytes
        if chunkEvents % Self.releaseInterval == 0 { write.releaseMappedPages() }
    }

    /// Notes that `count` index entries were written at the end.
    ///
    /// Puts into the middle of a B-tree read its pages through the map (and the kernel maps up
    /// to 64 KiB around each).
    func noteWritten(entries count: Int) {
        if count % Self.releaseInterval == 0 { write.releaseMappedPages() }
    }

    /// Lets go of the map's pages read so far, before the chunk's commit and the batch's spill, its largest moment.
    func releaseMappedPages() {
        write.releaseMappedPages()
    }

    /// Whether the chunk is full, so the batch commits before its next event.
    var isFull: Bool { chunkEvents >= events || chunkBytes >= Self.maxChunkBytes }

    /// Commits the batch so far and begins the next transaction; the names interned so far are committed with it.
    func commit() throws -> Transaction {
        let txn = try write.commitAndContinue()
        names.commitPending()
        chunkEvents = 0
        chunkBytes = 0
        return txn
    }
}
