import ArgumentParser
import Ledger

/// `invites policy`: shows the policy, or changes it with `--set KEY=VALUE`.
struct PolicyCommand: LedgerCommand, ClockFreeCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Show or change the send policy kept with the ledger.",
        discussion: """
        The policy is advice: check gives it, send follows it unless --force. Its keys, with their defaults:
        \(Self.keyLines)
        Durations are a number and a unit, combinable: m, h, d, w (3w, 21d, 1w2d, 36h).

        Examples:
          invites policy
          invites policy --set weekly_cap=80 \\
            --set cooldown_after_withdraw=4w
        """)

    /// What each policy key means, with its default from `Policy()`, one line each, for the help.
    static var keyLines: String {
        let meanings = [
            "expire_after": "expire --due expires invitations this old",
            "cooldown_after_withdraw": "no re-invite this long after a withdraw",
            "cooldown_after_expire": "no re-invite this long after an expiry",
            "pending_cap": "most pending invitations per account",
            "weekly_cap": "most invitations per account in any 7 days",
            "note_limit": "longest note (200 on free LinkedIn accounts)",
        ]
        let defaults = Policy()
        // Two lines a key, so that a 64-column terminal wraps none of them (audit 113 D3).
        return Policy.keys.map { key in "  \(key)=\(defaults.value(of: key) ?? "")\n      \(meanings[key] ?? "")" }.joined(separator: "\n")
    }

    @Option(name: .customLong("set"), help: ArgumentHelp("Change one key (repeatable).", valueName: "key=value"))
    var assignments: [String] = []
    @OptionGroup var options: LedgerOptions
    @OptionGroup var clock: IgnoredClockOption

    /// A `--set` without `KEY=` is a malformed command line (the parser's exit code); a bad key or value fails the request (exit 1).
    func validate() throws {
        for assignment in assignments where (assignment.firstIndex(of: "=") ?? assignment.startIndex) == assignment.startIndex {
            throw ValidationError("--set takes KEY=VALUE, e.g. --set weekly_cap=80; got \"\(assignment)\"")
        }
        // The last value winning in silence hides a script's slip, as with any option given twice (audit 82 F2, audit 92 F2).
        if let twice = keys.first(where: { key in keys.filter { $0 == key }.count > 1 }) {
            let values = assignments.filter { $0.hasPrefix(twice + "=") }.map { String($0.dropFirst(twice.count + 1)) }
            throw ValidationError("--set \(twice) was given \(values.count) times (\(values.joined(separator: ", "))): give each key once")
        }
    }

    /// A note for a duration written in minutes for a key people think of in weeks or months, or nil.
    ///
    /// SPEC's `m` is minutes, so `expire_after=6m` makes every invitation due six minutes after it
    /// was sent, and the next `expire --due` closes them all for good (audit 92 F4).
    static func minutesNote(_ assignment: String) -> String? {
        let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, Policy().duration(of: parts[0]) != nil else { return nil }
        return InvitesCommands.minutesNote(parts[1], what: assignment)
    }

    /// The keys `--set` names, in order, repeats included.
    private var keys: [String] { assignments.map { String($0.prefix { $0 != "=" }) } }

    /// The policy key an unknown `key` most likely meant (`weeklycap`, `Weekly-Cap` → `weekly_cap`), if one is close.
    static func likelyKey(_ key: String) -> String? {
        guard !Policy.keys.contains(key) else { return nil }
        func folded(_ text: String) -> String { text.lowercased().filter { $0.isLetter } }
        return Policy.keys.first { folded($0) == folded(key) }
            ?? Policy.keys.first { NearNames.distance($0, key) != nil }
    }

    /// The policy as SPEC's JSON object: durations as text, as they were set (`Policy.value(of:)`), numbers as numbers.
    static func json(_ policy: Policy) -> JSONValue {
        func text(_ key: String) -> JSONValue { policy.value(of: key).map(JSONValue.string) ?? .null }
        return .object([
            ("expire_after", text("expire_after")),
            ("cooldown_after_withdraw", text("cooldown_after_withdraw")),
            ("cooldown_after_expire", text("cooldown_after_expire")),
            ("pending_cap", .integer(Int64(policy.pendingCap))),
            ("weekly_cap", .integer(Int64(policy.weeklyCap))),
            ("note_limit", .integer(Int64(policy.noteLimit))),
        ])
    }

    /// Applies every `--set` to `policy`, in order; bad keys or values are one `invalid_policy` naming each of them.
    ///
    /// Every problem is named at once, so that a script's three slips take one run to mend, not three (audit 132).
    private func apply(to policy: inout Policy) throws {
        var problems: [String] = []
        for assignment in assignments {
            // `validate` made sure each has its `=`.
            let key = String(assignment.prefix { $0 != "=" }), value = String(assignment.dropFirst(key.count + 1))
            do throws(PolicyError) { try policy.set(key, to: value) } catch {
                // An unknown key close to one (`weeklycap`) is named with the one meant, in place of the list of all keys.
                problems.append(Self.likelyKey(key).map { "unknown policy key \"\(key)\": did you mean \($0)?" } ?? error.description)
            }
        }
        guard !problems.isEmpty else { return }
        // With other `--set`s beside it, even one refusal says that they were not saved either.
        let heading = assignments.count == 1 ? "" : "\(problems.count) of the \(assignments.count) --set values \(problems.count == 1 ? "was" : "were") refused, nothing was changed: "
        throw Failure("invalid_policy", heading + problems.joined(separator: "; "))
    }

    func run() throws {
        try reportingFailures(options) {
            // Every key and value is checked before the ledger is opened: a refused change creates no ledger.
            var checked = Policy()
            try apply(to: &checked)
            let ledger = assignments.isEmpty ? try options.openForReading() : try options.openForWriting()
            let policy: Policy
            if assignments.isEmpty {
                policy = try ledger.policy()
            } else {
                // Read, changed and written in one transaction: another `policy --set` at once keeps its change too.
                var before = Policy()
                policy = try ledger.changePolicy(setting: Set(keys)) { policy in
                    before = policy
                    try apply(to: &policy)
                }
                Console.writtenBeforeOutput = "the policy was saved"
                // What each change replaced: the policy keeps no history, so the value before is said once, here (audit 106 F10).
                let changed = Policy.keys.filter { key in
                    keys.contains(key) && before.value(of: key) != policy.value(of: key)
                        && (before.duration(of: key) == nil || before.duration(of: key) != policy.duration(of: key))  // `3w` → `21d` is no change
                }
                if !changed.isEmpty {
                    Console.note("invites: note: changed " + changed.map { "\($0) \(before.value(of: $0) ?? "–") → \(policy.value(of: $0) ?? "–")" }
                        .joined(separator: ", "))
                }
                assignments.compactMap(Self.minutesNote).forEach(Console.note)
            }
            switch options.format {
            case .json:
                Console.line(Self.json(policy).text)
            case .table, .csv:
                var table = Table(["key", "value"])
                for key in Policy.keys { table.add([key, policy.value(of: key)]) }
                table.print(as: options.format)
            }
        }
    }
}
