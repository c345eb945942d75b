/// Lets `--db`, `--format`, `--now` and `--read-only` come before the command's name, as in `invites --db ./ledger pending`.
///
/// Every command takes them (SPEC §3 names the first three; `--now` changes nothing where nothing is judged at a time), so users write them where other tools put global
/// options. The argument parser reads options after the subcommand only: the leading ones are
/// moved to just after the command's name. Help (`help`, `--help`, `-h`) and `--version` need neither and
/// gets the rest as it is. When something else follows them, the parser would blame `--db`;
/// `problem` names what is really wrong instead, as it does for another option before the name.
enum LeadingOptions {
    /// The options every command takes, each with a value.
    static let names: Set<String> = ["--db", "--format", "--now"]

    /// The flag every command takes, with no value (audit 117 F20: `invites --read-only pending` was refused).
    static let flags: Set<String> = ["--read-only"]

    /// How the options that may come before the command's name are listed in messages.
    static let listed = "--db, --format, --now and --read-only"

    /// What the arguments come to: for the parser, or a malformed command line to report.
    enum Outcome: Equatable {
        case arguments([String])
        case problem(String)
    }

    /// `arguments` (without the executable's name) with leading `--db`/`--format`/`--now`/`--read-only` moved after `commands`' name.
    static func reordered(_ arguments: [String], commands: Set<String>) -> Outcome {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if let equals = argument.firstIndex(of: "="), names.contains(String(argument[..<equals])) {
                leading.append(argument)
                index += 1
            } else if flags.contains(argument) {
                leading.append(argument)
                index += 1
            } else if names.contains(argument), index + 1 < arguments.count {
                leading.append(contentsOf: arguments[index...index + 1])
                index += 2
            } else {
                break
            }
        }
        // `invites --db x --now`: a value option last, with no value and no command after it.
        if index == arguments.count - 1, names.contains(arguments[index]) {
            return .problem("\(arguments[index]) needs a value, then a command's name (invites \(arguments[index]) VALUE pending)")
        }
        guard !leading.isEmpty else { return misplaced(arguments, commands: commands) }
        guard index < arguments.count else {
            return .problem("name a command after \(leading.joined(separator: " "))")
        }
        let next = arguments[index]
        if ["help", "--help", "-h", "--version"].contains(next) { return .arguments(Array(arguments[index...])) }
        if commands.contains(next) { return .arguments([next] + leading + arguments[(index + 1)...]) }
        if next.hasPrefix("-") {
            return .problem("\(next) goes after the command's name: only \(listed) may come before it")
        }
        return .problem(CommandLineTypos.notACommand(next, commands: commands.sorted()))
    }

    /// `arguments` that begin with an option, before the command's name: help for that command, or the problem.
    ///
    /// `invites --help pending` is `pending`'s help, as `invites help pending` is; another option
    /// before a command's name (`invites --account a pending`) is said to go after it, where the
    /// parser would only call it unknown (audit 88 F3).
    private static func misplaced(_ arguments: [String], commands: Set<String>) -> Outcome {
        guard let first = arguments.first, first.hasPrefix("-"), first != "-",
              let command = arguments.firstIndex(where: commands.contains) else { return .arguments(arguments) }
        if ["--help", "-h"].contains(first) { return .arguments(["help", arguments[command]]) }
        if first == "--version" { return .arguments(arguments) }
        let option = first.split(separator: "=", maxSplits: 1).first.map(String.init) ?? first
        return .problem("\(option) goes after the command's name (invites \(arguments[command]) \(option) …): "
                        + "only \(listed) may come before it")
    }
}
