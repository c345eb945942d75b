/// Why a Merkle computation or verification failed, in words fit to show a user.
public struct MerkleError: Error, Equatable, CustomStringConvertible {
    /// A one-line explanation, e.g. "leaf index 9 is not below tree size 8".
    public let message: String

    /// Creates an error with the given explanation.
    public init(_ message: String) {
        self.message = message
    }

    /// The message alone, as the CLI prints it.
    public var description: String { message }
}
