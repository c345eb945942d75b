import Foundation
import Ledger
import LinkedInExport

/// The state of one run of ``LinkedInImport`` over a batch.
///
/// What it does with a row lives beside it: `+Invitations` records Invitations.csv's sends,
/// `+Connections` Connections.csv's acceptances.
struct LinkedInImportBatch {
    /// The sender account the export belongs to (`--account`).
    let account: String
    /// The policy's `note_limit`: a longer note is left out of its `sent`, and the row says so.
    let noteLimit: Int
    var tally = LinkedInImportTally()
    /// ` --db PATH` as the command gave it, for the commands its notes suggest.
    var dbArgument = ""
    /// Read before the rows of an Invitations.csv without URL columns (`prepareOldEraMatching`).
    var urlSends: LinkedInURLSends?
    /// The profiles this import's Invitations.csv ties each name-keyed recipient to (`tally.nameKeyedByURL` turned round).
    ///
    /// Made when the first connection is matched: every invitation row is read by then.
    var profilesOfName: [String: [String]]?
    /// Whether a refused row was said to look read in another time zone (`zoneShift`), which is said once.
    var saidZoneShift = false
    /// Without `--tz`: the refused rows that an earlier import's `sent`s look like, read in another zone (`zoneRefusal`).
    var shiftedFromEarlierImports: [(origin: LinkedInImportTally.Origin, gap: Int64, message: String)] = []

    /// The calendar of the zone the export's wall-clock times were read in.
    let calendar: Calendar
    /// Whether `--tz` was given (else the export is read in UTC, and a row an earlier import read in another zone stops the import).
    let zoneGiven: Bool
    /// The log's head before this import: events at or below it were recorded by earlier runs.
    let headBefore: UInt64

    init(account: String, noteLimit: Int, timeZone: TimeZone = .gmt, zoneGiven: Bool = true, headBefore: UInt64 = 0) {
        self.account = account
        self.noteLimit = noteLimit
        self.zoneGiven = zoneGiven
        self.headBefore = headBefore
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// How far after the clock a `Sent At` may be and still be recorded (with a note): 26 hours, the widest error a wrong `--tz` makes.
    static let futureSentAtTolerance: Int64 = 26 * 3_600_000

    /// What one item did to the batch.
    enum Effect { case appended, duplicate, refused }

    /// Gives one item to the writer, remembering where it came from.
    mutating func submit(_ item: Result<ProposedEvent, Rejection>, at origin: LinkedInImportTally.Origin,
                         in writer: inout BatchWriter) throws -> Effect {
        tally.origins.append(origin)
        let before = writer.outcome
        try writer.add(line: tally.origins.count, item)
        if writer.outcome.appended > before.appended { return .appended }
        if writer.outcome.duplicates > before.duplicates { return .duplicate }
        return .refused
    }

    /// Gives the writer a row that cannot be recorded, to be reported as its line's rejection.
    mutating func refuse(_ rejection: Rejection, at origin: LinkedInImportTally.Origin, in writer: inout BatchWriter) throws {
        _ = try submit(.failure(rejection), at: origin, in: &writer)
    }

    /// The recorded event with `id`, or nil; given back as `ProposedEvent(_:)`, the writer counts it as a duplicate.
    func recordedEvent(_ id: String, in view: LedgerView) throws -> Event? {
        try recordedEventAndPosition(id, in: view)?.event
    }

    /// `recordedEvent` and its position.
    func recordedEventAndPosition(_ id: String, in view: LedgerView) throws -> (event: Event, position: UInt64)? {
        guard let position = try view.position(ofEventID: id), let event = try view.event(at: position) else { return nil }
        return (event, position)
    }
}
