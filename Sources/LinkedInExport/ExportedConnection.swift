/// One row of LinkedIn's Connections.csv, parsed.
public struct ExportedConnection: Sendable, Equatable {
    /// The 1-based physical line where the row starts, counting preamble lines.
    public let line: Int
    /// First name, trimmed.
    public let firstName: String
    /// Last name, trimmed.
    public let lastName: String
    /// The profile URL, trimmed; nil when the file has no URL column or the cell is empty.
    public let profileURL: String?
    /// Email address; nil when empty (most connections hide it).
    public let email: String?
    /// Company; nil when empty.
    public let company: String?
    /// Position; nil when empty.
    public let position: String?
    /// The `Connected On` day as `YYYY-MM-DD`, independent of any time zone.
    public let connectedOn: String
    /// Noon of the `Connected On` day in the chosen zone, in milliseconds since 1970-01-01T00:00:00Z.
    public let connectedAt: Int64
    /// Stable content fingerprint of the row, to be hashed into a deterministic event id.
    ///
    /// Fields joined by U+001F (unit separator), in this order:
    /// 1. `linkedin.connection.v1`
    /// 2. `url:` + ``profileURL`` when present, else `name:` + ``fullNameKey``
    /// 3. ``connectedOn`` (`YYYY-MM-DD`; the calendar day, so not affected by the time zone)
    ///
    /// Email, company and position are left out: they change over time without making a new connection.
    public let fingerprint: String

    /// Creates a connection; the fingerprint is computed from the content.
    public init(
        line: Int, firstName: String, lastName: String, profileURL: String?,
        email: String?, company: String?, position: String?, connectedOn: String, connectedAt: Int64
    ) {
        self.line = line
        self.firstName = firstName
        self.lastName = lastName
        self.profileURL = profileURL
        self.email = email
        self.company = company
        self.position = position
        self.connectedOn = connectedOn
        self.connectedAt = connectedAt
        self.fingerprint = Fingerprint.join([
            "linkedin.connection.v1",
            Fingerprint.party(url: profileURL, name: firstName + " " + lastName),
            connectedOn,
        ])
    }

    /// First and last name as one string, single-spaced.
    public var fullName: String {
        [firstName, lastName].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The normalised key of the full name (see ``NameKey/of(_:)``).
    public var fullNameKey: String { NameKey.of(firstName: firstName, lastName: lastName) }
}
