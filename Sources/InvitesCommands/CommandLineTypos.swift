import ArgumentParser

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
        guard ["Missing expected argument", "Unknown option", "Unexpected argument"].contains(where: said.hasPrefix) else { return nil }
        return problem(in: arguments, commands: commands)
    }

    /// The misspelt command or option of `arguments` (the command's name first), if any.
    static func problem(in arguments: [String], commands: [ParsableCommand.Type]) -> Problem? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        let names = commands.map { $0._commandName }
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
            return .option(command: command, message: "Unknown option '\(name)'" + (meant.map { ". Did you mean '\($0)'?" } ?? ""))
        }
        return nil
    }

    /// A misspelt word and where it belongs.
    enum Problem: Equatable {
        /// The command's name: reported with the list of commands.
        case command(String)
        /// An option of `command`: reported with that command's usage.
        case option(command: ParsableCommand.Type, message: String)

        static func == (left: Problem, right: Problem) -> Bool {
            switch (left, right) {
            case (.command(let a), .command(let b)): a == b
            case (.option(let c, let a), .option(let d, let b)): c == d && a == b
            default: false
            }
        }
    }

    /// The message for a word in the command's place that names no command.
    static func notACommand(_ word: String, commands: [String]) -> String {
        "\"\(word)\" is not a command" + (closest(to: word, among: commands).map { "; did you mean \($0)?" } ?? "")
    }

    /// Every option `command` takes, hidden ones too (`--db`, `-h`, `--no-…`), read from its help screen.
    static func optionNames(of command: ParsableCommand.Type) -> Set<String> {
        let help = Invites.helpMessage(for: command, includeHidden: true, columns: 10_000)
        var names: Set<String> = ["--help", "-h"]
        var word = ""
        for character in help + " " {
            if character.isLetter || character.isNumber || character == "-" {
                word.append(character)
                continue
            }
            if word.count > 1, word.hasPrefix("-"), word.dropFirst().first(where: { $0 != "-" })?.isLetter == true {
                names.insert(word)
            }
            word = ""
        }
        return names
    }

    /// The candidate `word` most likely meant: within two edits of it (one for a word of up to three letters), or the only one it begins; nil when none is close.
    static func closest(to word: String, among candidates: some Collection<String>) -> String? {
        let edits = word.drop(while: { $0 == "-" }).count <= 3 ? 1 : 2
        let scored = candidates.map { ($0, editDistance(word, $0)) }.filter { $0.1 <= edits }
        if let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) { return best.0 }
        let begun = candidates.filter { $0.hasPrefix(word) && word.count >= 3 }
        return begun.count == 1 ? begun.first : nil
    }

    /// The Levenshtein distance between two words, with a swap of two neighbouring letters counted as one edit.
    static func editDistance(_ left: String, _ right: String) -> Int {
        let a = Array(left), b = Array(right)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], before[j - 2] + 1)
                }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
