/// A Bloom filter over a spilled run's keys: "certainly not here", or "perhaps here".
///
/// Blocked: a key's bits all lie in one 512-bit block, so a look-up reads one cache line. Ten
/// bits a key and six bits set per key miss about one key in a hundred that is not there
/// (the run's binary search then says no), and a batch's look-ups are mostly of keys never
/// spilled (every new pair, every new invitation id), so the filter answers most of them.
struct KeyFilter {
    /// The blocks, eight words each.
    private var words: [UInt64]
    private let blockCount: Int

    /// A filter sized for `keys` keys.
    init(keys: Int) {
        blockCount = max(1, (keys * 10 + 511) / 512)
        words = [UInt64](repeating: 0, count: blockCount * 8)
    }

    /// The 64-bit hash the filter takes for `key`: computed once per look-up, and shared by every run's filter.
    ///
    /// Eight bytes at a time, multiplied and folded (a few nanoseconds for an index key, where
    /// `Hasher`'s SipHash took a fifth of a look-up); unseeded, which is all a filter needs.
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var hash = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        var offset = 0
        while offset + 8 <= key.count {
            hash = mix(hash ^ key.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        if offset < key.count {
            var tail: UInt64 = 0
            for index in offset..<key.count { tail = tail << 8 | UInt64(key[index]) }
            hash = mix(hash ^ tail)
        }
        return mix(hash)
    }

    /// A 64-bit finaliser (splitmix64's): every bit of the input moves every bit of the output.
    private static func mix(_ value: UInt64) -> UInt64 {
        var value = value
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// Notes the key of `hash`.
    mutating func insert(hash: UInt64) {
        let block = self.block(of: hash)
        var bits = hash
        for _ in 0..<6 {
            words[block + Int(bits & 7)] |= 1 << ((bits >> 3) & 63)
            bits >>= 9
        }
    }

    /// Whether the key of `hash` may have been noted (false: it certainly was not).
    func mayContain(hash: UInt64) -> Bool {
        let block = self.block(of: hash)
        var bits = hash
        for _ in 0..<6 {
            if words[block + Int(bits & 7)] & (1 << ((bits >> 3) & 63)) == 0 { return false }
            bits >>= 9
        }
        return true
    }

    /// The first word of the block of `hash`, chosen by its high 32 bits (the low 54 pick the bits).
    private func block(of hash: UInt64) -> Int {
        Int(truncatingIfNeeded: ((hash >> 32) * UInt64(blockCount)) >> 32) * 8
    }
}
