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

/// A text that ends in a canonical decimal number (`e-123456`, `inv-7`, `12`): record version 2's compact id form.
///
/// The number is the text's whole trailing run of ASCII digits; it must be canonical (no
/// leading zero unless it is `0`) and fit in `UInt64`, so prefix + `String(number)` gives the
/// text back byte for byte. Anything else (`e-007`, `e-`, `x-18446744073709551616`) has no
/// numbered form and is stored as plain text.
struct NumberedText: Equatable {
    /// The text before the number (possibly empty).
    var prefix: String
    var number: UInt64

    /// The longest prefix the ledger interns: longer ones (UUID-like ids) are mostly unique, and would only grow the name table.
    static let longestPrefix = 24

    init?(_ text: String) {
        var copy = text
        guard let split = copy.withUTF8({ NumberedText.split($0) }) else { return nil }
        self.init(prefix: String(text.utf8.prefix(split.prefixLength)) ?? "", number: split.number)
    }

    init(prefix: String, number: UInt64) {
        self.prefix = prefix
        self.number = number
    }

    /// `prefix` followed by `number` in decimal, built in one step (small results need no allocation).
    static func spelled(prefix: String, _ number: UInt64) -> String {
        var text = prefix
        return text.withUTF8 { head in
            let count = head.count + number.decimalDigitCount
            return String(unsafeUninitializedCapacity: count) { buffer in
                let out = UnsafeMutableRawBufferPointer(buffer)
                UnsafeMutableRawBufferPointer(rebasing: out[..<head.count]).copyMemory(from: UnsafeRawBufferPointer(head))
                number.writeDecimal(into: UnsafeMutableRawBufferPointer(rebasing: out[head.count..<count]))
                return count
            }
        }
    }

    /// Where the number of UTF-8 text `utf8` starts and its value, or nil when the text has no numbered form.
    static func split(_ utf8: UnsafeBufferPointer<UInt8>) -> (prefixLength: Int, number: UInt64)? {
        var start = utf8.count
        while start > 0, utf8[start - 1] &- 0x30 < 10 { start -= 1 }
        let digits = utf8.count - start
        guard digits > 0, digits <= 20, start <= longestPrefix else { return nil }
        guard utf8[start] != 0x30 || digits == 1 else { return nil }
        var number: UInt64 = 0
        for index in start..<utf8.count {
            let (times10, overflowed) = number.multipliedReportingOverflow(by: 10)
            let (sum, carried) = times10.addingReportingOverflow(UInt64(utf8[index] &- 0x30))
            guard !overflowed, !carried else { return nil }
            number = sum
        }
        return (start, number)
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
