import Foundation
import Ledger

/// What a JSON Lines import says of its refused lines: the advice in its notes and in its refusal.
extension ImportCommand {
    /// Whether a refused batch looks like a file imported before: some line is refused for what is recorded already.
    ///
    /// A `sent` naming an invitation recorded already, or sent to a pair pending or connected
    /// since, or a follow-up of an invitation closed already. Said only of a file with id-less
    /// lines, which `--skip-invalid` would record again.
    static func looksImportedBefore(_ outcome: AppendOutcome) -> Bool {
        let codes: Set<RejectionCode> = [.duplicateInvitation, .alreadyPending, .alreadyConnected, .alreadyClosed]
        return outcome.rejections.contains { codes.contains($0.rejection.code) }
    }

    /// Whether the input looks like another format than JSON Lines: its first line is no JSON object, and every line refused does not parse.
    ///
    /// A JSON array written one object a line refuses its `[` as no object and each `{…},` as not
    /// valid JSON (text after the object); a file of events whose first line is an object written
    /// wrong (a raw tab in a note) is JSON Lines all the same (review 130).
    static func looksNotJSONLines(_ outcome: AppendOutcome) -> Bool {
        guard let first = outcome.rejections.first, first.line == 1, first.rejection.message.hasPrefix(EventParser.notAnObject) else {
            return false
        }
        return outcome.rejections.allSatisfy {
            $0.rejection.message.hasPrefix(EventParser.notAnObject) || $0.rejection.message.hasPrefix(EventParser.notValidJSON)
        }
    }

    /// What to do with a file in another format: a JSON array, a CSV.
    static let jsonLinesAdvice = "; import takes JSON Lines, one event object per line such as "
        + "{\"type\":\"sent\",\"account\":\"a\",\"recipient\":\"r\",\"at\":\"2026-01-05T09:30:00Z\"}: "
        + "a JSON array becomes that with `jq -c '.[]' FILE`, and a LinkedIn export imports with --from linkedin"

    /// The lines refused for a note longer than `note_limit`, each with the note's length, in line order.
    static func refusedNotes(_ outcome: AppendOutcome) -> [(line: Int, length: Int)] {
        outcome.rejections.compactMap { line, rejection -> (line: Int, length: Int)? in
            rejection.noteLength.map { (line, $0) }
        }.sorted { $0.line < $1.line }
    }

    /// How to import again, once `note_limit` is raised, the lines a committed import refused for their notes.
    ///
    /// Only those lines: the file's lines without an id would be recorded twice (review 52, 53). So the
    /// rejects file when there is one, the whole file when every line has an id (the rest are
    /// duplicates then), else a command that picks the lines out of the file.
    func againAdvice(_ outcome: AppendOutcome, linesWithoutID: Int) -> String {
        // Named with --db as this import was, or the advice imports into the default ledger (audit 70 F5).
        if let rejects { return "and `invites import \(ShellWord.path(rejects))\(options.dbArgument)`, which holds the refused lines" }
        if linesWithoutID == 0 {
            return "and import the file again (its other lines are duplicates now)"
                + (file == "-" ? "" : ": `invites import \(ShellWord.path(file))\(options.dbArgument)`")
        }
        let lines = Self.refusedNotes(outcome).map(\.line)
        let isRegularFile = (try? FileManager.default.attributesOfItem(atPath: file)[.type] as? FileAttributeType) == .typeRegular
        guard file != "-", isRegularFile, lines.count <= 20 else {
            return "and import \(Self.linesNamed(lines)) alone: the file's other lines without an id would be recorded again "
                + "(--rejects FILE keeps refused lines)"
        }
        let picked = lines.map { "\($0)p" }.joined(separator: ";")
        return "and import those lines alone, as the file's other lines without an id would be recorded again: "
            + "`sed -n '\(picked)' \(ShellWord.path(file)) | invites import -\(options.dbArgument)`"
    }

