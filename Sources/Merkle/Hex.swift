/// Hexadecimal digits, the form of every hash and proof the ledger prints or reads.
///
/// One place for the digit rules: digests (`Digest.hex`, `Digest(hex:)`), proofs, JSON's
/// `\u` escapes and percent-escapes in profile URLs read and write through it.
public enum Hex {
    /// The lower-case digits, by value.
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The value of one hexadecimal digit in either case (`0`–`9`, `a`–`f`, `A`–`F`), or nil.
    @inline(__always)
    public static func value(ofDigit byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// The lower-case digit of a value 0–15 (the low four bits of `value`).
    @inline(__always)
    public static func digit(_ value: UInt8) -> UInt8 {
        digits[Int(value & 0x0F)]
    }

    /// The bytes an even number of digits spell, or nil when `text` is anything else.
    public static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(ofDigit: utf8[index]), let low = value(ofDigit: utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    /// `bytes` as lower-case digits, two per byte.
    public static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (offset, byte) in bytes.enumerated() {
                out[offset * 2] = digit(byte >> 4)
                out[offset * 2 + 1] = digit(byte)
            }
            return bytes.count * 2
        }
    }
}
