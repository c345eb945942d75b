import ArgumentParser
import Ledger
import Merkle

/// `invites prove`: an inclusion proof of one event, or a consistency proof between two sizes (SPEC §4).
struct ProveCommand: LedgerCommand, ClockFreeCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove", abstract: "Prove that an event is in the log, or that the log extends an earlier digest.",
        discussion: """
        Give --position P or --id ID (that event is in the log, optionally in its first --size N \
        events), or --from M --to N (the first N events extend the first M: what a digest published \
        at M held is still there). Always JSON. Check the output anywhere with `invites verify-proof` \
        (no ledger needed), or with any RFC 9162 (Certificate Transparency) verifier.

        Examples:
          invites prove --position 42 --size 500000 > event-42.proof.json
          invites prove --id e-1 --size 500000
          invites prove --from 500000 --to 1000000 \\
            > consistency.proof.json
        """)

    @Option(parsing: .unconditional, help: "Prove the event at this position.")
    var position: UInt64?
    @Option(help: "Prove the event with this id.")
    var id: String?
    @Option(parsing: .unconditional, help: "Against the tree of the first N events (default: all).")
    var size: UInt64?
    @Option(parsing: .unconditional, help: "Consistency proof: the earlier size (the digest published before).")
    var from: UInt64?
    @Option(parsing: .unconditional, help: "Consistency proof: the later size.")
    var to: UInt64?
    @OptionGroup var options: LedgerOptions
    @OptionGroup var clock: IgnoredClockOption

    func validate() throws {
        let inclusion = position != nil || id != nil
        let consistency = from != nil || to != nil
        if inclusion == consistency {
            throw ValidationError("give --position P or --id ID (inclusion), or --from M --to N (consistency)")
        }
        if position != nil && id != nil { throw ValidationError("give --position or --id, not both") }
        if consistency && (from == nil || to == nil) { throw ValidationError("a consistency proof needs both --from and --to") }
        if consistency && size != nil { throw ValidationError("--size goes with --position or --id; use --to for a consistency proof") }
    }

    func run() throws {
        try reportingFailures(options) {
            let ledger = try options.openForReading()
            let document = try ledger.read { view in
                try ProofFailures.mapping {
                    if let from, let to {
                        return Self.document(try CallTiming.measure("prove --from --to") {
                            try view.consistencyProof(from: from, to: to)
                        })
                    }
                    let target = try position ?? eventPosition(view)
                    return Self.document(try CallTiming.measure("prove --position") {
                        try view.inclusionProof(position: target, size: size)
                    })
                }
            }
            Console.line(document.text)
        }
    }

    private func eventPosition(_ view: LedgerView) throws -> UInt64 {
        guard let id, !id.isEmpty else { throw Failure("not_found", "--id is empty: name an event by its id") }
        guard let found = try view.position(ofEventID: id) else { throw Failure("not_found", "no event with id \(id)") }
        return found
    }

    static func document(_ proof: EventInclusionProof) -> JSONValue {
        .object([
            ("kind", .string("inclusion")), ("position", .position(proof.position)),
            ("size", .position(proof.size)), ("leaf_hash", .string(proof.leafHash.hex)),
            ("root", .string(proof.root.hex)), ("proof", .array(proof.path.map { .string($0.hex) })),
            ("event", .raw(proof.event.exportedJSON(hash: proof.chainHash.hex))),
        ])
    }

    static func document(_ proof: LogConsistencyProof) -> JSONValue {
        .object([
            ("kind", .string("consistency")), ("size1", .position(proof.size1)),
            ("size2", .position(proof.size2)), ("root1", .string(proof.root1.hex)),
            ("root2", .string(proof.root2.hex)), ("proof", .array(proof.path.map { .string($0.hex) })),
        ])
    }
}