    /// The line numbers `lines` as a sentence names them: `line 4`, `lines 1 and 3`, `lines 1, 3 and 5`, `lines 1, 2, …, 10 and 4 more`.
    ///
    /// Ten at most, as the rest are in the file's refusals above; one line is `line 1`, not `lines 1` (audit 156).
    static func linesNamed(_ lines: [Int]) -> String {
        let shown = lines.prefix(10).map(String.init)
        guard let last = shown.last else { return "no lines" }
        if lines.count > 10 { return "lines \(shown.joined(separator: ", ")) and \(lines.count - 10) more" }
        return shown.count == 1 ? "line \(last)" : "lines \(shown.dropLast().joined(separator: ", ")) and \(last)"
    }

    /// The caveat for a file imported before, where `--skip-invalid` would record its id-less lines again.
    static let importedBeforeAdvice = "; but if this file was imported before, its lines without an \"id\" are new events "
        + "each time and would be recorded again: give each line an id to make a re-import safe"

    /// How many refused lines each code has, when there is more than one code: ` (already_pending 1, invalid_event 4)`.
    ///
    /// The summary's own code is the first refusal's (SPEC's `invites: <code>: <message>` has
    /// one); this says what else is among them, in the order of their first line.
    static func codeCounts(_ outcome: AppendOutcome) -> String {
        var counts: [(code: String, count: Int)] = []
        for (_, rejection) in outcome.rejections {
            if let index = counts.firstIndex(where: { $0.code == rejection.code.rawValue }) {
                counts[index].count += 1
            } else {
                counts.append((rejection.code.rawValue, 1))
            }
        }
        guard counts.count > 1 else { return "" }
        return " (" + counts.map { "\($0.code) \($0.count)" }.joined(separator: ", ") + ")"
    }

    /// What to do about lines refused for a note longer than `note_limit`, or nothing when none was.
    func noteLimitAdvice(_ outcome: AppendOutcome, linesWithoutID: Int) -> String {
        // A note over note_limit is most often from an export of a ledger whose policy allowed it: an export holds no policy.
        Self.refusedNotes(outcome).map(\.length).max().map { longest in
            "; a note longer than note_limit may come from a ledger whose policy allowed it (an export does not carry it): "
                + "run `invites policy\(options.dbArgument) --set note_limit=\(longest)` "
                + (outcome.committed ? againAdvice(outcome, linesWithoutID: linesWithoutID) : "first to keep them")
        } ?? ""
    }

    /// The refusal of a batch that recorded nothing: how many lines were refused, for what, and what to do instead.
    static func refusal(_ outcome: AppendOutcome, eventLines: Int, linesWithoutID: Int, noteAdvice: String) -> Failure {
        // With no line that would be appended, --skip-invalid would only exit 0 having done nothing (audit 70 F6).
        let skipAdvice = eventLines > outcome.rejected + outcome.duplicates
            ? "use --skip-invalid to append the valid lines" + (linesWithoutID > 0 && looksImportedBefore(outcome) ? importedBeforeAdvice : "")
            : "no line of it can be appended as it is"
        return Failure(outcome.rejections.first?.rejection.code.rawValue ?? "invalid_event",
                       "\(outcome.rejected) line\(outcome.rejected == 1 ? "" : "s") refused\(codeCounts(outcome)); nothing was written "
                           + "(\(skipAdvice)\(noteAdvice)\(looksNotJSONLines(outcome) ? jsonLinesAdvice : ""))")
    }

    /// The note on reminders without an id that repeat one of their invitation at the very same time, or nil when none does.
    static func repeatedRemindersNote(_ outcome: AppendOutcome) -> String? {
        guard let first = outcome.repeatedReminders.first else { return nil }
        // No rule refuses a second reminder at one time, which is what a file without ids imported again records.
        let count = outcome.repeatedReminders.count
        return "invites: note: \(count) reminder\(count == 1 ? "" : "s") without an id repeat\(count == 1 ? "s" : "") "
            + "a reminder of \(count == 1 ? "its" : "their") invitation at the very same time (line \(first.line) repeats position "
            + "\(first.earlier)): if this file was imported before, \(count == 1 ? "it is" : "they are") now recorded twice; "
            + "give each line an id to make a re-import safe"
    }
}
