import ArgumentParser
import LinkedInExport
import Ledger
import Merkle
import Projections

/// `invites verify`: recomputes the chain and the Merkle tree.
struct VerifyCommand: LedgerCommand, ClockFreeCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check the whole hash chain and Merkle tree (with --expect, also that the log still has a digest).",
        discussion: """
        Examples:
          invites verify
          invites verify --expect "$PUBLISHED_HASH@1000"
          invites verify --indexes --projections

        The hash to expect (PUBLISHED_HASH above) is the "hash" of a digest taken earlier \
        (invites digest --position 1000) and published, or its "root": --expect checks that the log still holds exactly those events. \
        Given more than once, every digest is checked, in the order given: the first that fails is \
        the answer, and when all hold the answer names the last.

        --indexes also compares the indexes the lifecycle rules read (event ids, invitations, \
        pairs) with what the log says they must be: damage to them, which the chain cannot show, \
        would let a retry be recorded twice. It costs about a first import's memory; \
        `invites rebuild indexes` writes them anew from the log.

        --projections also compares each projection (pending, cooldown, metrics), which queries \
        answer from, with a replay of the log up to its checkpoint: a damaged one would answer \
        wrongly while status shows it caught up. `invites rebuild NAME` writes one anew.
        """)

    @Option(help: ArgumentHelp("Also require this digest at this position: its chain hash, or its Merkle root (repeat it for several).",
                               valueName: "hash@position"))
    var expect: [String] = []
    @Flag(help: "Also check the ids, invitations and pairs indexes against the log.")
    var indexes = false
    @Flag(help: "Also check the projections queries read (pending, cooldown, metrics) against a replay of the log.")
    var projections = false
    @OptionGroup var options: LedgerOptions
    @OptionGroup var clock: IgnoredClockOption

    func validate() throws {
        // Each is checked: a repeated option whose last value won would turn a failed expectation into a pass (audit 79 F1).
        for given in expect { _ = try Self.parseExpect(given) }
    }

    static func parseExpect(_ text: String) throws -> (hash: Digest, position: UInt64) {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let hash = Digest(hex: String(parts[0])), let position = UInt64(parts[1]) else {
            throw ValidationError("--expect takes HASH@POSITION: 64 hex digits, @, a position")
        }
        return (hash, position)
    }

    /// The whole check of the chain and tree, with one digest `given` (its chain hash or its root) or none; and whether it was the root.
    static func verification(of ledger: Ledger, expecting given: (hash: Digest, position: UInt64)?) throws
        -> (result: VerificationResult, rootGiven: Bool) {
        guard let given else { return (try ledger.verify(), false) }
        var expected = given
        // A digest has two hashes, and either names it. A hash that is not the chain hash at P may be the
        // root: both are recomputed from the events alone (not from the stored tree or checkpoints, which
        // may be what changed), and the root's chain hash is then what the whole check expects.
        var rootGiven = false
        var rootAdvice = ""
        if (try? ledger.read({ try $0.chainHash(at: given.position) })) != given.hash,
           let recomputed = try? ledger.digestFromEvents(size: given.position), recomputed.chainHash != given.hash {
            if recomputed.root == given.hash {
                expected = (recomputed.chainHash, given.position)
                rootGiven = true
            } else if (try? ledger.read({ try $0.merkleNodes().root(size: given.position) })) == given.hash {
                // The stored tree's own root, unchecked: `digest` refuses a tree that disagrees with the events, which this names.
                rootAdvice = "; \(given.hash.hex) is the Merkle root the stored tree gives at \(given.position), but the events "
                    + "give \(recomputed.root.hex): the events are not the ones of that digest"
            }
        }
        let result = try ledger.verify(expect: expected, expectedIsRoot: rootGiven)
        if case .failed(let position, let error) = result, !rootAdvice.isEmpty {
            return (.failed(position: position, error: error + rootAdvice), rootGiven)
        }
        return (result, rootGiven)
    }

    /// The answer printed on standard output for a failed check, in `format`, newline included; nil for a table (the error line says it).
    static func failureAnswer(format: OutputFormat) -> ((_ position: UInt64, _ error: String) -> String)? {
        format == .table ? nil : { position, error in VerifyAnswer.text(.failed(position: position, error: error), format: format) ?? "" }
    }

    /// The chain hash at `given`'s position, and whether `given` was its Merkle root, when the stored chain or tree holds it.
    ///
    /// Nil otherwise. Only for a ledger a whole `verify` just found sound: its stored hashes are
    /// then the recomputed ones.
    static func heldByCheckedLedger(_ ledger: Ledger, _ given: (hash: Digest, position: UInt64)) throws
        -> (chainHash: Digest, rootGiven: Bool)? {
        try ledger.read { view in
            guard given.position <= (try view.head().position) else { return nil }
            let chainHash = try view.chainHash(at: given.position)
            if chainHash == given.hash { return (chainHash, false) }
            if (try? view.merkleNodes().root(size: given.position)) == given.hash { return (chainHash, true) }
            return nil
        }
    }

    func run() throws {
        // A damaged page that stops the process mid-check still answers in the format asked for (audit 80 F1).
        StorageFaultGuard.answer = Self.failureAnswer(format: options.format)
        try reportingFailures(options) {
            let ledger = try options.openForReading()
            let expectations = try expect.map(Self.parseExpect)
            var (result, rootGiven) = try Self.verification(of: ledger, expecting: expectations.first)
            for given in expectations.dropFirst() {
                guard case .ok(let events, _, _) = result else { break }
                // The first check recomputed the whole chain and tree: a digest that their stored hashes hold needs no second
                // pass (each was one more pass over the log); one they do not hold gets the whole check, which names why.
                if let held = try Self.heldByCheckedLedger(ledger, given) {
                    (result, rootGiven) = (.ok(events: events, position: given.position, hash: held.chainHash), held.rootGiven)
                } else {
                    (result, rootGiven) = try Self.verification(of: ledger, expecting: given)
                }
            }
            if indexes, case .ok = result, let mismatch = try ledger.checkIndexes() {
                result = .failed(position: mismatch.position,
                                 error: mismatch.detail + (mismatch.inTheLog ? IndexMismatch.logRemedy
                                    : "; `invites rebuild indexes\(options.dbArgument)` writes the indexes anew from the log"))
            }
            if projections, case .ok = result {
                if let mismatch = try ProjectionRunner.firstMismatch(ledger: ledger) {
                    result = .failed(position: mismatch.position, error: "\(mismatch); queries answer from it, so `invites rebuild "
                        + "\(mismatch.projection)\(options.dbArgument)` writes it anew from the log")
                }
                for (name, version) in try ProjectionRunner.otherVersions(ledger: ledger) {
                    Console.note("invites: note: projection \(name) was built by another build of invites (its version \(version)) and "
                        + "was not checked: this build rebuilds it before answering from it, the build that wrote it answers from it "
                        + "as it is (`invites rebuild \(name)\(options.dbArgument)` writes it anew now)")
                }
            }
            if let answer = VerifyAnswer.text(result, format: options.format) {
                Console.text(answer)
            } else if case .ok(let events, let position, let hash) = result {
                // What else was checked, said: the line was the same with and without them (audit 70 F11).
                let also = [indexes ? "the indexes" : nil, projections ? "the projections" : nil].compactMap { $0 }
                Console.line((rootGiven ? "ok: \(events) events, the Merkle root at \(position) is the one expected (its chain hash is \(hash.hex))"
                                        : "ok: \(events) events, the chain and the Merkle tree hold; chain hash at \(position) is \(hash.hex)")
                    + (also.isEmpty ? "" : "; \(also.joined(separator: " and ")) agree with the log"))
            }
            if case .failed(let position, let error) = result {
                throw Failure("verification_failed", "position \(position): \(error)")
            }
        }
    }
}
