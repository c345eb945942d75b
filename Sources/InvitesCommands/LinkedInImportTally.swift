import Ledger

/// What a LinkedIn export import did, row by row and in total, beyond SPEC's append counts.
struct LinkedInImportTally {
    /// Where a row came from: its file and the physical line its record starts on.
    struct Origin: Comparable {
        /// 0 for Invitations.csv, 1 for Connections.csv: reports list invitations first.
        var fileOrder: Int
        var file: String
        var line: Int

        static func < (lhs: Origin, rhs: Origin) -> Bool {
            (lhs.fileOrder, lhs.line) < (rhs.fileOrder, rhs.line)
        }

        /// `Invitations.csv line 7`.
        var description: String { "\(file) line \(line)" }
    }

    /// A row that was used, but not entirely: a note over `note_limit`.
    struct Notice {
        var origin: Origin
        var message: String
    }

    /// Data rows in Invitations.csv, usable or not.
    var invitationsRead = 0
    /// `sent` events appended.
    var outgoingRecorded = 0
    /// Outgoing rows whose invitation another tool recorded (the pair's latest `sent`, minutes from the row's).
    var outgoingRecordedElsewhere = 0
    /// Earlier invitations closed as `withdrawn` because the export lists a newer one to the person (`closeSuperseded`).
    var inferredWithdrawn = 0
    /// Earlier invitations closed so as `expired`, `expire_after` having run out before the newer one was sent.
    var inferredExpired = 0
    /// `INCOMING` rows, counted and skipped.
    var incomingSkipped = 0
    /// Outgoing rows already in the ledger (an earlier import of this export or an older one).
    var outgoingDuplicates = 0
    /// Data rows in Connections.csv, usable or not.
    var connectionsRead = 0
    /// `accepted` events appended for a pending invitation found by profile URL.
    var acceptedByURL = 0
    /// `accepted` events appended for a pending invitation found by full name.
    var acceptedByName = 0
    /// Connection rows whose acceptance is already in the ledger.
    var acceptedDuplicates = 0
    /// Usable connection rows with no pending invitation of the account to match.
    var connectionsUnmatched = 0
    /// Unmatched connections without a profile URL in a file that has the URL column, in an import without Invitations.csv:
    /// matched by name only to that file's rows, which this import did not read.
    var unmatchedWithoutURL = 0
    /// Sent events recorded without their note because it is longer than `note_limit`.
    var notesLeftOut = 0
    /// This export's newest `Sent At` and the newer one an earlier import of the account held, when this export is the older.
    var newerExportSeen: (newest: Timestamp, earlier: Timestamp)?
    /// The account's pending invitations, sent before this export's newest, that it neither lists nor accepts (audit 128 F2).
    var pendingNotListed: LinkedInUnlistedPending?
    /// The origin of each item given to the batch writer; item N (1-based) is `origins[N - 1]`.
    var origins: [Origin] = []
    /// Rows recorded with a caveat, in the order met.
    var notices: [Notice] = []
    /// The invitations an earlier import recorded by name that this one names with their profile URL.
    ///
    /// The earlier import read an export without profile URLs. The URL's recipient → the
    /// name-keyed recipient they are recorded under (audit 81 F1, F2).
    var nameKeyedByURL: [String: String] = [:]

    /// The origin of a writer item, by its 1-based number.
    func origin(ofItem item: Int) -> Origin? {
        item >= 1 && item <= origins.count ? origins[item - 1] : nil
    }

    /// Every refused row of an outcome with its origin, in file and line order.
    func refusedRows(of outcome: AppendOutcome) -> [(origin: Origin, rejection: Rejection)] {
        outcome.rejections.compactMap { entry in
            origin(ofItem: entry.line).map { ($0, entry.rejection) }
        }.sorted { $0.origin < $1.origin }
    }
}
