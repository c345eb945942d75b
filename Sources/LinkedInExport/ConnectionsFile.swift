/// Everything read from one Connections.csv.
public struct ConnectionsFile: Sendable, Equatable {
    /// The file name (last path component) the rows came from.
    public let fileName: String
    /// Usable rows, in file order.
    public let connections: [ExportedConnection]
    /// Rows that could not be used, in file order.
    public let problems: [ExportRowProblem]
    /// True when the header has the `URL` column.
    public let hasProfileURLs: Bool
    /// Header names that are not understood and were ignored, as written in the file.
    public let unknownColumns: [String]
    /// Header names written twice (`Direction`, `Direction`), as written the second time: the first column of each is read.
    public let duplicateColumns: [String]
    /// The order the file's slash dates were read in, and what showed it.
    public let dates: SlashDateOrder.Evidence

    /// Creates a result.
    public init(
        fileName: String, connections: [ExportedConnection], problems: [ExportRowProblem],
        hasProfileURLs: Bool, unknownColumns: [String], dates: SlashDateOrder.Evidence = .none,
        duplicateColumns: [String] = []
    ) {
        self.fileName = fileName
        self.connections = connections
        self.problems = problems
        self.hasProfileURLs = hasProfileURLs
        self.unknownColumns = unknownColumns
        self.duplicateColumns = duplicateColumns
        self.dates = dates
    }

    /// What standard error says of the header's columns that are not read (``ColumnNotes``).
    public var columnNotes: [String] { ColumnNotes.lines(unknown: unknownColumns, duplicates: duplicateColumns) }
}
