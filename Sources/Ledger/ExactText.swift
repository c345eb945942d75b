#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text as its UTF-8 bytes, for maps and sets keyed by a name, id or recipient.
///
/// `String`'s `==` and hashing follow Unicode canonical equivalence ("jos\u{E9}" equals
/// "jose\u{301}"), while the ledger's keys, canonical JSON and hashes are bytes: two
/// spellings are two names. This key compares and hashes the bytes, as storage does.
public struct ExactText: Hashable, Sendable, CustomStringConvertible {
    /// The text itself.
    public let string: String

    /// Wraps `string`.
    public init(_ string: String) { self.string = string }

    public var description: String { string }

    public static func == (lhs: ExactText, rhs: ExactText) -> Bool { lhs.string.hasSameBytes(as: rhs.string) }

    public func hash(into hasher: inout Hasher) {
        var copy = string
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension String {
    /// Whether the two strings are the same bytes: text identity without Unicode canonical equivalence.
    ///
    /// ```swift
    /// "jos\u{E9}" == "jose\u{301}"                  // true: String's equality
    /// "jos\u{E9}".hasSameBytes(as: "jose\u{301}")  // false: two names in the ledger
    /// ```
    public func hasSameBytes(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        let contiguous = utf8.withContiguousStorageIfAvailable { left in
            other.utf8.withContiguousStorageIfAvailable { right in
                guard let a = left.baseAddress, let b = right.baseAddress else { return true }
                return memcmp(a, b, left.count) == 0
            }
        }
        if let same = contiguous ?? nil { return same }
        return utf8.elementsEqual(other.utf8)
    }
}

extension Optional where Wrapped == String {
    /// Whether both are absent or both present with the same bytes (see `String.hasSameBytes(as:)`).
    public func hasSameBytes(as other: String?) -> Bool {
        switch (self, other) {
        case (nil, nil): true
        case let (left?, right?): left.hasSameBytes(as: right)
        default: false
        }
    }
}
