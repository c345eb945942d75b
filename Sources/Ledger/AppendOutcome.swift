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
    /// Ids of the invitations the call created.
    ///
    /// All of them, or only the first when the writer was asked not to list them (`BatchWriter.listsInvitations`).
    public var invitations: [String] = []
    /// How many invitations the call created.
    public var invitationsCreated = 0
    /// Whether the batch was committed (false when a rejection refused it whole).
    public var committed = false
    /// Reminders without an id recorded at the very time of a reminder their invitation already had.
    ///
    /// The lines, with the earlier reminder's position. A file without ids imported twice records
    /// its last reminders again, which no rule refuses (a second reminder at one time is allowed);
    /// the import says so (audit 106 F5).
    public var repeatedReminders: [(line: Int, earlier: UInt64)] = []
    /// The batch's clock, and the `recorded_at` of the event last recorded before it, when that one is later.
    ///
    /// The clock was then stepped back (NTP, a virtual machine restored), and `recorded_at`, the
    /// real clock, goes backwards along the log here (audit 115 F11). Nil when it is not, or when
    /// nothing was recorded before; also kept when the batch was refused.
    public var clockBehind: (clock: Timestamp, lastRecordedAt: Timestamp)?

    /// Creates an empty outcome.
    public init() {}

    /// The number of rejected lines.
    public var rejected: Int { rejections.count }

    /// Whether the call recorded events: committed, with at least one appended.
    public var recordedSomething: Bool { committed && appended > 0 }
}
