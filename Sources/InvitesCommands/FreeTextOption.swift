import ArgumentParser
import Foundation

/// Refuses a free-text option's value that is one of its command's own option names (`send --note --force`).
///
/// `--note` and `--reason` take the next word whatever it is, so that a note may begin with a
/// dash (`--note "-- Regards"`). A note forgotten before the next option then took that option
/// as its text, and the option was lost: `--force` dropped in silence, `"note":"--force"`
/// recorded for good (review 56 M3). No one's note is exactly an option of the command.
enum FreeTextOption {
    /// Throws a malformed command line when `value` of `option` is one of `command`'s option names.
    static func refuseOptionName(_ value: String?, of option: String, in command: ParsableCommand.Type) throws {
        guard let value, value.hasPrefix("-") else { return }
        // Written `--note=--force`, it was meant (audit 58): no next word was taken.
        if CommandLine.arguments.contains("\(option)=\(value)") { return }
        // The option alone (`--force`), or written with its value (`--template=v2`, review 57).
        let name = value.hasPrefix("--") ? String(value.prefix(while: { $0 != "=" })) : value
        guard optionNames(of: command).contains(name) else { return }
        throw ValidationError("\(option) took the next word, \(value), as its text: give the text after \(option) "
            + "(\(option) \"…\"), and \(value) on its own")
    }

    /// The long and short option names `command`'s help lists (`--force`, `-h`).
    static func optionNames(of command: ParsableCommand.Type) -> Set<String> {
        var names: Set<String> = ["--version"]  // the root command's, which a subcommand's help also takes
        for line in command.helpMessage(columns: 1_000).split(separator: "\n") where line.hasPrefix("  -") {
            for word in line.split(separator: " ").prefix(3) {
                let name = word.trimmingCharacters(in: CharacterSet(charactersIn: ","))
                if name.hasPrefix("-"), !name.hasPrefix("-<") { names.insert(name) }
            }
        }
        return names
    }
}
