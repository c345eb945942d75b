import ArgumentParser
import Foundation
import Merkle

/// `invites verify-proof`: checks a proof document with no ledger at all.
struct VerifyProofCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-proof", abstract: "Check an inclusion or consistency proof; needs no ledger.",
        discussion: """
        Recomputes the leaf hash from the proof's event (RFC 8785 JSON without "hash"), then runs \
        RFC 9162 §2.1.3.2 or §2.1.4.2. With --root, also requires that root: the inclusion proof's \
        root, or a consistency proof's root1 (the digest you published). Prints {"ok":true} and exits 0, \
        or {"ok":false,"error":"…"} and exits 1.

        Examples:
          invites verify-proof event-42.proof.json --root 3f1a…
          invites prove --from 500000 --to 1000000 | invites verify-proof - --root <published root>
        """)

    @Argument(help: ArgumentHelp("The proof document, or - for standard input.", valueName: "file"))
    var file: String = "-"
    @Option(help: ArgumentHelp("The root you trust (64 hex digits).", valueName: "hash"))
    var root: String?
    @OptionGroup var options: LedgerOptions

    func validate() throws {
        if let root, Digest(hex: root) == nil {
            throw ValidationError("--root takes a hash: 64 hex digits")
        }
    }

    func run() throws {
        try reportingFailures {
            let trusted = root.flatMap { Digest(hex: $0) }?.array
            do {
                let document = try ProofDocument.parse(try readDocument())
                try ProofCheck.check(document, trustedRoot: trusted)
            } catch {
                let message = (error as? MerkleError)?.message ?? "\(error)"
                Console.line(JSONValue.object([("ok", .bool(false)), ("error", .string(message))]).text)
                throw Failure("proof_rejected", message)
            }
            Console.line(JSONValue.object([("ok", .bool(true))]).text)
        }
    }

    private func readDocument() throws -> [UInt8] {
        if file == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw Failure("error", "cannot read \(file)")
        }
        return Array(data)
    }
}
