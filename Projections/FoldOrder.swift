#if canImport(Glibc)
import Glibc
#endif
import Ledger

/// The key orders a rebuild writes the fold in, computed without comparing strings where integers decide.
///
/// Indices are `Int32` (half the memory of `Int`; a fold holds fewer than 2³¹ invitations).
/// Both orders first group invitations by account with a stable counting pass, then order
/// each account's group: by time (usually already in order, the log being mostly
/// chronological), or by recipient bytes (19 bytes as integers after the bytes every
/// recipient shares and, for profiles, after `linkedin.com/in/`; the rest compared only on a tie).
extension InvitationFold {
    /// Invitation indices in per-account time order, with each account's range of them.
    ///
    /// The order is (account, sent_at, sent position): the order of `accountTimeKey`.
    func accountTimeOrder(pendingOnly: Bool = false) -> (indices: [Int32], groups: [AccountGroup]) {
        var order = accountGroups(where: pendingOnly ? { $0.status == .pending } : { _ in true })
        let unsorted = groupsGoingBack(order.groups, pendingOnly: pendingOnly)
        invitations.withUnsafeBufferPointer { invitations in
            order.indices.withUnsafeMutableBufferPointer { indices in
                for (group, goesBack) in zip(order.groups, unsorted) where goesBack {
                    var slice = UnsafeMutableBufferPointer(rebasing: indices[group.range])
                    slice.sort { left, right in
                        let a = invitations[Int(left)].sentAt, b = invitations[Int(right)].sentAt
                        return a != b ? a < b : left < right
                    }
                }
            }
        }
        return order
    }

    /// Whether each group's times go back somewhere (in index order, which is sent position order).
    ///
    /// Read in the fold's order with one last time per account when ids are dense, so that
    /// the fold is read front to back rather than an account at a time.
    private func groupsGoingBack(_ groups: [AccountGroup], pendingOnly: Bool) -> [Bool] {
        guard let maxAccount = groups.last?.account, Int(maxAccount) <= 4 * invitations.count + 1024 else {
            return groups.map { _ in true }
        }
        var last = [Int64](repeating: .min, count: Int(maxAccount) + 1)
        var back = [Bool](repeating: false, count: Int(maxAccount) + 1)
        invitations.withUnsafeBufferPointer { invitations in
            for invitation in invitations where !pendingOnly || invitation.status == .pending {
                let account = Int(invitation.accountID), time = invitation.sentAt.milliseconds
                if time < last[account] { back[account] = true }
                last[account] = time
            }
        }
        return groups.map { back[Int($0.account)] }
    }

    /// The index of each pair's latest invitation, in the pairs database's key order (account, then recipient bytes).
    func latestOfEachPair() -> [Int32] {
        invitations.withUnsafeBufferPointer { invitations in
            text.withUnsafeBufferPointer { text in
                let shared = sharedRecipientPrefix(invitations, text)
                // Keys made in the fold's order (its text read front to back), placed by account.
                var (keyed, groups) = accountGroups(where: { _ in true }) { index, invitation in
                    RecipientSortKey(invitation, index: index, text: text, shared: shared)
                }
                var latest: [Int32] = []
                latest.reserveCapacity(keyed.count)
                keyed.withUnsafeMutableBufferPointer { keyed in
                    for group in groups {
                        var slice = UnsafeMutableBufferPointer(rebasing: keyed[group.range])
                        slice.sort { left, right in
                            if left.band != right.band { return left.band < right.band }
                            if left.first != right.first { return left.first < right.first }
                            if left.second != right.second { return left.second < right.second }
                            if left.third != right.third { return left.third < right.third }
                            let order = compareRecipients(invitations[Int(left.index)], invitations[Int(right.index)], text,
                                                          from: RecipientSortKey.skip(band: left.band, shared: shared) + 19)
                            return order != 0 ? order < 0 : left.index < right.index
                        }
                        // Keep the last of each run of one recipient: the latest `sent` of the pair.
                        for rank in slice.indices {
                            let entry = slice[rank]
                            if rank + 1 < slice.count {
                                let next = slice[rank + 1]
                                if next.bandAndThird == entry.bandAndThird && next.first == entry.first && next.second == entry.second,
                                   compareRecipients(invitations[Int(next.index)], invitations[Int(entry.index)], text,
                                                     from: RecipientSortKey.skip(band: entry.band, shared: shared) + 19) == 0 {
                                    continue
                                }
                            }
                            latest.append(entry.index)
                        }
                    }
                }
                return latest
            }
        }
    }

