import ArgumentParser
import Ledger

/// Names the misspelt word of a command line the argument parser refused, with the word meant.
///
/// The parser blames something else for two common slips: an unknown command followed by
/// options is reported as an unknown `--db` (the root command takes no options), and an
/// unknown option is hidden behind a required one it was meant to be
/// (`send --acount A --to R` says `--account` is missing). This looks only after the parser
/// has refused the command line, so a command line it accepts costs nothing.
enum CommandLineTypos {
    /// What to say instead of the parser's error about `arguments` (the command's name first), or nil to keep the parser's.
    ///
    /// Only errors a misspelt word can cause are replaced: a missing argument, an unknown option,
    /// an unexpected argument. A missing value (`--note --hi`) keeps the parser's message.
    static func problem(in arguments: [String], commands: [ParsableCommand.Type], parserSaid error: Error) -> Problem? {
        let said = Invites.message(for: error)
        guard ["Missing expected argument", "Unknown option", "Unexpected argument"].contains(where: said.hasPrefix),
              let found = problem(in: arguments, commands: commands) else { return nil }
        // The parser's own unknown option, which may carry a word meant this finder does not see (`--no-force`): keep it,
        // unless the option belongs to other commands, which says more than a word the parser found near it (`--now` → `--db`).
        // (The bare message ends at the option's closing quote; what this finder adds ends in `?` or `)`.)
        if case .option(_, let message, nil) = found, message.hasSuffix("'"), said.hasPrefix("Unknown option") { return nil }
        return found
    }

