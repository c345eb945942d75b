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

    /// The keys of the name written family name first: as a Chinese, Japanese or Korean name is, or as a list writes any (`Doe, John`).
    ///
    /// `王小明` and `王 小明` for First Name `小明`, Last Name `王`, when both parts are in those
    /// scripts; `doe, john` and `doe,john` for First Name `John`, Last Name `Doe`.
    ///
    /// Connections.csv splits a name into first and last; Invitations.csv writes it whole, as the
    /// member shows it, which for these scripts is family name first, often with no space
    /// (audit 109 F8: such invitations were never matched by name), and an older export may write
    /// it `Last, First` (audit 128 F1: `Doe, John` was never matched to John Doe's connection).
    public var familyFirstNameKeys: [String] {
        var keys: [String] = []
        if Self.isEastAsian(firstName), Self.isEastAsian(lastName) {
            keys = [NameKey.of(lastName + firstName), NameKey.of(firstName: lastName, lastName: firstName)]
        }
        if !firstName.isEmpty, !lastName.isEmpty { keys += [NameKey.of(lastName + ", " + firstName), NameKey.of(lastName + "," + firstName)] }
        return keys
    }

    /// Whether `part` is a name in Han, kana or Hangul letters (white space aside).
    private static func isEastAsian(_ part: String) -> Bool {
        let letters = part.unicodeScalars.filter { !$0.properties.isWhitespace }
        return !letters.isEmpty && letters.allSatisfy { scalar in
            switch scalar.value {
            case 0x1100...0x11FF, 0x3040...0x30FF, 0x3130...0x318F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF,
                 0xF900...0xFAFF, 0x20000...0x2FFFF: return true
            default: return false
            }
        }
    }
}
