/// How many columns of a terminal a text takes.
///
/// Two for a wide character (CJK, most emoji), none for one that only marks another, one for
/// the rest, summed over a grapheme's scalars.
///
/// Tables pad their cells to these widths: counted in characters, a cell holding `王小明` or
/// `🎉` pushed the columns after it out of line (audit 51). The wide ranges are East Asian Width
/// W and F (Unicode's UAX #11) in the blocks text uses; an emoji is wide when it is shown as one
/// (`isEmojiPresentation`, or a variation selector 16 after it).
enum TerminalWidth {
    /// The columns `text` takes.
    static func of(_ text: String) -> Int {
        // Fast path: ASCII is one column a byte.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.count }
        return text.reduce(0) { $0 + of($1) }
    }

    /// The columns one character (a grapheme: an emoji sequence is one) takes.
    ///
    /// An emoji is two columns whatever its sequence holds; any other grapheme is the sum of its
    /// scalars' columns, as terminals count them (glibc's `wcwidth`): a Devanagari or Tamil
    /// syllable (`प्रि`, a consonant, a virama, a consonant and a spacing vowel sign) takes three,
    /// where counting the grapheme as one put the columns after it out of line (audit 109 F2).
    static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.contains(where: { $0.value == 0xFE0F }) || first.properties.isEmojiPresentation { return 2 }
        return scalars.reduce(0) { $0 + of($1) }
    }

    /// The columns one scalar takes: two when wide, none when it only marks another, else one.
    ///
    /// One that marks another is a nonspacing or enclosing mark, a format character, or a Hangul
    /// vowel or final joined to its syllable.
    private static func of(_ scalar: Unicode.Scalar) -> Int {
        if isWide(scalar.value) { return 2 }
        if (0x1160...0x11FF).contains(scalar.value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: return 1
        }
    }

    /// Whether a scalar is East Asian Wide or Fullwidth.
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
