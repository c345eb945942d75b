/// Everything read from one Invitations.csv.
public struct InvitationsFile: Sendable, Equatable {
    /// The file name (last path component) the rows came from.
    public let fileName: String
    /// Usable rows of both directions, in file order.
    public let invitations: [ExportedInvitation]
    /// Rows that could not be used, in file order.
    public let problems: [ExportRowProblem]
    /// True when the header has the `inviteeProfileUrl` column (exports since late 2023).
    public let hasProfileURLs: Bool
    /// Header names that are not understood and were ignored, as written in the file.
    public let unknownColumns: [String]
    /// Header names written twice (`Direction`, `Direction`), as written the second time: the first column of each is read.
    public let duplicateColumns: [String]
    /// The order the file's slash dates were read in, and what showed it.
    public let dates: SlashDateOrder.Evidence

    /// Creates a result.
    public init(
        fileName: String, invitations: [ExportedInvitation], problems: [ExportRowProblem],
        hasProfileURLs: Bool, unknownColumns: [String], dates: SlashDateOrder.Evidence = .none,
        duplicateColumns: [String] = []
    ) {
        self.fileName = fileName
        self.invitations = invitations
        self.problems = problems
        self.hasProfileURLs = hasProfileURLs
        self.unknownColumns = unknownColumns
        self.duplicateColumns = duplicateColumns
        self.dates = dates
    }

    /// The usable `OUTGOING` rows, in file order.
    public var outgoing: [ExportedInvitation] { invitations.filter { $0.direction == .outgoing } }
    /// How many usable `INCOMING` rows there are.
    public var incomingCount: Int { invitations.filter { $0.direction == .incoming }.count }

    /// What standard error says of the header's columns that are not read (``ColumnNotes``).
    public var columnNotes: [String] { ColumnNotes.lines(unknown: unknownColumns, duplicates: duplicateColumns) }
}
