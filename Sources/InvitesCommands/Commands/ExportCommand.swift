import ArgumentParser
import Ledger
import Merkle

/// `invites export`: the log as JSON Lines that a fresh ledger imports.
struct ExportCommand: LedgerCommand, ClockFreeCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export the log as JSON Lines, importable into a fresh ledger.",
        discussion: """
        Each line is the event's canonical JSON (RFC 8785) with its position, recorded_at and hash, \
        so the chain can be checked with any SHA-256 tool. Always JSON Lines, whatever --format says.

        Imported into a fresh ledger, an export makes a new ledger with the same events: import \
        ignores position, recorded_at and hash, so each event gets the time of the import as \
        its recorded_at, and the chain hashes and digests differ from the original's (digests \
        published earlier do not verify against the copy). To keep a ledger with its proofs, copy \
        its folder while nothing writes to it; keep the export as the copy anyone can check. \
        The policy is not part of an export: when it differs from the defaults, standard error \
        gives the `invites policy --set` to run on the new ledger before the import.

        Examples:
          invites export > events.jsonl
          invites import events.jsonl --db ./copy
        """)

    @Option(parsing: .unconditional, help: ArgumentHelp("The first position to export.", valueName: "position"))
    var from: UInt64 = 1
    @OptionGroup var options: LedgerOptions
    @OptionGroup var clock: IgnoredClockOption

    func run() throws {
        try reportingFailures(options) {
            if options.format == .csv { Console.note(LogCommand.jsonLinesOnlyNote("export")) }
            let ledger = try options.openForReading()
            var policy = Policy()
            var longestNote = 0
            // In slices, each read in a transaction of its own, up to the head when the export began.
            _ = try ExportedLines.write(ledger, from: from, firstSlice: { policy = try $0.policy() }, written: { event in
                // Bytes bound scalars: only a note longer in bytes than the longest so far is counted.
                if let note = event.note, note.utf8.count > longestNote { longestNote = max(longestNote, note.unicodeScalars.count) }
            })
            if let note = Self.policyNote(policy, longestNote: longestNote) { Console.note(note) }
        }
    }

    /// What to set on a new ledger before importing the export, or nil when its defaults import it as this ledger judges it.
    ///
    /// A copy imported under the defaults would refuse notes this policy allowed, and judge by other
    /// caps. A note recorded before `note_limit` was lowered is longer than the limit now: the
    /// copy needs the longest exported note's length to import it, then the limit set back (audit 92 F1).
    static func policyNote(_ policy: Policy, longestNote: Int) -> String? {
        var settings = policy.settingsApartFromDefaults
        let differs = settings.isEmpty ? "" : ", and this ledger's differs from the defaults"
        var after = ""
        if longestNote > policy.noteLimit {
            settings.removeAll { $0.hasPrefix("note_limit=") }
            settings.append("note_limit=\(longestNote)")
            after = ", and `--set note_limit=\(policy.noteLimit)` after it (its longest note, \(longestNote) characters, was recorded "
                + "under a higher limit than this ledger's \(policy.noteLimit))"
        }
        guard !settings.isEmpty else { return nil }
        return "invites: note: an export holds the events, not the policy\(differs): on a new ledger, run "
            + "`invites policy --db NEW --set \(settings.joined(separator: " --set "))` before importing the export" + after
    }
}
