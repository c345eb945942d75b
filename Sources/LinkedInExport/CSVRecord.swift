/// One record read from RFC 4180 text, with the physical line where it starts.
public struct CSVRecord: Sendable, Equatable {
    /// The 1-based physical line on which the record starts.
    public let line: Int
    /// The field values, unquoted, with doubled quotes collapsed.
    public let fields: [String]
    /// True when the text ended inside a quoted field (the last field then holds the rest of the text).
    public let hasUnterminatedQuote: Bool

    /// Creates a record.
    public init(line: Int, fields: [String], hasUnterminatedQuote: Bool = false) {
        self.line = line
        self.fields = fields
        self.hasUnterminatedQuote = hasUnterminatedQuote
    }

    /// True for a record that holds nothing: an empty or whitespace-only line, or only empty or blank fields (a spreadsheet's empty row, `,,,,,`).
    public var isBlank: Bool {
        !hasUnterminatedQuote && fields.allSatisfy { $0.unicodeScalars.allSatisfy { $0.properties.isWhitespace } }
    }
}
