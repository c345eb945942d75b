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

    /// The text itself.
    public var description: String { string }

    /// Whether the two texts are the same UTF-8 bytes (canonically equivalent spellings differ).
    public static func == (lhs: ExactText, rhs: ExactText) -> Bool { lhs.string.hasSameBytes(as: rhs.string) }

    /// Hashes the UTF-8 bytes, as `==` compares them.
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
        // `withUTF8` reads a native string's bytes in place (a small one's from a stack copy).
        var left = self, right = other
        return left.withUTF8 { a in
            right.withUTF8 { b in
                guard a.count == b.count else { return false }
                guard let first = a.baseAddress, let second = b.baseAddress else { return true }
                return memcmp(first, second, a.count) == 0
            }
        }
    }

    /// Whether this string's bytes come before `other`'s in UTF-8 byte order.
    ///
    /// The order `sort` and Python give text (the SPEC's sort orders), compared in place rather
    /// than byte by byte.
    public func bytesPrecede(_ other: String) -> Bool {
        var left = self, right = other
        return left.withUTF8 { a in
            right.withUTF8 { b in
                let common = min(a.count, b.count)
                if common > 0, let first = a.baseAddress, let second = b.baseAddress {
                    let order = memcmp(first, second, common)
                    if order != 0 { return order < 0 }
                }
                return a.count < b.count
            }
        }
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
