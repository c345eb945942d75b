import Ledger

/// Writes events as exported lines (`log`, `export`), a slice at a time, holding no snapshot while writing.
///
/// Each slice is read in a read transaction of its own and written once that transaction has
/// ended. A reader that stops reading (a paused pager, a follower's stalled consumer) then
/// blocks the write with no snapshot open: it used to block inside the transaction, which kept
/// LMDB from reusing any page freed after it, so every later write grew `data.mdb` for good
/// (audit 54: 5 MB to 187 MB in 120 writes), and held a reader slot.
enum ExportedLines {
    /// Events read per transaction at most: about 6 MB of lines (an export of 1M events 3% slower than one transaction).
    static let sliceEvents = 16_384
    /// Bytes of lines read per transaction at most, whatever the events' size (notes may run to a megabyte each: review 56).
    ///
    /// A slice stopped inside a stretch of 64 events redoes the rest of it in the next slice (the chain
    /// vouches for a stretch whole), so slices are kept long: 20 KB events redo about 4% at this size.
    static let sliceBytes = 32 << 20

    /// Writes the events from `first` through the head of the first slice's snapshot, at most `limit`.
    ///
    /// Stops early when the output fails (a reader gone). Returns the position after the last
    /// event written, and how many were written. `firstSlice` runs in the first transaction
    /// before any event is read (`export`'s policy), and `written` with each event written.
    static func write(_ ledger: Ledger, from first: UInt64, limit: Int = Int.max,
                      firstSlice: ((LedgerView) throws -> Void)? = nil,
                      written observe: ((Event) -> Void)? = nil) throws -> (next: UInt64, written: Int) {
        var next = max(first, 1)
        var written = 0
        var end: UInt64?
        var carry = EventStreamCarry()
        while written < limit, Console.outputFailure == nil {
            let want = min(sliceEvents, limit - written)
            var read = 0
            var bytes = 0
            // Buffered while the transaction is open, written once it has ended.
            let stop = try Console.held {
                try ledger.read { view -> UInt64 in
                    if end == nil { try firstSlice?(view) }
                    // The first snapshot's head ends the whole stream: later slices read what it held, no more.
                    let stop = try end ?? view.head().position
                    guard next <= stop else { return stop }
                    try view.forEachEvent(from: next, carry: &carry) { event, hash in
                        guard event.position <= stop, read < want, bytes < sliceBytes else { return false }
                        let line = event.exportedJSON(hash: hash.hex)
                        Console.line(line)
                        observe?(event)
                        bytes += line.utf8.count + 1
                        read += 1
                        return true
                    }
                    return stop
                }
            }
            end = stop
            written += read
            next += UInt64(read)
            if read == 0 || next > stop { break }
        }
        return (next, written)
    }
}