    /// Indices of the invitations `include` keeps, grouped by account (ascending), each group in index order.
    private func accountGroups(where include: (FoldedInvitation) -> Bool) -> (indices: [Int32], groups: [AccountGroup]) {
        let grouped = accountGroups(where: include) { index, _ in Int32(index) }
        return (grouped.items, grouped.groups)
    }

    /// An item `make` makes of each invitation `include` keeps, grouped by account (ascending), each group in index order.
    ///
    /// With dense account ids (interned ones are) one pass counts each account's invitations and
    /// a second makes the items in the fold's order and places them at their rank (a counting
    /// sort), so `make` reads the fold front to back; sparse ids fall back to a comparison sort
    /// of the indices.
    private func accountGroups<Item>(where include: (FoldedInvitation) -> Bool, _ make: (Int32, FoldedInvitation) -> Item)
        -> (items: [Item], groups: [AccountGroup]) {
        invitations.withUnsafeBufferPointer { invitations in
            let denseLimit = 4 * invitations.count + 1024
            var counts: [Int] = []
            var dense = true
            for invitation in invitations where include(invitation) {
                let account = Int(invitation.accountID)
                if account >= counts.count {
                    guard account <= denseLimit else { dense = false; break }
                    counts.append(contentsOf: repeatElement(0, count: account + 1 - counts.count))
                }
                counts[account] += 1
            }
            guard dense else {
                var indices = invitations.indices.compactMap { include(invitations[$0]) ? Int32($0) : nil }
                indices.sort { left, right in
                    let a = invitations[Int(left)].accountID, b = invitations[Int(right)].accountID
                    return a != b ? a < b : left < right
                }
                var groups: [AccountGroup] = []
                var start = 0
                for rank in 1...indices.count where rank == indices.count
                    || invitations[Int(indices[rank])].accountID != invitations[Int(indices[start])].accountID {
                    groups.append(AccountGroup(account: invitations[Int(indices[start])].accountID, range: start..<rank))
                    start = rank
                }
                return (indices.map { make($0, invitations[Int($0)]) }, groups)
            }
            var starts = [Int](repeating: 0, count: counts.count)
            var groups: [AccountGroup] = []
            var kept = 0
            for (account, count) in counts.enumerated() where count > 0 {
                starts[account] = kept
                groups.append(AccountGroup(account: UInt32(account), range: kept..<(kept + count)))
                kept += count
            }
            let items = [Item](unsafeUninitializedCapacity: kept) { items, initialized in
                starts.withUnsafeMutableBufferPointer { starts in
                    for (index, invitation) in invitations.enumerated() where include(invitation) {
                        let account = Int(invitation.accountID)
                        items.initializeElement(at: starts[account], to: make(Int32(index), invitation))
                        starts[account] += 1
                    }
                }
                initialized = kept
            }
            return (items, groups)
        }
    }
}

/// One account's range in an order grouped by account.
struct AccountGroup {
    var account: UInt32
    var range: Range<Int>
}

/// A prefix many recipients share, which their sort keys skip: at most 16 bytes, none of them zero.
private struct RecipientPrefix {
    let length: Int
    /// Its bytes zero-padded to 16, as two big-endian integers (as `recipientPrefix` reads a recipient's first 16).
    let words: (UInt64, UInt64)
    /// Keep the bits of the two words that hold the prefix's bytes.
    let masks: (UInt64, UInt64)

    init(_ text: StaticString) {
        length = min(16, text.utf8CodeUnitCount)
        let bytes = text.withUTF8Buffer { Array($0.prefix(16)) } + Array(repeating: 0, count: 16 - length)
        words = (bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }, bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) })
        func mask(_ bytes: Int) -> UInt64 { bytes >= 8 ? .max : ~(UInt64.max >> (8 * UInt64(max(0, bytes)))) }
        masks = (mask(length), mask(length - 8))
    }

    /// Whether a recipient of `length` bytes whose first 16 (zero-padded) are `head` starts with this prefix.
    @inline(__always)
    func starts(_ head: (UInt64, UInt64), length recipientLength: Int) -> Bool {
        recipientLength >= length && head.0 & masks.0 == words.0 && head.1 & masks.1 == words.1
    }
}

/// The prefixes `Identity.recipient` leaves on LinkedIn members, in byte order, neither a prefix
/// of the other: profiles (`linkedin.com/in/`) and member URNs (`urn:li:person:`), most recipients.
private let recipientPrefixes = [RecipientPrefix("linkedin.com/in/"), RecipientPrefix("urn:li:person:")]

