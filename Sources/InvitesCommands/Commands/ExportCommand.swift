import ArgumentParser
import Ledger
import Merkle

/// `invites export`: the log as JSON Lines that a fresh ledger imports.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export the log as JSON Lines, importable into a fresh ledger.",
        discussion: """
        Each line is the event's canonical JSON (RFC 8785) with its position, recorded_at and hash, \
        so the chain can be checked with any SHA-256 tool. Always JSON Lines (SPEC), whatever --format says.

        Imported into a fresh ledger, an export makes a new ledger with the same events: SPEC has \
        import ignore position, recorded_at and hash, so each event gets the time of the import as \
        its recorded_at, and the chain hashes and digests differ from the original's (digests \
        published earlier do not verify against the copy). To keep a ledger with its proofs, copy \
        its folder while nothing writes to it; keep the export as the copy anyone can check.

        Example:
          invites export > events.jsonl && invites import events.jsonl --db ./copy
        """)

    @Option(parsing: .unconditional, help: "The first position to export.")
    var from: UInt64 = 1
    @OptionGroup var options: LedgerOptions

    func run() throws {
        try reportingFailures {
            let ledger = try options.openForReading()
            try ledger.read { view in
                try view.forEachEvent(from: from) { event, hash in
                    Console.line(event.exportedJSON(hash: hash.hex))
                    return Console.outputFailure == nil  // a reader gone (`| head`) wants no more
                }
            }
        }
    }
}
