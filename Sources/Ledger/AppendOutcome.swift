/// What one append call did: SPEC §3's append JSON, plus the rejected lines.
public struct AppendOutcome: Sendable {
    /// Events written.
    public var appended = 0
    /// Events skipped because the same event was already recorded.
    public var duplicates = 0
    /// Lines refused, with their 1-based line numbers (or item numbers).
    public var rejections: [(line: Int, rejection: Rejection)] = []
    /// The position of the first event written (`first_position`); nil when none was.
    public var firstPosition: UInt64?
    /// The position of the last event written (`last_position`); nil when none was.
    public var lastPosition: UInt64?
    /// Ids of the invitations the call created: all of them, or only the first when the writer
    /// was asked not to list them (`BatchWriter.listsInvitations`).
    public var invitations: [String] = []
    /// How many invitations the call created.
    public var invitationsCreated = 0
    /// Whether the batch was committed (false when a rejection refused it whole).
    public var committed = false

    /// Creates an empty outcome.
    public init() {}

    /// The number of rejected lines.
    public var rejected: Int { rejections.count }
}
