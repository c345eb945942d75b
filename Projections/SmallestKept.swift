/// The first `limit` of a stream of values in an order: what a list with `--limit` keeps while it reads.
///
/// A max-heap of at most `limit` values, so `pending --limit 20` over 600,000 pending
/// invitations holds 20 of them, not every one (audit 48: 304 MB and 0.83 s before, 66 MB and
/// 0.06 s after). The order must be total (no two values equal), so that the first `limit` are
/// one set. A list without a limit is better sorted whole, with the order inlined (review 52: a
/// stored comparator made `pending` without `--limit` 15–20% slower).
struct SmallestKept<Element> {
    /// How many values are kept.
    let limit: Int
    /// The order: whether the first value comes before the second.
    private let precedes: (Element, Element) -> Bool
    /// The values kept: a heap whose first value is the last of them in the order.
    private var kept: [Element] = []

    /// Keeps the first `limit` values offered (none for a negative one) in the order `precedes`.
    init(limit: Int, by precedes: @escaping (Element, Element) -> Bool) {
        self.limit = max(0, limit)
        self.precedes = precedes
    }

    /// Offers a value: kept when fewer than `limit` are, or when it comes before the last kept.
    mutating func offer(_ value: Element) {
        if kept.count < limit {
            kept.append(value)
            siftUp(from: kept.count - 1)
        } else if limit > 0, precedes(value, kept[0]) {
            kept[0] = value
            siftDown(from: 0)
        }
    }

    /// The values kept, in the order.
    func sorted() -> [Element] { kept.sorted(by: precedes) }

    /// Moves the value at `index` up until its parent does not come before it.
    private mutating func siftUp(from index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(kept[parent], kept[child]) else { return }
            kept.swapAt(parent, child)
            child = parent
        }
    }

    /// Moves the value at `index` down until no child comes after it.
    private mutating func siftDown(from index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1, right = left + 1
            var latest = parent
            if left < kept.count, precedes(kept[latest], kept[left]) { latest = left }
            if right < kept.count, precedes(kept[latest], kept[right]) { latest = right }
            guard latest != parent else { return }
            kept.swapAt(parent, latest)
            parent = latest
        }
    }
}
