import Foundation
import Merkle

/// Reads the slug of a LinkedIn profile URL, however it was copied.
///
/// Accepted: an optional `http://`, `https://` or `//` (a scheme-relative link, as in a page's
/// HTML); the host `linkedin.com` or one subdomain of it (`www.`, `m.`, `mobile.`, a country's
/// `de.`, `uk.`…), in any case, with an optional trailing dot (`linkedin.com.`) and port; then
/// `/in/<slug>` (or LinkedIn Lite's `/mwlite/in/<slug>`, and with the slashes around `in`
/// doubled), where the slug ends at `/`, `?`, `#`, `&` (a query begun without `?`), `;` (a path parameter), one of these
/// percent-escaped (`%2F`, `%3F`, `%23`, `%26`) or the end. Punctuation pasted after it (`,`,
/// `.`, `)`, a closing quote: no profile name ends so) is not part of it, nor are quotes or
/// brackets around the URL (`Identity.read`; audits 125 F1 and 129: each made another person, whom
/// `check` allowed again). The slug is lower-cased, and its percent-escapes (`j%C3%B6rg`, as
/// browsers copy non-ASCII slugs) are decoded when they make UTF-8 text without separators;
/// otherwise it is kept as written. Builds before 2026-12-03 ended a slug at `/`, `?` and `#`
/// only (`asFirstBuilds`).
enum ProfileURL {
    /// What a recipient's bytes are: a profile URL with its slug, one with none, or something else.
    enum Reading {
        /// A profile URL, with its normalised slug.
        case profile(slug: String)
        /// A profile URL with nothing after `/in/` (`https://www.linkedin.com/in/?trk=x`): it names nobody.
        case unnamedProfile
        /// Not a LinkedIn profile URL (a member URN, another id).
        case other
    }

