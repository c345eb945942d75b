/// Lets `--db` and `--format` come before the command's name, as in `invites --db ./ledger pending`.
///
/// Every command takes both (SPEC §3), so users write them where other tools put global
/// options. The argument parser reads options after the subcommand only: the leading ones are
/// moved to just after the command's name. Anything else before the name (an unknown option,
/// `--help`, a missing value) is left in place for the parser to report as it would.
enum LeadingOptions {
    /// The options every command takes, each with a value.
    static let names: Set<String> = ["--db", "--format"]

    /// `arguments` (without the executable's name) with leading `--db`/`--format` moved after `commands`' name.
    static func reordered(_ arguments: [String], commands: Set<String>) -> [String] {
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
        guard !leading.isEmpty, index < arguments.count, commands.contains(arguments[index]) else { return arguments }
        return [arguments[index]] + leading + arguments[(index + 1)...]
    }
}
