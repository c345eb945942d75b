import ArgumentParser
import Foundation
import Ledger

extension ImportInput: ExpressibleByArgument {
    /// An input kind named in any case (`--from LinkedIn`), as `--format` is.
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}

/// `invites import`: appends JSON Lines, all or nothing unless `--skip-invalid`, or reads LinkedIn's data export.
struct ImportCommand: LedgerCommand, ClockFreeCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append events from JSON Lines (all or nothing), or from LinkedIn's data export.",
        discussion: """
        Each line is one event, a JSON object: type (sent, reminded, withdrawn, expired, \
        accepted) and at (RFC 3339) always; a sent needs account and recipient, a follow-up its \
        invitation or account and recipient; optional are id (any kind), source, note and template \
        (on a sent), reason (on a withdrawn) and by (on an expired). For example:
          {"type":"sent","at":"2026-01-05T09:30:00Z",
           "account":"acct-1","recipient":"linkedin.com/in/jane-doe"}
        (one line in the file). \
        Blank lines are skipped. The batch is all or nothing: \
        if any line is refused, nothing is written and each bad line is reported as \
        `line N: <code>: <message>`. With --skip-invalid the valid lines are appended and the \
        refused ones copied to --rejects as they were given. A first import into a new path is \
        built beside it and committed in chunks (its memory stays low), and appears at --db \
        once complete; an import into an existing ledger is one transaction.

        With --from linkedin, FILE is the unzipped "Get a copy of your data" folder, or its \
        Invitations.csv or Connections.csv. Each OUTGOING invitation becomes a sent (source \
        linkedin-export); each connection that answers a pending invitation of --account becomes \
        its accepted. Rows that cannot be used are listed on standard error as \
        `Invitations.csv line N: <code>: <message>` and never stop the rest. Importing the same \
        export again, or a newer one, appends only what is new.

        Examples:
          invites import events.jsonl --db ./ledger
          cat new.jsonl | invites import - \\
            --skip-invalid --rejects refused.jsonl
          invites import --from linkedin --account me \\
            --tz Europe/Berlin \\
            ~/Downloads/Basic_LinkedInDataExport_03-01-2026
        """)

    @Argument(help: ArgumentHelp("The JSON Lines file, or - for standard input; with --from linkedin, the export folder or one of its CSV files.",
                                 valueName: "file"),
              completion: .file())
    var file: String = "-"

    @Option(help: ArgumentHelp("What FILE holds: jsonl (events, the default) or linkedin (LinkedIn's data export).", valueName: "kind"))
    var from: ImportInput = .jsonl

    @Option(help: ArgumentHelp("With --from linkedin: the sender account the export belongs to.", valueName: "name"))
    var account: String?

    // Unconditional, so that a negative offset (`--tz -05:00`) is taken as the value, not as an option.
    @Option(parsing: .unconditional,
            help: ArgumentHelp("With --from linkedin: the time zone the export's times are in (default UTC), e.g. Europe/Berlin or -05:00.",
                               valueName: "zone"))
    var tz: String?

    @Flag(help: "With --from linkedin: record the export under --account even though the ledger knows an account spelled almost so.")
    var newAccount = false

    @Flag(help: "With --from linkedin: the account's own profile URL changed since its earlier exports; record this one under it all the same.")
    var inviterChanged = false

    @Flag(help: "JSON Lines: append the valid lines and skip the refused ones (exit 0). A LinkedIn export always does.")
    var skipInvalid = false

    @Option(help: ArgumentHelp("JSON Lines: write each refused line, verbatim, to this file.", valueName: "file"), completion: .file())
    var rejects: String?

    @OptionGroup var options: LedgerOptions
    @OptionGroup var clock: IgnoredClockOption

    func validate() throws {
        // An empty path is a script's unset variable, as an empty `--db` is: a malformed command line (audit 134).
        try requirePathGiven(file, "the file to import", or: "give - (or nothing) for standard input")
        try requirePathGiven(rejects, "--rejects", or: "leave --rejects out")
        switch from {
        case .jsonl:
            if account != nil || tz != nil || newAccount || inviterChanged {
                throw ValidationError("--account, --tz, --new-account and --inviter-changed go with --from linkedin; JSON Lines events "
                    + "name their own account")
            }
            // A file named `-` would appear where standard output was meant, and standard output holds the summary (audit 87 F2).
            if rejects == "-" {
                throw ValidationError("--rejects - would write a file named -; give the file's path, or /dev/stdout or /dev/stderr "
                    + "to stream the refused lines there")
            }
        case .linkedin:
            guard let account, !Identity.trim(account).isEmpty else {
                throw ValidationError("--from linkedin needs --account NAME: the sender account the export belongs to")
            }
            // Else every row is refused for it, one line each (audit 86): the account is the command line's.
            if let problem = pairOptionProblem(account: Identity.trim(account), recipient: "") {
                throw ValidationError(problem)
            }
            if file == "-" {
                throw ValidationError("--from linkedin reads files: give the unzipped export folder, or its Invitations.csv or Connections.csv")
            }
            // The reports' own parse, so an offset past ±18:00 is said as such here too.
            if let tz { _ = try parseZone(tz) }
            if rejects != nil {
                throw ValidationError("--rejects goes with JSON Lines; the LinkedIn import lists unusable rows on standard error")
            }
            // Taken and ignored, it read as if it changed something (audit 85 F8): the LinkedIn import always skips what it cannot use.
            if skipInvalid {
                throw ValidationError("--skip-invalid goes with JSON Lines; the LinkedIn import always records the rows it can use "
                    + "and lists the others on standard error")
            }
        }
    }

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
        let named = lines.prefix(10).map(String.init).joined(separator: ", ") + (lines.count > 10 ? " and \(lines.count - 10) more" : "")
        guard file != "-", isRegularFile, lines.count <= 20 else {
            return "and import lines \(named) alone: the file's other lines without an id would be recorded again (--rejects FILE keeps refused lines)"
        }
        let picked = lines.map { "\($0)p" }.joined(separator: ";")
        return "and import those lines alone, as the file's other lines without an id would be recorded again: "
            + "`sed -n '\(picked)' \(ShellWord.path(file)) | invites import -\(options.dbArgument)`"
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

    func run() throws {
        if options.readOnly {
            // Before anything is read or staged: a first import would otherwise create the ledger.
            try reportingFailures(options) { throw Failure("error", "writing to \(options.path): --read-only was given, and import writes") }
            return
        }
        // From the start, so that a signal while the input is read is said too; to the end, so is one during the summary.
        ImportInterruption.install()
        defer { ImportInterruption.uninstall() }
        if from == .linkedin, let account {
            try reportingFailures(options) { try runLinkedIn(account: account) }
            return
        }
        try reportingFailures(options) {
            if let hint = LinkedInExportHint.message(for: file) { throw Failure("error", hint) }
            if file == "-", isatty(STDIN_FILENO) == 1 {
                // Typed at a terminal, or a file argument forgotten: say what it waits for.
                Console.error("invites: reading JSON Lines from standard input; end with Ctrl-D (or name a file: invites import events.jsonl)")
            }
            let input = try JSONLinesFile.open(file)
            // Opened before anything is appended: an unwritable path fails the import with nothing written.
            let rejectsFile = try rejects.map { try RejectsFile(path: $0, ledgerDirectory: options.path) }
            var finished = false
            defer { if !finished { rejectsFile?.removeIfUnwritten() } }
            var rejectedLines: [Int: Range<Int>] = [:]
            var linesWithoutID = 0  // a re-import records these again
            var eventLines = 0  // lines that are events, refused or not: --skip-invalid is no advice when none would be appended
            var ahead = EventsAhead()  // events dated after the clock, said as `send --at` says one (audit 68 F4)
            var rejectsWritten = false
            /// Where the refused lines are in the input, in line order: what the rejects file receives.
            func refusedPlaces() -> [Range<Int>] { rejectedLines.keys.sorted().compactMap { rejectedLines[$0] } }
            let progress = ImportProgress(total: input.byteCount)
            func importLines(into ledger: Ledger, commits: BatchCommits) throws -> AppendOutcome {
                let catchUp = try projectionCatchUp(for: ledger)
                // The refused lines are kept before the valid ones commit: a rejects file the disk cannot take fails the
                // import with nothing written, instead of losing them after the commit (audit 54 L1). Only a regular
                // file: a stream's reader could hold the write lock for as long as it stalls, and would get the lines
                // twice from a transaction run again (review 56 M2). Nor the input itself, which is replaced only once
                // its valid lines are safe in the ledger.
                let beforeCommit: (LedgerView) throws -> Void = { view in
                    ImportInterruption.commitBegins()
                    try catchUp?(view)
                    guard let rejectsFile, rejectsFile.isRegularFile, !rejectsFile.isInput(input) else { return }
                    do {
                        try rejectsFile.replaceContents(with: refusedPlaces(), of: input)
                    } catch let failure as Failure {
                        // Half written, it would hold cut-off lines (review 57); one this import made goes (audit 149).
                        let undone = rejectsFile.takeBack().map { ", and \($0)" } ?? ""
                        throw Failure("error", "\(failure.message) (nothing was written\(undone))")
                    }
                    rejectsWritten = true
                }
                return try ledger.append(skipInvalid: skipInvalid, commits: commits, beforeCommit: beforeCommit) { writer in
                    writer.listsInvitations = options.format != .table  // the sentence names one only
                    rejectedLines.removeAll()
                    linesWithoutID = 0
                    eventLines = 0
                    ahead = EventsAhead()
                    try input.forEachParsedLine { line in
                        guard let event = line.event else { return }
                        eventLines += 1
                        var at: Timestamp?
                        if case .success(let proposed) = event {
                            at = proposed.at
                            if proposed.id == nil { linesWithoutID += 1 }
                        }
                        let before = writer.outcome.rejected, appendedBefore = writer.outcome.appended
                        try writer.add(line: line.number, event)
                        if writer.outcome.rejected > before, rejects != nil {
                            rejectedLines[line.number] = line.place
                        }
                        if let at, writer.outcome.appended > appendedBefore { ahead.note(at, clock: writer.recordedAt) }
                        progress.update(line: line.number, bytes: line.bytesRead)
                    }
                }
            }
            // Nothing at --db yet: the ledger appears there only if the batch commits something.
            let outcome: AppendOutcome
            do {
                outcome = try NewLedgerStaging.append(at: options, importLines)
            } catch {
                // The commit failed after the rejects file was written: its lines are of a batch that recorded nothing.
                if rejectsWritten, let undone = rejectsFile?.takeBack() {
                    Console.error("invites: note: \(undone): it held the refused lines of a batch that recorded nothing")
                }
                throw error
            }
            progress.finish()
            for (line, rejection) in outcome.rejections {
                Console.error("line \(line): \(rejection.code.rawValue): \(rejection.message)")
            }
            var rejectsProblem: String?
            if let rejectsFile, !rejectsWritten, !rejectedLines.isEmpty || skipInvalid {
                do {
                    try rejectsFile.replaceContents(with: refusedPlaces(), of: input)
                } catch let failure as Failure {
                    rejectsProblem = failure.message
                }
            }
            AppendReport.print(outcome, format: options.format)
            ClockBehindNote.say(for: outcome)
            if outcome.committed, let said = ahead.sentence { Console.note("invites: note: " + said) }
            if outcome.committed, let first = outcome.repeatedReminders.first {
                // No rule refuses a second reminder at one time, which is what a file without ids imported again records.
                let count = outcome.repeatedReminders.count
                Console.note("invites: note: \(count) reminder\(count == 1 ? "" : "s") without an id repeat\(count == 1 ? "s" : "") "
                    + "a reminder of \(count == 1 ? "its" : "their") invitation at the very same time (line \(first.line) repeats position "
                    + "\(first.earlier)): if this file was imported before, \(count == 1 ? "it is" : "they are") now recorded twice; "
                    + "give each line an id to make a re-import safe")
            }
            if let rejectsProblem {
                let appended = outcome.committed ? "the \(outcome.appended) valid line\(outcome.appended == 1 ? " was" : "s were") appended" : "nothing was written"
                throw Failure("error", "\(rejectsProblem) (\(appended))")
            }
            // A note over note_limit is most often from an export of a ledger whose policy allowed it: an export holds no policy.
            let noteAdvice = Self.refusedNotes(outcome).map(\.length).max().map { longest in
                "; a note longer than note_limit may come from a ledger whose policy allowed it (an export does not carry it): "
                    + "run `invites policy\(options.dbArgument) --set note_limit=\(longest)` "
                    + (outcome.committed ? againAdvice(outcome, linesWithoutID: linesWithoutID) : "first to keep them")
            } ?? ""
            if !outcome.committed {
                // With no line that would be appended, --skip-invalid would only exit 0 having done nothing (audit 70 F6).
                let skipAdvice = eventLines > outcome.rejected + outcome.duplicates
                    ? "use --skip-invalid to append the valid lines" + (linesWithoutID > 0 && Self.looksImportedBefore(outcome) ? Self.importedBeforeAdvice : "")
                    : "no line of it can be appended as it is"
                throw Failure(outcome.rejections.first?.rejection.code.rawValue ?? "invalid_event",
                              "\(outcome.rejected) line\(outcome.rejected == 1 ? "" : "s") refused\(Self.codeCounts(outcome)); nothing was written "
                                  + "(\(skipAdvice)\(noteAdvice)\(Self.looksNotJSONLines(outcome) ? Self.jsonLinesAdvice : ""))")
            }
            if outcome.rejected > 0 {
                Console.error("invites: note: skipped \(outcome.rejected) refused line\(outcome.rejected == 1 ? "" : "s")" + (rejects.map { "; copied to \($0)" } ?? "")
                    + noteAdvice)
            }
            finished = true
        }
    }
}
