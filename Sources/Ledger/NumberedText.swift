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
        if digits < 20 {
            // At most 19 digits cannot overflow: the common case (every id of a batch is split several times) skips the checks.
            for index in start..<utf8.count { number = number &* 10 &+ UInt64(utf8[index] &- 0x30) }
            return (start, number)
        }
        for index in start..<utf8.count {
            let (times10, overflowed) = number.multipliedReportingOverflow(by: 10)
            let (sum, carried) = times10.addingReportingOverflow(UInt64(utf8[index] &- 0x30))
            guard !overflowed, !carried else { return nil }
            number = sum
        }
        return (start, number)
    }
}
