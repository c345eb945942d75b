/// A small deterministic random generator (SplitMix64) for the property and fault tests.
///
/// Every random case starts from a seed, so a failing one is replayed by running it with the
/// seed its message names. One generator for every test target, which links this module.
public struct SeededGenerator: RandomNumberGenerator {
    public var state: UInt64

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