    /// The misspelt command or option of `arguments` (the command's name first), if any.
    static func problem(in arguments: [String], commands: [ParsableCommand.Type]) -> Problem? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        let names = commands.map { $0._commandName } + ["help"]
        if first == "help" {
            guard arguments.count > 1, !arguments[1].hasPrefix("-"), !names.contains(arguments[1]) else { return nil }
            return .command(notACommand(arguments[1], commands: names))
        }
        guard let command = commands.first(where: { $0._commandName == first }) else {
            return .command(notACommand(first, commands: names))
        }
        let known = optionNames(of: command)
        for argument in arguments.dropFirst() {
            if argument == "--" { break }
            guard argument.hasPrefix("--") else { continue }
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            guard !known.contains(name) else { continue }
            let meant = closest(to: name, among: known.filter { $0.hasPrefix("--") })
            let takers = commands.filter { ObjectIdentifier($0) != ObjectIdentifier(command) && optionNames(of: $0).contains(name) }.map { $0._commandName }.sorted()
            guard !takers.isEmpty else {
                return .option(command: command, message: unknownOption(name) + (meant.map { ". Did you mean '\($0)'?" } ?? ""), meant: meant)
            }
            // An option of other commands is said first: `send --tz` means a zone more likely than `--to` (audit 108 F6).
            let list = takers.count == 1 ? takers[0] : takers.dropLast().joined(separator: ", ") + " and " + takers[takers.count - 1]
            return .option(command: command, message: unknownOption(name) + ": \(first) does not take it (\(list) \(takers.count == 1 ? "does" : "do"))"
                           + (meant.map { "; or did you mean '\($0)'?" } ?? ""), meant: meant)
        }
        if let word = strayWord(in: arguments, command: command) {
            let example = optionEntries(of: command).options.first(where: \.takesValue)?.names.last.map { " (\($0) \(word), not \(word))" } ?? ""
            return .option(command: command, message: "Unexpected argument '\(word)': \(first) takes no words of its own, only options "
                           + "and their values" + example, meant: nil)
        }
        return nil
    }

    /// The first word of `arguments` (the command's name first) that is no option's value, when `command` takes no words of its own.
    ///
    /// `check a@x bob` is refused by the parser as a missing `--account`, which hides that the
    /// values were given without their options' names (audit 88 F9).
    static func strayWord(in arguments: [String], command: ParsableCommand.Type) -> String? {
        let entries = optionEntries(of: command)
        guard !entries.takesWords else { return nil }
        let valued = Set(entries.options.filter(\.takesValue).flatMap(\.names))
        var valueNext = false
        for argument in arguments.dropFirst() {
            if argument == "--" { return nil }
            if valueNext {
                valueNext = false
            } else if argument.hasPrefix("-"), argument != "-" {
                valueNext = !argument.contains("=") && valued.contains(argument)
            } else {
                return argument
            }
        }
        return nil
    }

    /// The start of every message about an unknown option: `Unknown option '--now'`.
    static func unknownOption(_ name: String) -> String { "Unknown option '\(name)'" }

    /// A misspelt word and where it belongs.
    enum Problem: Equatable {
        /// The command's name: reported with the list of commands.
        case command(String)
        /// An option of `command`: reported with that command's usage; `meant` is the option suggested, if any.
        case option(command: ParsableCommand.Type, message: String, meant: String?)

        static func == (left: Problem, right: Problem) -> Bool {
            switch (left, right) {
            case (.command(let a), .command(let b)): a == b
            case (.option(let c, let a, let m), .option(let d, let b, let n)): c == d && a == b && m == n
            default: false
            }
        }
    }

    /// The message for a word in the command's place that names no command.
    static func notACommand(_ word: String, commands: [String]) -> String {
        // `version` is a flag, not a command (audit 88 F9); another tool's word for a command names ours (audit 129).
        let meant = word.lowercased() == "version" ? "--version" : commandSynonyms[word.lowercased()] ?? closest(to: word, among: commands)
        return "\"\(word)\" is not a command" + (meant.map { "; did you mean \($0)?" } ?? "")
    }

    /// Words other tools use for what a command of ours does: `invites list` most likely means `pending`.
    static let commandSynonyms = ["list": "pending", "ls": "pending", "show": "history", "stats": "metrics", "report": "metrics",
                                  "invite": "send", "add": "send", "cancel": "withdraw", "revoke": "withdraw", "info": "status",
                                  "config": "policy", "settings": "policy", "reindex": "rebuild", "dump": "export", "load": "import"]

    /// Every option `command` takes, hidden ones too (`--db`, `-h`, `--no-…`), read from its help screen's OPTIONS.
    ///
    /// Only the start of each option's line counts (`-h, --help`, `--older-than <duration>`,
    /// `--a/--no-a`): the words of its help and the command's discussion name options of other commands.
    static func optionNames(of command: ParsableCommand.Type) -> Set<String> {
        Set(optionEntries(of: command).options.flatMap(\.names)).union(["--help", "-h"])
    }

    /// The options of `command`'s help screen, each with its names and whether a value follows it, and whether it takes words of its own (ARGUMENTS).
    static func optionEntries(of command: ParsableCommand.Type) -> (options: [(names: [String], takesValue: Bool)], takesWords: Bool) {
        let help = Invites.helpMessage(for: command, includeHidden: true, columns: 10_000)
        var options: [(names: [String], takesValue: Bool)] = []
        var inOptions = false, takesWords = false
        for line in help.split(separator: "\n") {
            if !line.hasPrefix(" ") {
                inOptions = line == "OPTIONS:"
                takesWords = takesWords || line == "ARGUMENTS:"
                continue
            }
            let entry = line.drop(while: { $0 == " " })
            guard inOptions, entry.hasPrefix("-") else { continue }
            var names: [String] = [], takesValue = false
            for word in entry.split(separator: " ") {
                guard word.hasPrefix("-") || word.hasPrefix("<") else { break }
                takesValue = takesValue || word.hasPrefix("<")
                names += word.split(whereSeparator: { $0 == "," || $0 == "/" }).filter { $0.hasPrefix("-") }.map(String.init)
            }
            options.append((names, takesValue))
        }
        return (options, takesWords)
    }

    /// The candidate `word` most likely meant: the only one it begins (three letters at least), else one within two edits (one for a word of up to three letters); nil when none is close.
    static func closest(to word: String, among candidates: some Collection<String>) -> String? {
        let letters = word.drop(while: { $0 == "-" }).count
        let begun = candidates.filter { $0.hasPrefix(word) && $0 != word }
        if letters >= 3, begun.count == 1 { return begun.first }
        let edits = letters <= 3 ? 1 : 2
        let scored = candidates.map { ($0, NearNames.editDistance(word, $0)) }.filter { $0.1 <= edits }
        return scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) })?.0
    }
}
