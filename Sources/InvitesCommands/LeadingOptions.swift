/// Lets `--db` and `--format` come before the command's name, as in `invites --db ./ledger pending`.
///
/// Every command takes both (SPEC §3), so users write them where other tools put global
/// options. The argument parser reads options after the subcommand only: the leading ones are
/// moved to just after the command's name. Help (`help`, `--help`, `-h`) and `--version` need neither and
/// gets the rest as it is. When something else follows them, the parser would blame `--db`;
/// `problem` names what is really wrong instead.
enum LeadingOptions {
    /// The options every command takes, each with a value.
    static let names: Set<String> = ["--db", "--format"]

    /// What the arguments come to: for the parser, or a malformed command line to report.
    enum Outcome: Equatable {
        case arguments([String])
        case problem(String)
    }

    /// `arguments` (without the executable's name) with leading `--db`/`--format` moved after `commands`' name.
    static func reordered(_ arguments: [String], commands: Set<String>) -> Outcome {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if let equals = argument.firstIndex(of: "="), names.contains(String(argument[..<equals])) {
                leading.append(argument)
                index += 1
            } else if names.contains(argument), index + 1 < arguments.count {
                leading.append(contentsOf: arguments[index...index + 1])
                index += 2
            } else {
                break
            }
        }
        guard !leading.isEmpty else { return .arguments(arguments) }
        guard index < arguments.count else {
            return .problem("name a command after \(leading.joined(separator: " "))")
        }
        let next = arguments[index]
        if ["help", "--help", "-h", "--version"].contains(next) { return .arguments(Array(arguments[index...])) }
        if commands.contains(next) { return .arguments([next] + leading + arguments[(index + 1)...]) }
        if next.hasPrefix("-") {
            return .problem("\(next) goes after the command's name: only --db and --format may come before it")
        }
        return .problem(CommandLineTypos.notACommand(next, commands: commands.sorted()))
    }
}
