import Foundation
import Testing

/// The README's short tour runs as written and prints what the README shows (audit 51 found a
/// tour with no output, whose queries depended on the day it was run).
@Suite struct ReadmeTourTests {
    /// The tour: the README's text from "## A short tour" to the next section.
    private func tour() throws -> String {
        let readme = try String(contentsOf: Paths.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "## A short tour\n"))
        let rest = readme[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)])
    }

    /// The fenced blocks of `text` whose opening line is "```" + `language`, in order.
    private func blocks(_ language: String, in text: String) -> [[String]] {
        var found: [[String]] = [], current: [String]?
        for line in text.components(separatedBy: "\n") {
            if current == nil, line == "```" + language {
                current = []
            } else if current != nil, line == "```" {
                found.append(current ?? [])
                current = nil
            } else {
                current?.append(line)
            }
        }
        return found
    }

    /// A shell command line of the tour without its comment (`  # …`), continuation lines joined.
    private func commands(_ lines: [String]) -> [String] {
        var joined: [String] = [], pending = ""
        for line in lines {
            let code = line.range(of: " #").map { String(line[..<$0.lowerBound]) } ?? line
            let trimmed = code.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix("\\") {
                pending += trimmed.dropLast() + " "
                continue
            }
            let command = (pending + trimmed).trimmingCharacters(in: .whitespaces)
            pending = ""
            if !command.isEmpty { joined.append(command) }
        }
        return joined
    }

    /// Runs `command` with `sh -c` in `folder`, with `invites` on the PATH and the tour's ledger.
    private func run(_ command: String, in folder: URL) throws -> RunResult {
        let binaryFolder = URL(fileURLWithPath: Paths.binary).deletingLastPathComponent().path
        let script = "PATH='\(binaryFolder)':\"$PATH\"; export INVITES_DB='\(folder.path)/ledger'; \(command)"
        return try shell(script, cwd: folder)
    }

    @Test func theTourRunsAndPrintsWhatTheReadmeShows() throws {
        let text = try tour()
        let scripts = blocks("sh", in: text)
        try #require(scripts.count == 2, "the tour's two sh blocks: the events, then the commands")
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The first block writes events.jsonl with a here-document.
        let events = scripts[0].dropFirst().prefix { $0 != "END" }
        try (events.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("events.jsonl"), atomically: false, encoding: .utf8)
        // The commands, up to the ones that follow or need another ledger.
        var printed: [String: String] = [:]
        for command in commands(scripts[1]) where command.hasPrefix("invites ") {
            if command.hasPrefix("invites history") { break }
            let result = try run(command, in: folder)
            #expect([0, 3].contains(result.status), "\(command): \(result.stderr)")
            printed[command] = result.stdout
        }
        #expect(printed.count == 14, "\(printed.keys)")
        // Each `$ invites …` shown prints what follows it: the same run when the tour made it, else a new one.
        let console = try #require(blocks("console", in: text).first)
        var shown: [(command: String, output: [String])] = []
        for line in console {
            if line.hasPrefix("$ ") { shown.append((String(line.dropFirst(2)), [])) } else if !shown.isEmpty { shown[shown.count - 1].output.append(line) }
        }
        #expect(shown.count >= 5)
        for (command, output) in shown {
            let stdout = try printed[command] ?? run(command, in: folder).stdout
            #expect(stdout == output.map { $0 + "\n" }.joined(), "\(command)")
        }
    }
}
