import Foundation

/// A text field of a stored record as it is stored: its bytes, or a compact form of record version 2.
///
/// Version 2 stores a LinkedIn profile recipient without its constant `linkedin.com/in/`, and
/// a client id or invitation id such as `e-123456` as an interned prefix (`NameTable.Category
/// .idPrefix`) and a number. `string(prefixName:)` spells any form out to the exact text that was
/// written; the slices are valid as long as the stored bytes are.
enum StoredText {
    /// The text's UTF-8 bytes.
    case plain(UnsafeRawBufferPointer)
    /// A LinkedIn profile: the bytes after `LinkedInProfile.prefix`.
    case linkedInProfile(UnsafeRawBufferPointer)
    /// The interned prefix with id `prefixID`, followed by `number` in decimal.
    case numbered(prefixID: UInt32, number: UInt64)

    /// The text written, reading a numbered form's prefix through `prefixName`.
    func string(prefixName: (UInt32) throws -> String) rethrows -> String {
        switch self {
        case .plain(let bytes): String(decoding: bytes, as: UTF8.self)
        case .linkedInProfile(let rest): LinkedInProfile.spelled(rest)
        case .numbered(let prefixID, let number): NumberedText.spelled(prefix: try prefixName(prefixID), number)
        }
    }
}

/// The constant start of every normalised LinkedIn profile recipient (`Identity.recipient`).
enum LinkedInProfile {
    static let prefixText: StaticString = "linkedin.com/in/"
    /// The prefix's bytes (16, ASCII: it needs no JSON escapes).
    static var prefix: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: prefixText.utf8Start, count: prefixText.utf8CodeUnitCount) }

    /// Whether `text` starts with exactly `linkedin.com/in/` (and so is stored without it).
    static func isProfile(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { utf8 in
            guard utf8.count >= prefix.count, let start = utf8.baseAddress else { return false }
            return memcmp(start, prefixText.utf8Start, prefix.count) == 0
        }
    }

    /// The recipient whose stored bytes after the prefix are `rest`, built in one allocation.
    static func spelled(_ rest: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: prefix.count + rest.count) { buffer in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: prefix)
            UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[prefix.count...]).copyMemory(from: rest)
            return prefix.count + rest.count
        }
    }

    /// Appends `"linkedin.com/in/`: the start of the JSON literal of a profile recipient.
    static func appendQuotedPrefix(to out: inout [UInt8]) {
        out.append(0x22)
        out.append(contentsOf: prefix)
    }
}

extension UInt64 {
    /// How many decimal digits the number has (1 for 0).
    var decimalDigitCount: Int {
        var count = 1
        var rest = self
        while rest >= 10 { count += 1; rest /= 10 }
        return count
    }

    /// Writes the number's decimal digits into `out`, which holds exactly `decimalDigitCount` bytes.
    func writeDecimal(into out: UnsafeMutableRawBufferPointer) {
        var rest = self
        for index in out.indices.reversed() {
            out[index] = UInt8(truncatingIfNeeded: 0x30 + rest % 10)
            rest /= 10
        }
    }
}
