/// The entries of one index (ids, invitations or pairs) that a batch written in chunks moved out of memory, run by run.
///
/// Each chunk's commit may add a run (`SpillRun`); a key spilled again later is in a newer run
/// too, and the newest says its value. Nothing here is in LMDB until the batch's end merges
/// the runs with the entries still in memory and writes them in key order
/// (`IndexOverlay.flush`), so the index's pages fill as when the whole batch is written at once.
struct SpilledIndex {
    /// The runs, oldest first, and the level of each.
    ///
    /// A chunk's run is level 0, and `mergedRuns` runs of one level in a row are merged into one of the next.
    private var runs: [SpillRun] = []
    private var levels: [Int] = []
    /// Where runs are written.
    let folder: String

    /// How many runs of a level are merged into one.
    ///
    /// A look-up reads each run's filter, so a batch of c chunks keeps about 3·log₄ c runs, not
    /// c, and each entry is written again about log₄ c times.
    static let mergedRuns = 4

    init(folder: String) {
        self.folder = folder
    }

    /// Whether no entry was spilled.
    var isEmpty: Bool { runs.isEmpty }

    /// How many runs there are now (tests watch runs merge).
    var runCount: Int { runs.count }

    /// How many entries the runs hold, a key spilled twice counted twice.
    var count: Int { runs.reduce(0) { $0 + $1.count } }

    /// Adds the newest run, then merges the newest runs while `mergedRuns` of them in a row share a level.
    mutating func add(_ run: SpillRun) throws {
        runs.append(run)
        levels.append(0)
        let merged = Self.mergedRuns
        while levels.count >= merged, let level = levels.last, levels.suffix(merged).allSatisfy({ $0 == level }) {
            let newest = SpilledIndex(runs: Array(runs.suffix(merged)), folder: folder)
            let run = try SpillRun(folder: folder, entries: newest.count) { writer in
                try newest.forEachMerged(with: IndexEntryTable<UInt8>(), order: [], encode: { _, _ in }) { try writer.add(key: $0, value: $1) }
            }
            runs.removeLast(merged)
            levels.removeLast(merged)
            runs.append(run)
            levels.append(level + 1)
        }
    }

    private init(runs: [SpillRun], folder: String) {
        self.runs = runs
        levels = runs.map { _ in 0 }
        self.folder = folder
    }

    /// Drops every run (their files go with them).
    mutating func removeAll() {
        runs = []
        levels = []
    }

    /// The stored bytes of `key` in the newest run that holds it, valid until the next look-up; nil when none does.
    func value(of key: UnsafeRawBufferPointer) throws -> UnsafeRawBufferPointer? {
        guard !runs.isEmpty else { return nil }
        let hash = KeyFilter.hash(key)
        for run in runs.reversed() {
            if let value = try run.value(of: key, hash: hash) { return value }
        }
        return nil
    }

    /// Calls `body` with every key of the runs and of `table`'s entries `order` (in key order), in key order, each once with its newest value.
    ///
    /// `table` is newer than every run; `encode` gives its values' stored bytes.
    func forEachMerged<Value>(with table: IndexEntryTable<Value>, order: [Int], encode: (Value, inout ByteWriter) -> Void,
                              _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws {
        // Sources 0..<runs.count are the runs, oldest first; the last is the table. Of equal keys the newest source comes first.
        let readers = try runs.map(SpillRun.Reader.init)
        let tableSource = readers.count
        var nextInTable = 0
        try table.withKeys { tableKey in
            // Each source's current key, nil once it is done: the heap's comparisons read only these.
            var keys = readers.map { $0.current?.key }
            keys.append(order.first.map(tableKey))
            func precedes(_ left: Int, _ right: Int) -> Bool {
                guard let leftKey = keys[left], let rightKey = keys[right] else { return false }
                let order = IndexEntryTable<Value>.compare(leftKey, rightKey)
                return order < 0 || (order == 0 && left > right)
            }
            func advance(_ source: Int) throws {
                if source < tableSource {
                    try readers[source].advance()
                    keys[source] = readers[source].current?.key
                } else {
                    nextInTable += 1
                    keys[source] = nextInTable < order.count ? tableKey(order[nextInTable]) : nil
                }
            }
            var heap = MergeHeap(sources: keys.indices.filter { keys[$0] != nil }, precedes: precedes)
            var value = ByteWriter(capacity: 64)
            // The key just written: a run's moves as its reader moves on, so it is copied.
            var last = UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 1)
            defer { last.deallocate() }
            while let source = heap.first, let current = keys[source] {
                if source == tableSource {
                    value.bytes.removeAll(keepingCapacity: true)
                    encode(table[order[nextInTable]], &value)
                    try value.bytes.withUnsafeBytes { try body(current, $0) }
                } else if let entry = readers[source].current {
                    try body(current, entry.value)
                }
                if current.count > last.count {
                    last.deallocate()
                    last = .allocate(byteCount: current.count, alignment: 1)
                }
                last.copyMemory(from: current)
                let written = UnsafeRawBufferPointer(rebasing: last[..<current.count])
                // Every source at this key moves past it: older values of the key are not written.
                while let top = heap.first, let topKey = keys[top], IndexEntryTable<Value>.compare(topKey, written) == 0 {
                    try advance(top)
                    if keys[top] != nil { heap.siftDownFirst(precedes: precedes) } else { heap.removeFirst(precedes: precedes) }
                }
            }
        }
    }
}

/// A binary heap of merge sources, the one whose current key comes first on top.
private struct MergeHeap {
    private var items: [Int]

    init(sources: [Int], precedes: (Int, Int) -> Bool) {
        items = []
        for source in sources { push(source, precedes: precedes) }
    }

    var first: Int? { items.first }

    private mutating func push(_ source: Int, precedes: (Int, Int) -> Bool) {
        items.append(source)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    /// Restores the order after the top's key moved on.
    mutating func siftDownFirst(precedes: (Int, Int) -> Bool) {
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < items.count else { return }
            let right = left + 1
            let child = right < items.count && precedes(items[right], items[left]) ? right : left
            guard precedes(items[child], items[parent]) else { return }
            items.swapAt(child, parent)
            parent = child
        }
    }

    /// Removes the top, whose source is done.
    mutating func removeFirst(precedes: (Int, Int) -> Bool) {
        guard let last = items.popLast() else { return }
        guard !items.isEmpty else { return }
        items[0] = last
        siftDownFirst(precedes: precedes)
    }
}
