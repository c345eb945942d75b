/// The import fast path: reads a line that holds only known fields with string or null values.
///
/// One pass over the bytes, keys matched without building strings, duplicates tracked in the
/// field mask. Anything unusual (an unknown or ignored key, a repeated key, a number,
/// malformed JSON or UTF-8) returns nil, and the caller takes the generic path, whose
/// messages are the ones users see.
enum EventLineScanner {
    static func fields(of line: UnsafeRawBufferPointer) -> (EventFields, UInt16)? {
        let count = line.count
        var index = 0
        @inline(__always) func skipSpace() {
            while index < count {
                let byte = line[index]
                guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
                index += 1
            }
        }
        skipSpace()
        guard index < count, line[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        var fields = EventFields()
        var seen: UInt16 = 0  // every key, for duplicates (left to the generic parser)
        var present: UInt16 = 0  // the keys with a value: null is absent
        while true {
            skipSpace()
            guard index < count, line[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            let keyStart = index
            while index < count, line[index] != UInt8(ascii: "\"") {
                let byte = line[index]
                guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { return nil }
                index += 1
            }
            guard index < count, let field = EventField(key: UnsafeRawBufferPointer(rebasing: line[keyStart..<index])),
                  seen & field.bit == 0 else { return nil }
            seen |= field.bit
            index += 1
            skipSpace()
            guard index < count, line[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            skipSpace()
            guard index < count else { return nil }
            if line[index] == UInt8(ascii: "\"") {
                let quote = index
                index += 1
                let start = index
                var ascii = true
                var escaped = false
                while index < count {
                    let byte = line[index]
                    if byte == UInt8(ascii: "\"") { break }
                    if byte == UInt8(ascii: "\\") { escaped = true; index += 2; continue }
                    if byte < 0x20 { return nil }
                    if byte >= 0x80 { ascii = false }
                    index += 1
                }
                guard index < count else { return nil }
                let raw = UnsafeRawBufferPointer(rebasing: line[start..<index])
                if !ascii, !UTF8Validation.isValid(raw) { return nil }
                if escaped {
                    guard let decoded = JSONLineParser.decodedString(in: line, quoteAt: quote) else { return nil }
                    fields[field] = decoded
                } else {
                    fields[field] = String(decoding: raw, as: UTF8.self)
                }
                present |= field.bit
                index += 1
            } else if index + 4 <= count, line[index] == UInt8(ascii: "n"), line[index + 1] == UInt8(ascii: "u"),
                      line[index + 2] == UInt8(ascii: "l"), line[index + 3] == UInt8(ascii: "l") {
                index += 4
            } else {
                return nil
            }
            skipSpace()
            guard index < count else { return nil }
            if line[index] == UInt8(ascii: ",") { index += 1; continue }
            guard line[index] == UInt8(ascii: "}") else { return nil }
            index += 1
            break
        }
        skipSpace()
        guard index == count else { return nil }
        return (fields, present)
    }
}
