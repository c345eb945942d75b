/// Writes RFC 4180 CSV rows.
public enum CSVWriter {
    /// Formats one row, ending in CRLF; nil fields are written empty.
    ///
    /// A field is quoted (with inner quotes doubled) when it holds a comma, a quote, CR or LF,
    /// or begins or ends with whitespace.
    public static func row(_ fields: [String?]) -> String {
        fields.map { field($0 ?? "") }.joined(separator: ",") + "\r\n"
    }

    /// Formats several rows, each ending in CRLF.
    public static func rows(_ rows: [[String?]]) -> String {
        rows.map(row).joined()
    }

    /// Formats one field, quoting it only when needed.
    public static func field(_ value: String) -> String {
        guard needsQuotes(value) else { return value }
        return "\"" + value.replacingQuotes() + "\""
    }

    private static func needsQuotes(_ value: String) -> Bool {
        let scalars = value.unicodeScalars
        if let first = scalars.first, first.properties.isWhitespace { return true }
        if let last = scalars.last, last.properties.isWhitespace { return true }
        return scalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
    }
}

private extension String {
    /// Doubles every quote, working on scalars so that CRLF clusters are left alone.
    func replacingQuotes() -> String {
        var out = String.UnicodeScalarView()
        for c in unicodeScalars {
            out.append(c)
            if c == "\"" { out.append(c) }
        }
        return String(out)
    }
}
