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

    @Flag(help: "JSON Lines: append the valid lines and skip the refused ones (exit 0); --from linkedin always does so, without it.")
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
        try reportingFailures(options) { try runJSONLines() }
    }
}
