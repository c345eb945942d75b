import Ledger

/// Prints an append's outcome: SPEC §3's append JSON, or a one-line summary for people.
enum AppendReport {
    static func json(_ outcome: AppendOutcome) -> JSONValue {
        .object(members(outcome))
    }

    /// SPEC §3's append members, in order, for callers that add their own after them.
    static func members(_ outcome: AppendOutcome) -> [(String, JSONValue)] {
        [
            ("appended", .integer(Int64(outcome.appended))),
            ("duplicates", .integer(Int64(outcome.duplicates))),
            ("rejected", .integer(Int64(outcome.rejected))),
            ("first_position", .position(outcome.firstPosition)),
            ("last_position", .position(outcome.lastPosition)),
            ("invitations", .array(outcome.invitations.map { .string($0) })),
        ]
    }

    /// SPEC §3's append members as CSV columns, in order, for callers that add their own after them.
    static let csvColumns = ["appended", "duplicates", "rejected", "first_position", "last_position", "invitations"]

    /// The values of ``csvColumns``: nil for no position, the invitations joined by spaces.
    static func csvValues(_ outcome: AppendOutcome) -> [String?] {
        [String(outcome.appended), String(outcome.duplicates), String(outcome.rejected),
         outcome.firstPosition.map(String.init), outcome.lastPosition.map(String.init),
         outcome.invitations.joined(separator: " ")]
    }

    /// Prints the outcome; a table's sentence also names the invitations `followedUp` records moved on.
    ///
    /// As in `accepted inv-7`: SPEC's `invitations` (those created) leaves them out.
    static func print(_ outcome: AppendOutcome, format: OutputFormat, followedUp: (kind: EventKind, invitations: [String])? = nil) {
        Console.writtenBeforeOutput = outcome.committed && outcome.appended > 0 ? "the events were recorded" : nil
        switch format {
        case .json:
            Console.line(json(outcome).text)
        case .csv:
            var table = Table(csvColumns)
            table.add(csvValues(outcome))
            table.print(as: .csv)
        case .table:
            // Invitation ids are the client's text: shown on one line, with no control or bidi character working (review 56).
            Console.line(Table.oneLine(sentence(outcome) + (followedUp.map { naming($0.kind, $0.invitations) } ?? "")))
        }
    }

    /// The most invitations a sentence names before it counts the rest.
    static let namedInvitations = 10

    /// `; expired inv-1, inv-2 and 3 more`: what a follow-up did to which invitations, or nothing for none.
    static func naming(_ kind: EventKind, _ invitations: [String]) -> String {
        guard !invitations.isEmpty else { return "" }
        let named = invitations.prefix(namedInvitations).joined(separator: ", ")
        let more = invitations.count - namedInvitations
        return "; \(kind) \(named)" + (more > 0 ? " and \(more) more" : "")
    }

    /// The one-line summary for people: `appended 3 (positions 1–3), 0 duplicates, 1 rejected`.
    static func sentence(_ outcome: AppendOutcome) -> String {
        var text = "appended \(outcome.appended)"
        if let first = outcome.firstPosition, let last = outcome.lastPosition {
            text += first == last ? " (position \(first))" : " (positions \(first)–\(last))"
        }
        text += ", \(outcome.duplicates) duplicate\(outcome.duplicates == 1 ? "" : "s"), \(outcome.rejected) rejected"
        if outcome.invitationsCreated == 1, let invitation = outcome.invitations.first {
            text += "; invitation \(invitation)"
        }
        return text
    }
}
