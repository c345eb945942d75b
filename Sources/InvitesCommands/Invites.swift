import ArgumentParser
import Foundation

/// The `invites` command: the complete history of LinkedIn connection invitations, kept as a tamper-evident log.
///
/// The executable's `main.swift` calls `Invites.main()`; the commands live in this library so
/// that unit tests can reach their logic without spawning the binary.
public struct Invites: ParsableCommand {
    /// The command's name, abstract, discussion and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "invites",
        abstract: "Keep the complete history of LinkedIn invitations and answer who is pending, who may be invited again, and what gets accepted.",
        discussion: """
        Every command takes --db PATH (default: $INVITES_DB, else ./invites-ledger), --format table|json|csv, \
        --read-only and --now TIME, after the command's name or before it (invites --db ./ledger pending). \
        Shell completions: invites --generate-completion-script bash|zsh|fish.
        """,
        version: ProductVersion.description,
        // In the help, by what a user comes to do (audit 51: `send` sat between `policy` and `pending`).
        groupedSubcommands: [
            CommandGroup(name: "Recording", subcommands: [
                SendCommand.self, RemindCommand.self, WithdrawCommand.self, AcceptCommand.self, ExpireCommand.self, ImportCommand.self,
            ]),
            CommandGroup(name: "Reporting", subcommands: [
                PendingCommand.self, CooldownCommand.self, CheckCommand.self, MetricsCommand.self, HistoryCommand.self,
            ]),
            CommandGroup(name: "Log and proof", subcommands: [
                LogCommand.self, ExportCommand.self, VerifyCommand.self, DigestCommand.self, ProveCommand.self, VerifyProofCommand.self,
            ]),
            CommandGroup(name: "Ledger", subcommands: [StatusCommand.self, PolicyCommand.self, RebuildCommand.self]),
        ]
    )

    /// Creates the root command (the argument parser's requirement; it has no options of its own).
    public init() {}

    /// Runs the command line: installs the storage fault guard, moves leading `--db`/`--format` after the command's name, and dispatches.
    public static func main() {
        StandardStreamsGuard.install()
        StorageFaultGuard.install()
        // A file-size limit (`ulimit -f`, systemd's LimitFSIZE=) then fails the write with EFBIG, which each writer says
        // (`writing the output failed: File too large`), where SIGXFSZ killed the process in silence (audit 115 F13).
        signal(SIGXFSZ, SIG_IGN)
        WaitingNote.install()
        if let problem = firstInputNotUTF8() {
            // Swift repairs such bytes to U+FFFD, which would make two byte-different recipients one (audit 55 L2),
            // or open another ledger than the one named (review 56 M4).
            exit(withError: ValidationError(problem))
        }
        let commands = Set(configuration.subcommands.map { $0._commandName })
        switch LeadingOptions.reordered(EmptyAttachedValue.separated(Array(CommandLine.arguments.dropFirst())), commands: commands) {
        case .arguments(let arguments): run(arguments)
        case .problem(let message): exit(withError: ValidationError(message))
        }
    }

    /// What is wrong with the first input whose bytes are not UTF-8 (`argument 3`, or `INVITES_DB` when no `--db` is given); nil when all are.
    private static func firstInputNotUTF8() -> String? {
        for index in 1..<Int(CommandLine.argc) {
            guard let argument = CommandLine.unsafeArgv[index], String(validatingCString: argument) == nil else { continue }
            return "argument \(index) (\(String(cString: argument))) is not UTF-8 text: invites reads names, ids, notes and paths as UTF-8"
        }
        let givesDB = CommandLine.arguments.contains { $0 == "--db" || $0.hasPrefix("--db=") }
        if !givesDB, let path = getenv("INVITES_DB"), String(validatingCString: path) == nil {
            return "INVITES_DB (\(String(cString: path))) is not UTF-8 text: invites reads paths as UTF-8 (a folder named in another "
                + "encoding: rename it, or reach it through a link whose name is UTF-8)"
        }
        return nil
    }

    /// Exits as the argument parser's `exit(withError:)` does, but writes a clean exit's text (help, version, a completion script) through `Console`.
    ///
    /// So that text that cannot be written (a full disk under `> /etc/bash_completion.d/invites`,
    /// a closed output) is said, exit 1, as every command's answer is (audit 115 F5: it exited 0).
    private static func leave(withError error: Error) -> Never {
        guard exitCode(for: error) == .success else { exit(withError: error) }
        let text = fullMessage(for: error)
        if !text.isEmpty { Console.line(text) }
        Console.flush()
        if let reason = Console.outputFailure, !reason.isEmpty {
            Console.error("invites: error: writing the output failed: \(reason)")
            Foundation.exit(1)
        }
        Foundation.exit(0)
    }

    /// Refuses a single-valued option given more than once, before the parser reads the command line.
    ///
    /// Before it, not after: the parser takes time quadratic in the times an option is repeated
    /// (8,000 `--account a` took minutes, where a script appending options by mistake should get
    /// its error at once; audit 115 F8). Asking for help (`--help`, `-h`) is left to the parser.
    private static func refuseRepeatedOptions(_ arguments: [String]) {
        guard let name = arguments.first, let subcommand = configuration.subcommands.first(where: { $0._commandName == name }),
              !arguments.contains(where: { $0 == "--help" || $0 == "-h" }),
              let message = RepeatedOptions.problem(in: Array(arguments.dropFirst()), of: subcommand) else { return }
        refuse(message, by: subcommand)
    }

    /// Says a malformed command line as the parser says one, with `subcommand`'s usage, and exits 64.
    private static func refuse(_ message: String, by subcommand: ParsableCommand.Type) -> Never {
        let name = subcommand._commandName
        Console.errorLines("Error: \(message)\nUsage: \(usageString(for: subcommand))\n  See 'invites \(name) --help' for more information.")
        leave(withError: ExitCode.validationFailure)
    }

    /// Parses `arguments` and runs the command they name, as the argument parser's `main` does, but names a misspelt command or option (`CommandLineTypos`) where the parser would blame another word.
    private static func run(_ arguments: [String]) {
        refuseRepeatedOptions(arguments)
        var command: ParsableCommand
        do {
            if arguments.first == "help", case .command(let message)? = CommandLineTypos.problem(in: arguments, commands: configuration.subcommands) {
                throw ValidationError(message)  // the parser shows the overview for any word after `help`
            }
            command = try parseAsRoot(arguments)
        } catch {
            if let typo = CommandLineTypos.problem(in: arguments, commands: configuration.subcommands, parserSaid: error) {
                switch typo {
                case .command(let message):
                    leave(withError: ValidationError(message))
                case .option(let subcommand, let message, _):
                    refuse(message, by: subcommand)
                }
            }
            leave(withError: error)
        }
        // A ledger path pasted with what was around it (audit 115 F9), for the commands that open one.
        if let ledgerCommand = command as? LedgerCommand, let problem = ledgerCommand.options.pastedPathProblem {
            refuse(problem, by: type(of: ledgerCommand))
        }
        if let clockFree = command as? ClockFreeCommand { clockFree.clock.noteIgnored(by: type(of: clockFree)._commandName) }
        do {
            try command.run()
        } catch {
            leave(withError: error)
        }
    }
}
