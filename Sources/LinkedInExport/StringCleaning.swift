extension String {
    /// The string without leading and trailing Unicode whitespace (line breaks included).
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    /// The string with CRLF and lone CR line breaks turned into LF.
    func normalisingLineBreaks() -> String {
        var out = String.UnicodeScalarView()
        var afterCR = false
        for c in unicodeScalars {
            if c == "\n", afterCR { afterCR = false; continue }
            afterCR = c == "\r"
            out.append(afterCR ? "\n" : c)
        }
        return String(out)
    }
}
