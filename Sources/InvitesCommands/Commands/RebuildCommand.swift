import ArgumentParser
import Ledger
import Projections

/// `invites rebuild`: replays the log into fresh projections and switches over in one transaction.
struct RebuildCommand: LedgerCommand, ClockFreeCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild", abstract: "Replay the log into fresh projections (all, or those named).",
        discussion: """
        Projections are the tables queries answer from, kept from the log: \(ProjectionRunner.names.joined(separator: ", ")). \
        `merkle` recomputes the stored Merkle tree (what digest and prove read) from the log in one transaction. \
        It refuses a log whose hash chain does not hold, and a stored tree that differs from the log's or is \
        missing unless --force: either would hide a change to the events. It runs first: when it refuses, \
        nothing is rebuilt. `indexes` (named only, not part of the default) \
        writes the event ids, invitations and pairs indexes anew from the log, when `invites verify --indexes` \
        finds them damaged. Queries keep answering from the old state until the new one is \
        complete; a rebuild that is stopped half way changes nothing, and the next one completes.

        Examples:
          invites rebuild
          invites rebuild pending cooldown
          invites rebuild merkle
          invites rebuild indexes
        """)

    /// Every name `rebuild` accepts: the projections, the Merkle tree and the indexes.
    static var buildable: [String] { ProjectionRunner.names + ["merkle", "indexes"] }

    @Argument(help: ArgumentHelp("What to rebuild: \(ProjectionRunner.names.joined(separator: ", ")) or merkle (default: these four), or indexes (only when named).",
                                 valueName: "name"), completion: .list(Self.buildable))
    var names: [String] = []
    @Flag(help: "Mend a stored Merkle tree that differs from the log's or is missing (check a published digest first).")
    var force = false
    @OptionGroup var options: LedgerOptions
    @OptionGroup var clock: IgnoredClockOption

    func validate() throws {
        for name in names where !Self.buildable.contains(name) {
            throw ValidationError("cannot rebuild \"\(name)\"; choose from \(Self.buildable.joined(separator: ", "))")
        }
    }

    func run() throws {
        try reportingFailures(options) {
            let ledger = try options.openForReading()
            let projections = names.filter { $0 != "merkle" && $0 != "indexes" }
            // The tree first: it checks the chain on the way and refuses an altered log, before anything else
            // changes (the projection runner, made next, creates the projections' databases on first use).
            let merkleLeaves = names.isEmpty || names.contains("merkle") ? try ledger.rebuildMerkleTree(force: force) : nil
            let indexEntries = names.contains("indexes") ? try ledger.rebuildIndexes() : nil
            let runner = try ProjectionRunner(ledger: ledger)
            if names.isEmpty || !projections.isEmpty {
                let bar = ProgressBar()
                try runner.rebuildAgainWhenOvertaken(projections, progress: bar.callback)
                bar.finish()
            }
            var health = try runner.health().filter { names.isEmpty || projections.contains($0.name) }
            if let merkleLeaves {
                health.append(ProjectionRunner.Health(name: "merkle", position: merkleLeaves, lag: 0, current: true))
            }
            if indexEntries != nil {
                let head = try ledger.read { try $0.head() }.position
                health.append(ProjectionRunner.Health(name: "indexes", position: head, lag: 0, current: true))
            }
            switch options.format {
            case .json:
                Console.line(JSONValue.object([("rebuilt", .array(health.map { entry in
                    .object([("name", .string(entry.name)), ("position", .position(entry.position)),
                             ("lag", .integer(Int64(entry.lag)))])
                }))]).text)
            case .table, .csv:
                // "rebuilt", as the JSON names the list: merkle and indexes are rebuilt too, and are no projections (audit 153).
                var table = Table(["rebuilt", "position", "lag"], numeric: [1, 2])
                for entry in health { table.add([entry.name, String(entry.position), String(entry.lag)]) }
                table.print(as: options.format)
            }
        }
    }
}
