/// The two id prefixes a writer met last, with their interned ids (a batch's ids and invitations mostly share two).
///
/// Both directions: a record being written needs a prefix's id, a follow-up's `sent` needs an
/// id's prefix. Prefixes are compared as bytes held inline, so a hit costs no allocation and no
/// name-table lock. Valid for one write transaction (an id interned in it may be undone by an abort).
struct IDPrefixMemo {
    /// A prefix of at most `NumberedText.longestPrefix` bytes, inline, with its id.
    private struct Entry {
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        var id: UInt32 = 0
        var name = ""

        init?(_ bytes: UnsafeRawBufferPointer) {
            guard bytes.count <= MemoryLayout<(UInt64, UInt64, UInt64)>.size else { return nil }
            count = bytes.count
            withUnsafeMutableBytes(of: &words) { UnsafeMutableRawBufferPointer(rebasing: $0[..<bytes.count]).copyMemory(from: bytes) }
        }

        func holds(_ other: Entry) -> Bool {
            count == other.count && words.0 == other.words.0 && words.1 == other.words.1 && words.2 == other.words.2
        }
    }

    private var recent: Entry?
    private var older: Entry?

    /// The id of the prefix `bytes` when the memo holds it.
    mutating func id(of bytes: UnsafeRawBufferPointer) -> UInt32? {
        guard let entry = Entry(bytes) else { return nil }
        if let recent, recent.holds(entry) { return recent.id }
        guard let older, older.holds(entry) else { return nil }
        swap(&recent, &self.older)
        return older.id
    }

    /// The prefix interned as `id` when the memo holds it.
    mutating func name(of id: UInt32) -> String? {
        if let recent, recent.id == id { return recent.name }
        guard let older, older.id == id else { return nil }
        swap(&recent, &self.older)
        return older.name
    }

    /// Remembers that `name` is interned as `id`, forgetting the older of the two held.
    mutating func remember(_ name: String, id: UInt32) {
        var copy = name
        guard var entry = copy.withUTF8({ Entry(UnsafeRawBufferPointer($0)) }) else { return }
        entry.id = id
        entry.name = name
        older = recent
        recent = entry
    }
}
