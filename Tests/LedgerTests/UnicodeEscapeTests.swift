import Ledger
import Testing

/// `\u` escapes become scalars, surrogate pairs joined, lone surrogates refused.
struct UnicodeEscapeTests {
    @Test func aPairIsJoinedAndALoneSurrogateIsNoScalar() {
        #expect(UnicodeEscape.scalar(0x00E9, low: nil) == "é")
        #expect(UnicodeEscape.scalar(0xD83D, low: 0xDE00) == "😀")
        #expect(UnicodeEscape.scalar(0xDBFF, low: 0xDFFF)?.value == 0x10FFFF)
        #expect(UnicodeEscape.scalar(0xD83D, low: nil) == nil)
        #expect(UnicodeEscape.scalar(0xD83D, low: 0x0041) == nil)
        #expect(UnicodeEscape.scalar(0xDE00, low: nil) == nil)
        #expect(UnicodeEscape.isHighSurrogate(0xD800) && !UnicodeEscape.isHighSurrogate(0xDC00))
    }
}
