import Foundation
import Testing

/// The README's "Commands at a glance" names every option each command's `--help` lists
/// (audit 135: options such as `cooldown --state` and `log --poll-interval` were nowhere in it).
@Suite struct ReadmeReferenceTests {
    /// The options every command takes, named once in the section's opening paragraph.
    static let common: Set<String> = ["--db", "--format", "--read-only", "--now"]

    /// The section: the README's text from "## Commands at a glance" to the next section.
    private func section() throws -> String {
        let readme = try String(contentsOf: Paths.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "## Commands at a glance\n"))
        let rest = readme[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)])
    }

    /// The section's entries by command: a line `- **`NAME`**` and the lines up to the next entry or heading.
    private func entries(in section: String) -> (preamble: String, entries: [String: String]) {
        var preamble = "", entries: [String: String] = [:], current: String?
        for line in section.components(separatedBy: "\n") {
            if line.hasPrefix("- **`"), let end = line.dropFirst(5).firstIndex(of: "`") {
                current = String(line[line.index(line.startIndex, offsetBy: 5)..<end])
            } else if !line.hasPrefix("  ") {
                if current != nil { current = nil; continue }
            }
            if let current { entries[current, default: ""] += line + "\n" } else if entries.isEmpty { preamble += line + "\n" }
        }
        return (preamble, entries)
    }

    /// The subcommands `invites --help` lists.
    private func subcommands() throws -> [String] {
        let help = try invites(["--help"])
        var names: [String] = [], inList = false
        for line in help.stdout.components(separatedBy: "\n") {
            if line.hasSuffix("SUBCOMMANDS:") { inList = true; continue }
            if inList, line.hasPrefix("  "), let first = line.split(separator: " ").first, first.first?.isLetter == true,
               line.dropFirst(2).first != " " {
                names.append(String(first))
            } else if inList, line.isEmpty {
                inList = false
            }
        }
        return names
    }

    /// The long options of the OPTIONS part of `invites CMD --help`, without `--help` and `--version`.
    private func options(of command: String) throws -> [String] {
        let help = try invites([command, "--help"])
        #expect(help.status == 0, "\(command): \(help.stderr)")
        let text = help.stdout
        guard let start = text.range(of: "\nOPTIONS:\n") else { return [] }
        var found: [String] = []
        for line in text[start.upperBound...].components(separatedBy: "\n") {
            let trimmed = line.drop { $0 == " " }
            // An option's own line starts with `-`, indented by two; its description lines are indented further.
            guard line.hasPrefix("  "), line.count - trimmed.count <= 2, trimmed.hasPrefix("-") else { continue }
            // The option's names and value come before the two spaces that open its description.
            let names = trimmed.range(of: "  ").map { trimmed[..<$0.lowerBound] } ?? trimmed
            for word in names.split(whereSeparator: { $0 == " " || $0 == "," }) where word.hasPrefix("--") {
                let name = String(word)
                if !["--help", "--version"].contains(name), !found.contains(name) { found.append(name) }
            }
        }
        return found
    }

    @Test func everyOptionOfEveryCommandIsInItsEntry() throws {
        let (preamble, entries) = entries(in: try section())
        let commands = try subcommands()
        #expect(commands.count >= 20, "\(commands)")
        for option in Self.common {
            #expect(preamble.contains("`\(option)"), "the section's opening paragraph names \(option)")
        }
        for command in commands {
            let entry = try #require(entries[command], "no entry for \(command) in Commands at a glance")
            let listed = try options(of: command)
            #expect(!listed.isEmpty, "\(command): no options read from its --help")
            for option in listed where !Self.common.contains(option) {
                #expect(entry.range(of: option + #"(?![a-z-])"#, options: .regularExpression) != nil,
                        "\(command) \(option) is not in its entry of Commands at a glance")
            }
            // Every command takes the common options; one that stops taking one is said here.
            #expect(Self.common.isSubset(of: Set(listed)), "\(command): \(Set(listed))")
        }
        #expect(Set(entries.keys) == Set(commands), "entries for no command: \(Set(entries.keys).subtracting(commands))")
    }
}
