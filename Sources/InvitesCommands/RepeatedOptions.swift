import ArgumentParser

/// Refuses an option that takes one value given more than once (`pending --account b --account a`).
///
/// The argument parser keeps the last value in silence, so a script that builds its command line
/// by appending (or a user who edits one) got an answer about another account than it named
/// (audit 82 F2; audit 79 fixed it for `verify --expect` and `verify-proof --root` by taking
/// every value). Options that take a list (`--expect`, `--root`, `--set`) may repeat; flags are
/// left alone (twice is once). `--db` and `--format` say where and how, not what about: given
/// again, the last wins, as the argument parser has it.
enum RepeatedOptions {
    /// The options whose every value counts.
    static let listOptions: Set<String> = ["--expect", "--root", "--set"]

    /// The options a later value overrides: an alias's default (`alias invites='invites --db ~/crm'`, then
    /// `invites pending --db ./other`), or a harness appending `--db L --format json` to each command line.
    static let overridden: Set<String> = ["--db", "--format"]

    /// The message for the first single-valued option of `command` given more than once in `arguments`, naming its values, or nil.
    ///
    /// `arguments` are the words after the command's name.
    static func problem(in arguments: [String], of command: ParsableCommand.Type) -> String? {
        // Most command lines name each option once: the help text, which tells options from flags, is built only otherwise
        // (automation runs `check` once per prospect, and its start-up time counts).
        var seen: Set<Substring> = []
        let repeats = arguments.contains { word in
            word.hasPrefix("--") && !seen.insert(word.prefix(while: { $0 != "=" })).inserted
        }
        guard repeats else { return nil }
        let takesValue = valueOptions(of: command)
        var values: [String: [String]] = [:]
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if word == "--" { break }
            guard word.hasPrefix("--") else { continue }
            let name = String(word.prefix(while: { $0 != "=" }))
            guard takesValue.contains(name) else { continue }
            let value: String
            if name.count < word.count {
                value = String(word.dropFirst(name.count + 1))
            } else {
                value = index < arguments.count ? arguments[index] : ""
                index += 1
            }
            values[name, default: []].append(value)
            if !listOptions.contains(name), !overridden.contains(name), let given = values[name], given.count > 1 {
                return "\(name) was given \(given.count) times (\(given.map { ShellWord.quoted($0) }.joined(separator: ", "))); "
                    + "it takes one value: give it once"
            }
        }
        return nil
    }

    /// The long options of `command` that take a value, as its help lists them (`--account <account>`).
    static func valueOptions(of command: ParsableCommand.Type) -> Set<String> {
        var names: Set<String> = []
        for line in command.helpMessage(columns: 1_000).split(separator: "\n") where line.hasPrefix("  -") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            for (position, word) in words.enumerated().prefix(3) where word.hasPrefix("--") {
                let name = String(word.trimmingCharacters(in: [","]))
                if position + 1 < words.count, words[position + 1].hasPrefix("<") { names.insert(name) }
            }
        }
        return names
    }
}
