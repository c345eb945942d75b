/// Reads RFC 4180 records from text, tracking the physical line where each record starts.
///
/// Accepts quoted fields holding commas, doubled quotes and line breaks (CRLF, LF or a lone CR),
/// records ending in CRLF, LF or CR, and a last record with or without a trailing line break.
/// It is lenient where RFC 4180 is strict: a quote inside an unquoted field, or text after a
/// closing quote, is kept literally. A leading UTF-8 byte order mark is skipped.
/// A blank line yields a record with one empty field (see ``CSVRecord/isBlank``).
public struct CSVReader: Sequence, IteratorProtocol, Sendable {
    private let scalars: String.UnicodeScalarView
    private var index: String.UnicodeScalarView.Index
    private var line = 1

    /// Creates a reader over the whole text.
    public init(text: String) {
        scalars = text.unicodeScalars
        index = scalars.startIndex
        if index < scalars.endIndex, scalars[index] == "\u{FEFF}" {
            index = scalars.index(after: index)
        }
    }

    /// Reads every record of the text.
    public static func records(in text: String) -> [CSVRecord] {
        Array(CSVReader(text: text))
    }

    /// Returns the next record, or nil at the end of the text.
    public mutating func next() -> CSVRecord? {
        guard index < scalars.endIndex else { return nil }
        let startLine = line
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var fieldWasQuoted = false
        var inQuotes = false

        while let c = take() {
            if inQuotes {
                switch c {
                case "\"":
                    if peek() == "\"" {
                        _ = take()
                        field.append("\"")
                    } else {
                        inQuotes = false
                    }
                case "\r":
                    field.append(c)
                    if peek() == "\n", let lf = take() { field.append(lf) }
                    line += 1
                case "\n":
                    field.append(c)
                    line += 1
                default:
                    field.append(c)
                }
                continue
            }
            switch c {
            case ",":
                fields.append(String(field))
                field = String.UnicodeScalarView()
                fieldWasQuoted = false
            case "\r", "\n":
                if c == "\r", peek() == "\n" { _ = take() }
                line += 1
                fields.append(String(field))
                return CSVRecord(line: startLine, fields: fields)
            case "\"" where field.isEmpty && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
            default:
                field.append(c)
            }
        }
        fields.append(String(field))
        return CSVRecord(line: startLine, fields: fields, hasUnterminatedQuote: inQuotes)
    }

    private func peek() -> Unicode.Scalar? {
        index < scalars.endIndex ? scalars[index] : nil
    }

    private mutating func take() -> Unicode.Scalar? {
        guard index < scalars.endIndex else { return nil }
        let c = scalars[index]
        index = scalars.index(after: index)
        return c
    }
}
