/// The pairs database's entries of a rebuild, copied out of the fold a run at a time before they are encoded.
///
/// `latestOfEachPair` lists the pairs in key order (account, recipient), which is nowhere
/// near the fold's order: read one at a time between two LMDB appends, every entry waits for
/// its invitation and then its recipient to come from memory (two cache misses each, about a
/// fifth of a 1M-event rebuild's samples). Copying a run of `runLength` (256) invitations in
/// one tight loop, then their texts in another, lets those loads overlap; the entries are then
/// encoded from the run, which is small enough to stay in cache. The run lives in buffers of
/// its own (no array bookkeeping or exclusivity checks per entry).
final class PairRuns {
    /// How many pairs a run copies.
    let runLength: Int
    private let fold: InvitationFold
    private let latest: [Int32]
    /// The run's invitations, each with `textOffset` into `text`.
    private let run: UnsafeMutableBufferPointer<FoldedInvitation>
    /// The run's recipients and explicit ids.
    private var text: UnsafeMutableBufferPointer<UInt8>
    /// The rank of the run's first pair (−1 before the first run) and how many it holds.
    private var start = -1
    private var filled = 0

    /// The entries of `latest` (fold indices in key order), copied `runLength` at a time.
    init(fold: InvitationFold, latest: [Int32], runLength: Int = 256) {
        self.fold = fold
        self.latest = latest
        self.runLength = max(1, runLength)
        run = .allocate(capacity: self.runLength)
        text = .allocate(capacity: self.runLength * 64)
    }

    deinit {
        run.deallocate()
        text.deallocate()
    }

    var count: Int { latest.count }

    /// Writes the key and value of the pair at `rank` (ranks may come in any order; in order they cost one copy each).
    func entry(_ rank: Int, key: inout StateWriter, value: inout StateWriter) {
        if rank < start || rank >= start + filled { copyRun(from: rank) }
        let invitation = run[rank - start]
        let text = UnsafeBufferPointer(text)
        invitation.encodePairKey(into: &key, text: text)
        invitation.encodePairValue(into: &value, text: text)
    }

    /// Copies the run starting at `rank` out of the fold: first the invitations, then their texts.
    private func copyRun(from rank: Int) {
        let count = min(latest.count, rank + runLength) - rank
        var textLength = 0
        latest.withUnsafeBufferPointer { latest in
            fold.invitations.withUnsafeBufferPointer { folded in
                for slot in 0..<count {
                    let invitation = folded[Int(latest[rank + slot])]
                    run[slot] = invitation
                    textLength += invitation.textLength
                }
            }
        }
        if textLength > text.count {
            text.deallocate()
            text = .allocate(capacity: max(textLength, 2 * text.count))
        }
        start = rank
        filled = count
        guard let target = text.baseAddress else { return }
        fold.text.withUnsafeBufferPointer { folded in
            guard let source = folded.baseAddress else { return }
            var offset = 0
            for slot in 0..<count {
                let length = run[slot].textLength
                (target + offset).update(from: source + run[slot].textOffset, count: length)
                run[slot].textOffset = offset
                offset += length
            }
        }
    }
}

extension FoldedInvitation {
    /// How many bytes of the arena are its: the recipient and, when given, the explicit id.
    var textLength: Int { Int(recipientLength) + (hasExplicitInvitation ? Int(explicitLength) : 0) }
}