    /// Reads `bytes` as a profile URL, normalising its slug.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Reading {
        read(bytes, asFirstBuilds: false)
    }

    /// Reads `bytes` as a profile URL; `asFirstBuilds` reads it as the first builds did, for what must not change once recorded.
    ///
    /// The ids of a LinkedIn export's rows hash its profile URLs so (`Identity.recipientAsFirstNormalised`):
    /// builds before 2026-12-02 lower-cased a non-ASCII slug without folding it, and builds before
    /// 2026-12-03 ended a slug at `/`, `?` and `#` only and kept what was pasted after it.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, asFirstBuilds: Bool) -> Reading {
        guard let range = slugRange(in: bytes, asPasted: !asFirstBuilds) else { return .other }
        guard !range.isEmpty else { return .unnamedProfile }
        let written = bytes[range]
        let slug = written.contains(percent) ? (percentDecoded(written, asPasted: !asFirstBuilds) ?? Array(written)) : Array(written)
        if slug.allSatisfy({ $0 < 0x80 }) {
            // White space or a control byte copied with the slug (`jane-doe%20`) is not part of the name, nor punctuation pasted
            // after it, in whatever order the two come (`jane-doe,%20`; review 130).
            var end = slug.count
            let start = slug.firstIndex { !isBlank($0) && (asFirstBuilds || !isPastedOpening(Unicode.Scalar($0))) } ?? end
            while end > start, isBlank(slug[end - 1]) || (!asFirstBuilds && isPastedClosing(Unicode.Scalar(slug[end - 1]))) { end -= 1 }
            guard end > start else { return .unnamedProfile }
            return .profile(slug: String(decoding: slug[start..<end].map(lowerASCII), as: UTF8.self))
        }
        // Likewise a no-break space, a zero-width space or a byte order mark (audit 94 F1: each made another person).
        let scalars = String(decoding: slug, as: UTF8.self).unicodeScalars
        func isBlankScalar(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isWhitespace || scalar.properties.generalCategory == .format || (scalar.isASCII && Self.isBlank(UInt8(scalar.value)))
        }
        guard let first = scalars.firstIndex(where: { !isBlankScalar($0) && (asFirstBuilds || !isPastedOpening($0)) }),
              let last = scalars.lastIndex(where: { !isBlankScalar($0) && (asFirstBuilds || !isPastedClosing($0)) }), first <= last else {
            return .unnamedProfile
        }
        let name = String(scalars[first...last])
        return .profile(slug: asFirstBuilds ? name.lowercased() : folded(name))
    }

    /// Whether `scalar` is a quote or bracket pasted before a profile name (`/in/"jane-doe"`, `/in/(jane-doe)`; audit 133).
    static func isPastedOpening(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\"", "'", "`", "(", "[", "{", "<", "\u{201C}", "\u{201E}", "\u{2018}", "\u{201A}", "\u{00AB}", "\u{2039}", "\u{300C}", "\u{300E}",
             "\u{FF08}": return true
        default: return false
        }
    }

    /// Whether `scalar` is punctuation pasted after a profile name: `,` `.` `;` `:` `!`, a closing bracket or quote of any script.
    ///
    /// No profile name ends in one (LinkedIn's hold letters, digits and hyphens); a URL copied out
    /// of a sentence, a list or a quoted field often does (audit 125 F1, review 130).
    static func isPastedClosing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ",", ".", ";", ":", "!", ")", "]", "}", ">", "\"", "'", "`",
             "\u{201D}", "\u{201C}", "\u{2019}", "\u{2018}", "\u{203A}", "\u{00BB}", "\u{300D}", "\u{300F}", "\u{FF09}": return true
        default: return false
        }
    }

    /// A non-ASCII slug in the one spelling of its profile.
    ///
    /// Unicode NFC, lower-cased, a Greek final sigma as σ and a dotted capital I as i.
    ///
    /// A slug copied in decomposed form (`jo%CC%88rg`, o and a combining diaeresis) is the same
    /// profile as `jörg`; `ΟΔΥΣΣΕΑΣ` lower-cases to `οδυσσεασ`, which a Greek user types as
    /// `οδυσσεας`; `İSMAİL` lower-cases to i and a combining dot above (audit 109 F3, F4: each was
    /// another person to `check`). A ledger written before keeps such slugs as it recorded them.
    static func folded(_ slug: String) -> String {
        var folded = slug.precomposedStringWithCanonicalMapping.lowercased()
        if folded.unicodeScalars.contains(where: { $0.value == 0x3C2 || $0.value == 0x307 }) {
            folded = String(String.UnicodeScalarView(folded.unicodeScalars.compactMap { scalar -> Unicode.Scalar? in
                switch scalar.value {
                case 0x3C2: return Unicode.Scalar(0x3C3)  // ς → σ
                case 0x307: return nil  // the dot of a lower-cased İ (a combining dot elsewhere is dropped too: no slug holds one)
                default: return scalar
                }
            }))
        }
        return folded.precomposedStringWithCanonicalMapping
    }

    /// Where the slug of a profile URL is written (empty when it has none), or nil when `bytes` is not a profile URL.
    ///
    /// `asPasted`: the slug also ends at `&`, `;` and an escaped separator (`read` drops quotes and punctuation around it).
    private static func slugRange(in bytes: UnsafeBufferPointer<UInt8>, asPasted: Bool) -> Range<Int>? {
        var start = 0
        if hasPrefix(bytes, "https://", at: 0) {
            start = 8
        } else if hasPrefix(bytes, "http://", at: 0) {
            start = 7
        } else if hasPrefix(bytes, "//", at: 0) {
            start = 2
        }
        guard let hostEnd = bytes[start...].firstIndex(of: slash), isLinkedInHost(bytes[start..<hostEnd]) else { return nil }
        var path = hostEnd
        while path < bytes.count, bytes[path] == slash { path += 1 }
        if hasPrefix(bytes, "mwlite/", at: path) {
            path += 7
            while path < bytes.count, bytes[path] == slash { path += 1 }
        }
        guard hasPrefix(bytes, "in/", at: path) else { return nil }
        var slugStart = path + 3
        while slugStart < bytes.count, bytes[slugStart] == slash { slugStart += 1 }  // `/in//jane-doe`, as pasted
        // `/in/in/jane-doe` (a prefix added to a value that had it already) and `/in/%2Fjane-doe`: the name comes after (audit 133:
        // every `/in/in/…` was the one person `in`).
        while asPasted, slugStart < bytes.count {
            if hasPrefix(bytes, "in/", at: slugStart) {
                slugStart += 3
            } else if let dashes = dashSegment(bytes, at: slugStart) {
                slugStart += dashes  // `/in/-/jane-doe`: a placeholder segment before the name
            } else if bytes[slugStart] == slash {
                slugStart += 1
            } else if escapedByte(bytes, at: slugStart) == slash {
                slugStart += 3
            } else {
                break
            }
        }
        var slugEnd = slugStart
        while slugEnd < bytes.count, bytes[slugEnd] != slash, bytes[slugEnd] != question, bytes[slugEnd] != hash {
            if asPasted, bytes[slugEnd] == ampersand || bytes[slugEnd] == semicolon || isEscapedSeparator(bytes, at: slugEnd) { break }
            slugEnd += 1
        }
        return slugStart..<slugEnd
    }

    /// The length of a segment of `-` and `_` alone and its `/` at `index` (`-/`), when one stands there before more: no profile name is one.
    private static func dashSegment(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        var end = index
        while end < bytes.count, bytes[end] == UInt8(ascii: "-") || bytes[end] == UInt8(ascii: "_") { end += 1 }
        guard end > index, end + 1 < bytes.count, bytes[end] == slash else { return nil }
        return end + 1 - index
    }

    /// Whether `%2F`, `%3F`, `%23` or `%26` (`/`, `?`, `#`, `&` escaped, in any case) stands at `index`.
    @inline(__always) private static func isEscapedSeparator(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard bytes[index] == percent, let byte = escapedByte(bytes, at: index) else { return false }
        return byte == slash || byte == question || byte == hash || byte == ampersand
    }

    /// The byte a `%XX` escape at `index` stands for, or nil when none stands there.
    private static func escapedByte(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt8? {
        guard bytes[index] == percent, index + 2 < bytes.count,
              let high = Hex.value(ofDigit: bytes[index + 1]), let low = Hex.value(ofDigit: bytes[index + 2]) else { return nil }
        return high << 4 | low
    }

    /// Whether `byte` is ASCII white space or a control: nothing a slug's name holds at its ends.
    @inline(__always) private static func isBlank(_ byte: UInt8) -> Bool { byte <= 0x20 || byte == 0x7F }

    private static let slash = UInt8(ascii: "/")
    private static let question = UInt8(ascii: "?")
    private static let hash = UInt8(ascii: "#")
    private static let percent = UInt8(ascii: "%")
    private static let ampersand = UInt8(ascii: "&")
    private static let semicolon = UInt8(ascii: ";")

    @inline(__always) private static func lowerASCII(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// Whether `bytes` has `prefix` (lower-case ASCII) at `offset`, ignoring ASCII case.
    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: StaticString, at offset: Int) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count - offset >= count else { return false }
        let expected = prefix.utf8Start
        for index in 0..<count where lowerASCII(bytes[offset + index]) != expected[index] { return false }
        return true
    }

    /// Whether a host (with an optional trailing dot and `:port`) is `linkedin.com` or one subdomain of it.
    ///
    /// Reads the bytes in place (every recipient of an import passes here, on the parsing thread).
    private static func isLinkedInHost(_ host: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var end = host.endIndex
        if let colon = host.firstIndex(of: UInt8(ascii: ":")) {
            let port = host[(colon + 1)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
            end = colon
        }
        // A fully qualified name's trailing dot: `www.linkedin.com.`.
        if end > host.startIndex, host.base[end - 1] == UInt8(ascii: ".") { end -= 1 }
        let domain: StaticString = "linkedin.com"
        let domainStart = end - domain.utf8CodeUnitCount
        guard domainStart >= host.startIndex, hasPrefix(host.base, domain, at: domainStart) else { return false }
        if domainStart == host.startIndex { return true }
        // One subdomain label before it: `www.`, `m.`, a country's `de.`.
        let dot = domainStart - 1
        guard dot > host.startIndex, host.base[dot] == UInt8(ascii: ".") else { return false }
        return host.base[host.startIndex..<dot].allSatisfy { byte in
            let lower = lowerASCII(byte)
            return (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) || lower == UInt8(ascii: "-")
        }
    }

    /// The slug with `%XX` escapes decoded, or nil when it cannot be (the slug is then kept as written).
    ///
    /// Nil when an escape is malformed, or the result is not UTF-8 or holds a separator, white
    /// space or control byte between its ends; white space at its ends, and `asPasted` punctuation
    /// after the name, are `read`'s to drop.
    private static func percentDecoded(_ slug: Slice<UnsafeBufferPointer<UInt8>>, asPasted: Bool) -> [UInt8]? {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(slug.count)
        var index = slug.startIndex
        while index < slug.endIndex {
            let byte = slug[index]
            if byte == percent {
                guard index + 2 < slug.endIndex, let high = Hex.value(ofDigit: slug[index + 1]), let low = Hex.value(ofDigit: slug[index + 2]) else { return nil }
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(byte)
                index += 1
            }
        }
        let inner = decoded.drop(while: isBlank).reversed().drop { isBlank($0) || (asPasted && isPastedClosing(Unicode.Scalar($0))) }
        guard !inner.contains(where: { isBlank($0) || $0 == slash || $0 == question || $0 == hash || $0 == percent }),
              String(validating: decoded, as: UTF8.self) != nil else { return nil }
        return decoded
    }
}
