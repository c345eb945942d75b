/// A stored record or index entry that cannot be decoded: the ledger's files were damaged.
public struct StorageError: Error, CustomStringConvertible, Sendable {
    /// What could not be decoded, and where (a position, a key or a node).
    public let description: String
    init(_ description: String) { self.description = description }
}
