import ArgumentParser
import Ledger
import Projections

/// `invites status`: the log's size and head, each projection's position and lag, the policy.
struct StatusCommand: LedgerCommand, ClockFreeCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the log's head, how many events each projection (pending, cooldown, metrics) has yet to take in, and the policy.",
        discussion: "Status does not catch projections up: it reports them as it finds them.\n\nExample:\n  invites status --format json")

    @OptionGroup var options: LedgerOptions
    @OptionGroup var clock: IgnoredClockOption

    func run() throws {
        try reportingFailures(options) {
            let ledger = try options.openForReading()
            // One snapshot, so the head and the lags agree; and no runner, which could wait for a writer (a long import).
            let (projections, (head, policy)) = try ProjectionRunner.health(of: ledger) { view in
                (try view.head(), try view.policy())
            }
            let bytes = ledger.environment.bytesOnDisk
            let writing = ledger.environment.isWriting
            switch options.format {
            case .json:
                Console.line(JSONValue.object([
                    ("events", .position(head.position)),
                    ("position", .position(head.position)),
                    ("hash", .string(head.hash.hex)),
                    ("projections", .array(projections.map { entry in
                        .object([("name", .string(entry.name)), ("position", .position(entry.position)),
                                 ("lag", .position(entry.lag))])
                    })),
                    ("policy", PolicyCommand.json(policy)),
                    ("bytes", .integer(Int64(bytes))),
                ]).text)
            case .csv:
                // One value per record, named by the JSON's path to it, so a script reads either the same way (audit 82 F5).
                var table = Table(["field", "value"])
                table.add(["events", String(head.position)])
                table.add(["position", String(head.position)])
                table.add(["hash", head.hash.hex])
                for entry in projections {
                    table.add(["projections.\(entry.name).position", String(entry.position)])
                    table.add(["projections.\(entry.name).lag", String(entry.lag)])
                }
                for key in Policy.keys { table.add(["policy.\(key)", policy.value(of: key)]) }
                table.add(["bytes", String(bytes)])
                table.print(as: .csv)
            case .table:
                var table = Table(["item", "value"])
                table.add(["events", String(head.position)])
                table.add(["head position", String(head.position)])
                table.add(["head hash", head.hash.hex])
                table.add(["bytes on disk", String(bytes)])
                for entry in projections {
                    let state = Self.standing(entry, head: head.position, writing: writing).map { "; " + $0 } ?? ""
                    table.add(["projection \(entry.name)", "position \(entry.position), lag \(entry.lag)\(state)"])
                }
                for key in Policy.keys { table.add(["policy \(key)", policy.value(of: key)]) }
                table.print(as: .table)
            }
        }
    }

    /// What the table says of a projection beside its lag: how it stands, and what the next query does about it; nil when at the head.
    ///
    /// A store of another version answers nothing: the next query replays the log into it (SPEC's
    /// JSON keeps its shape). While another process writes, a query does not catch up.
    static func standing(_ entry: ProjectionRunner.Health, head: UInt64, writing: Bool) -> String? {
        let built = entry.current == nil ? "not built yet" : entry.current == false ? "built by another version of invites" : nil
        guard built != nil || entry.lag > 0 else { return nil }
        if writing { return (built.map { $0 + "; " } ?? "") + "another process is writing to the ledger now" }
        switch entry.current {
        // With no event there is nothing to build, and a query on a ledger not created yet creates nothing (audit 88 F7).
        case nil: return head == 0 ? "not built yet (nothing to build: no event is recorded)" : "not built yet (the next query builds it)"
        case false?: return "built by another version of invites, so the next query rebuilds it"
        case true?: return entry.lag > ProjectionRunner.catchUpLimit(head: head) ? "the next query rebuilds it from the log"
                                                                                 : "the next query applies these events"
        }
    }
}