/// An invitation index with 19 bytes of its recipient as big-endian integers, for sorting by recipient (24 bytes a key).
///
/// All the recipients starting with one of `recipientPrefixes` sort together, after every
/// recipient below that prefix and before every one above it. So a band (odd: the recipients
/// with prefix (band − 1) / 2; even: those between two prefixes) and then 19 bytes read after
/// the band's prefix order recipients as their whole bytes do.
private struct RecipientSortKey {
    var first: UInt64
    var second: UInt64
    var index: Int32
    /// The band (top byte) and the recipient's 3 bytes after `second` (zero-padded), in the space a band alone would pad.
    var bandAndThird: UInt32

    var band: UInt8 { UInt8(truncatingIfNeeded: bandAndThird >> 24) }
    var third: UInt32 { bandAndThird & 0xFF_FFFF }

    /// The key of `invitation`, at `index`, all of whose recipients share their first `shared` bytes.
    @inline(__always)
    init(_ invitation: FoldedInvitation, index: Int32, text: UnsafeBufferPointer<UInt8>, shared: Int) {
        // The first 16 bytes, zero-padded, decide the band: a recipient without a prefix (which
        // holds no zero byte) sorts below it exactly when its padded words do.
        let head = (recipientPrefix(invitation, text, skipping: 0), recipientPrefix(invitation, text, skipping: 8))
        var band: UInt8 = 0
        for prefix in recipientPrefixes {
            if prefix.starts(head, length: Int(invitation.recipientLength)) {
                band += 1
                break
            }
            guard head > prefix.words else { break }
            band += 2
        }
        let skip = Self.skip(band: band, shared: shared)
        if skip == 0 {
            (first, second) = head
        } else {
            first = recipientPrefix(invitation, text, skipping: skip)
            second = recipientPrefix(invitation, text, skipping: skip + 8)
        }
        bandAndThird = UInt32(band) << 24 | UInt32(truncatingIfNeeded: recipientPrefix(invitation, text, skipping: skip + 16) >> 40)
        self.index = index
    }

    /// How many leading bytes the keys of a band skip: those every recipient shares, and a prefix band's prefix.
    @inline(__always)
    static func skip(band: UInt8, shared: Int) -> Int {
        band & 1 == 1 ? max(shared, recipientPrefixes[Int(band / 2)].length) : shared
    }
}

/// How many leading bytes every recipient shares (a URL's scheme and host, typically).
private func sharedRecipientPrefix(_ invitations: UnsafeBufferPointer<FoldedInvitation>, _ text: UnsafeBufferPointer<UInt8>) -> Int {
    guard let first = invitations.first else { return 0 }
    var shared = Int(first.recipientLength)
    for invitation in invitations.dropFirst() {
        shared = min(shared, Int(invitation.recipientLength))
        var matched = 0
        while matched < shared && text[first.textOffset + matched] == text[invitation.textOffset + matched] { matched += 1 }
        shared = matched
        if shared == 0 { break }
    }
    return shared
}

/// The recipient's 8 bytes after the first `skipping` as a big-endian integer, zero-padded past its end.
@inline(__always)
private func recipientPrefix(_ invitation: FoldedInvitation, _ text: UnsafeBufferPointer<UInt8>, skipping: Int) -> UInt64 {
    let length = Int(invitation.recipientLength)
    if skipping + 8 <= length, let base = text.baseAddress {
        // All 8 bytes are the recipient's: one load (the range check above stands for the per-byte ones).
        return UInt64(bigEndian: UnsafeRawPointer(base + invitation.textOffset + skipping).loadUnaligned(as: UInt64.self))
    }
    var value: UInt64 = 0
    for offset in skipping..<(skipping + 8) {
        value <<= 8
        if offset < length { value |= UInt64(text[invitation.textOffset + offset]) }
    }
    return value
}

/// The byte order of two recipients from byte `from` on (the bytes before it being equal): negative, zero or positive.
@inline(__always)
private func compareRecipients(_ lhs: FoldedInvitation, _ rhs: FoldedInvitation, _ text: UnsafeBufferPointer<UInt8>,
                               from: Int) -> Int32 {
    let left = Int(lhs.recipientLength), right = Int(rhs.recipientLength)
    let common = min(left, right)
    if common > from, let base = text.baseAddress {
        let order = memcmp(base + lhs.textOffset + from, base + rhs.textOffset + from, common - from)
        if order != 0 { return order }
    }
    return left == right ? 0 : left < right ? -1 : 1
}
