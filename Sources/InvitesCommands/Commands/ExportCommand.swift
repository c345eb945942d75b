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

        Example:
          invites export > backup.jsonl && invites import backup.jsonl --db ./copy
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
