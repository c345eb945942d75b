import Merkle
import Testing

/// Hexadecimal digits read in either case and written in lower case, as hashes and proofs are.
struct HexTests {
    @Test func everyByteSurvivesEncodingAndDecoding() {
        let bytes = (0...255).map { UInt8($0) }
        let text = Hex.encode(bytes)
        #expect(text.hasPrefix("000102") && text.hasSuffix("fdfeff") && text.count == 512)
        #expect(Hex.decode(text) == bytes)
        #expect(Hex.decode(text.uppercased()) == bytes)
    }

    @Test func digitsAreReadInEitherCaseAndNothingElse() {
        #expect(Hex.value(ofDigit: UInt8(ascii: "0")) == 0)
        #expect(Hex.value(ofDigit: UInt8(ascii: "9")) == 9)
        #expect(Hex.value(ofDigit: UInt8(ascii: "a")) == 10 && Hex.value(ofDigit: UInt8(ascii: "F")) == 15)
        for outside in ["g", "G", "/", ":", "@", "`", " "] {
            #expect(Hex.value(ofDigit: UInt8(ascii: Unicode.Scalar(outside)!)) == nil, "\(outside)")
        }
        #expect(Hex.decode("abc") == nil, "an odd number of digits")
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("") == [])
    }

    @Test func aDigestReadsItsOwnHex() throws {
        let digest = SHA256.hash(Array("invites".utf8))
        #expect(Digest(hex: digest.hex) == digest)
        #expect(Digest(hex: digest.hex.uppercased()) == digest)
        #expect(Digest(hex: String(digest.hex.dropLast(2))) == nil)
    }
}
