import ArgumentParser
import Ledger
import Merkle

/// `invites digest`: the size, Merkle root and chain hash of the log (or of its first N events), to publish.
struct DigestCommand: LedgerCommand, ClockFreeCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest", abstract: "Print the digest of the log (size, Merkle root, chain hash) to publish.",
        discussion: """
        Always JSON: the digest is a document to keep. Publish it anywhere; later, `invites prove` \
        shows that an event was in it or that today's log extends it.

        Examples:
          invites digest
          invites digest --position 500000
        """)

    @Option(parsing: .unconditional, help: "Digest of the first N events only (default: all).")
    var position: UInt64?
    @OptionGroup var options: LedgerOptions
    @OptionGroup var clock: IgnoredClockOption

    func run() throws {
        try reportingFailures(options) {
            let ledger = try options.openForReading()
            let digest = try ledger.read { view in
                try CallTiming.measure("digest") {
                    try ProofFailures.mapping { try view.digest(size: position) }
                }
            }
            Console.line(JSONValue.object([
                ("size", .position(digest.size)), ("root", .string(digest.root.hex)),
                ("hash", .string(digest.chainHash.hex)),
            ]).text)
        }
    }
}
