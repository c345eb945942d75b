import ArgumentParser
import Foundation
import Ledger
import Merkle

/// `invites verify-proof`: checks a proof document with no ledger at all.
struct VerifyProofCommand: ParsableCommand, ClockFreeCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-proof", abstract: "Check an inclusion or consistency proof; needs no ledger.",
        discussion: """
        Recomputes the leaf hash from the proof's event (RFC 8785 JSON without "hash"), then runs \
        RFC 9162 §2.1.3.2 or §2.1.4.2. With --root, also requires that root: the inclusion proof's \
        root, or a consistency proof's root1 (the digest you published). Prints {"ok":true} and exits 0, \
        or {"ok":false,"error":"…"} and exits 1. --db and --read-only are taken, as every command \
        takes them, and change nothing here.

        Examples (PUBLISHED_ROOT: the root you published at size 500000, in hex):
          invites verify-proof event-42.proof.json \\
            --root "$PUBLISHED_ROOT"
          invites prove --from 500000 --to 1000000 \\
            | invites verify-proof - --root "$PUBLISHED_ROOT"
        """)

    @Argument(help: ArgumentHelp("The proof document, or - for standard input.", valueName: "file"), completion: .file())
    var file: String = "-"
    /// Repeated, every one is required: a last value that won would turn a wrong trusted root into a pass (audit 79 F1).
    @Option(help: ArgumentHelp("The root you trust (64 hex digits): an inclusion proof's root, or a consistency proof's root1. Given more than once, each must be that root.", valueName: "hash"))
    var root: [String] = []
    @OptionGroup var options: LedgerOptions
    @OptionGroup var clock: IgnoredClockOption

    /// An empty path is a script's unset variable: a malformed command line, not a rejected proof (audit 134).
    func validate() throws {
        try requirePathGiven(file, "the proof's file", or: "give - (or nothing) for standard input")
    }

    func run() throws {
        try reportingFailures(options) {
            do {
                // A --root that is not 32 bytes of hex is a rejected proof (exit 1, JSON), not a usage error.
                let trusted = try root.map { given in
                    guard let digest = Digest(hex: given) else {
                        throw ProofInputError(message: "--root \"\(given)\" is not a hash: 64 hex digits (32 bytes)")
                    }
                    return digest
                }
                if let first = trusted.first, let other = trusted.first(where: { $0 != first }) {
                    throw ProofInputError(message: "--root is given as \(first.hex) and as \(other.hex): a proof has one root, "
                        + "so it cannot have both")
                }
                let document = try ProofDocument.parse(try readDocument())
                try ProofCheck.check(document, trustedRoot: trusted.first?.array)
            } catch {
                let message = (error as? MerkleError)?.message ?? (error as? ProofInputError)?.message
                    ?? (error as? Failure)?.message ?? "\(error)"
                Console.line(JSONValue.object([("ok", .bool(false)), ("error", .string(message))]).text)
                throw Failure("proof_rejected", message)
            }
            Console.line(JSONValue.object([("ok", .bool(true))]).text)
            if root.isEmpty {
                // Anyone can make a proof that agrees with itself: only a root published earlier ties it to a log (audit 51 M9).
                Console.note("invites: note: the proof agrees with its own root; no root you trust was checked "
                    + "(--root <the root you published> ties it to that digest)")
            }
        }
    }

    /// The most bytes a proof document may hold: 8 MiB, past the largest `prove` writes (an event with a note at its limit, under 2 MiB).
    static let largestDocument = 8 << 20

    /// The proof's bytes, from standard input for `-`, else from `file` read to its end (a pipe such as `<(…)` too).
    ///
    /// An input past `largestDocument` is refused as no proof, rather than read until memory runs
    /// out (review 145: `verify-proof /dev/zero`).
    private func readDocument() throws -> [UInt8] {
        let name = file == "-" ? "standard input" : file
        let read: Result<[UInt8], NonBlockingWait.ReadFailure>
        if file == "-" {
            // Said, not trapped, when standard input is a folder or closed (audit 49); waited on when it is non-blocking (review 120).
            read = NonBlockingWait.readToEnd(STDIN_FILENO, limit: Self.largestDocument)
        } else {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), isFolder.boolValue {
                throw ProofInputError(message: "cannot read \(file): it is a folder, not a proof")
            }
            let descriptor = open(file, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw ProofInputError(message: "cannot read \(file): \(String(cString: strerror(errno)))")
            }
            defer { close(descriptor) }
            read = NonBlockingWait.readToEnd(descriptor, limit: Self.largestDocument)
        }
        switch read {
        case .success(let bytes) where bytes.count > Self.largestDocument:
            throw ProofInputError(message: "\(name) holds more than 8 MiB, more than any proof `invites prove` writes: is it a proof?")
        case .success(let bytes):
            return bytes
        case .failure(let failure):
            throw ProofInputError(message: "cannot read \(name): \(failure.reason)")
        }
    }
}

/// A proof that cannot be checked because its input is unusable (bad --root, unreadable file).
private struct ProofInputError: Error {
    let message: String
}
