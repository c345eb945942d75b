/// Normalisation of the identities in an event: recipients and accounts.
public enum Identity {
    /// Normalises a recipient: a LinkedIn profile URL in any form becomes `linkedin.com/in/<slug>`
    /// (slug lower-cased; no scheme, `www.`, trailing slash, query or fragment); anything else is trimmed.
    ///
    /// ```swift
    /// Identity.recipient("https://www.linkedin.com/in/Jane-Doe/?trk=x") // "linkedin.com/in/jane-doe"
    /// Identity.recipient(" urn:li:person:42 ")                         // "urn:li:person:42"
    /// ```
    public static func recipient(_ raw: String) -> String {
        let trimmed = trim(raw)
        if let normalised = asciiRecipient(trimmed) { return normalised }
        var rest = Substring(trimmed)
        let lowered = trimmed.lowercased()
        var lowerRest = Substring(lowered)
        for scheme in ["https://", "http://"] where lowerRest.hasPrefix(scheme) {
            rest = rest.dropFirst(scheme.count)
            lowerRest = lowerRest.dropFirst(scheme.count)
        }
        for prefix in ["www.", "m.", "mobile."] where lowerRest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            lowerRest = lowerRest.dropFirst(prefix.count)
            break
        }
        guard lowerRest.hasPrefix("linkedin.com/in/") else { return trimmed }
        var slug = lowerRest.dropFirst("linkedin.com/in/".count)
        if let cut = slug.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
            slug = slug[..<cut]
        }
        guard !slug.isEmpty else { return trimmed }
        return "linkedin.com/in/" + slug
    }

    /// `recipient` on bytes, for ASCII-only text (nil otherwise), where lower-casing and prefix
    /// tests on bytes equal their `Character` forms; the general path costs ~30k instructions a call.
    private static func asciiRecipient(_ trimmed: String) -> String? {
        var text = trimmed
        return text.withUTF8 { bytes -> String? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            @inline(__always) func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
            var start = 0
            func hasPrefix(_ prefix: StaticString) -> Bool {
                let count = prefix.utf8CodeUnitCount
                guard bytes.count - start >= count else { return false }
                let expected = prefix.utf8Start
                for offset in 0..<count where lower(bytes[start + offset]) != expected[offset] { return false }
                return true
            }
            if hasPrefix("https://") { start += 8 }
            if hasPrefix("http://") { start += 7 }
            if hasPrefix("www.") { start += 4 } else if hasPrefix("m.") { start += 2 } else if hasPrefix("mobile.") { start += 7 }
            guard hasPrefix("linkedin.com/in/") else { return trimmed }
            let slugStart = start + 16
            var slugEnd = slugStart
            while slugEnd < bytes.count, bytes[slugEnd] != 0x2F, bytes[slugEnd] != 0x3F, bytes[slugEnd] != 0x23 { slugEnd += 1 }
            guard slugEnd > slugStart else { return trimmed }
            var out = Array("linkedin.com/in/".utf8)
            out.reserveCapacity(16 + slugEnd - slugStart)
            for index in slugStart..<slugEnd { out.append(lower(bytes[index])) }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Trims white space (Unicode's, including no-break spaces) from both ends.
    public static func trim(_ text: String) -> String {
        // Fast path: printable ASCII at both ends is never white space (no scalar properties needed).
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return text
        }
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              first.properties.isWhitespace || last.properties.isWhitespace else { return text }
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[start...end])
    }
}
