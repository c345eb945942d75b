import Merkle

/// The head of the log: its last position and the chain hash there.
public struct ChainHead: Equatable, Sendable {
    /// The last position in the log (0 when the log is empty).
    public var position: UInt64
    /// The chain hash after the event at `position` (32 zero bytes for an empty log).
    public var hash: Digest
    /// The head of an empty log: position 0 and the zero hash.
    public static let empty = ChainHead(position: 0, hash: .zero)
}
