import Foundation
import ArgumentParser
@testable import InvitesCommands
import Ledger
import Testing

/// What the command line means before any command runs: leading options, time zones, staging paths.
struct CommandLineTests {
    static let commands: Set<String> = ["pending", "import", "status"]

    /// `pending` and `send` write their usage lines out (the parser shortens one of more than twelve options): each names every option `--help` lists.
    @Test(arguments: [PendingCommand.self, SendCommand.self] as [ParsableCommand.Type])
    func aWrittenUsageNamesEveryOption(command: ParsableCommand.Type) throws {
        let usage = try #require(command.configuration.usage)
        let help = command.helpMessage(columns: 200)
        let listed = help.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  --") else { return nil }
            return line.dropFirst(2).split(separator: " ").first.map(String.init)
        }.filter { $0 != "--help" && $0 != "--version" }
        #expect(listed.count >= 13, "\(help)")
        let named = usage.split(whereSeparator: { " []".contains($0) }).filter { $0.hasPrefix("--") }.map(String.init)
        #expect(Set(named) == Set(listed) && named.count == listed.count, "\(named) against \(listed)")
    }

    /// `--now`'s help says what it does: the time a query judges at, and nothing in a history, which judges nothing at a time (audit 158).
    @Test func nowsHelpSaysWhatItDoesInEachQuery() {
        let history = HistoryCommand.helpMessage(columns: 400)
        #expect(history.contains("this command judges nothing at a time, so it changes nothing") && !history.contains("Judge ages"), "\(history)")
        #expect(history.contains("--as-of <time>") && history.contains("--position <position>"), "\(history)")
        for command in [PendingCommand.self, CooldownCommand.self, CheckCommand.self, MetricsCommand.self] as [ParsableCommand.Type] {
            #expect(command.helpMessage(columns: 400).contains("--now <time>            Judge ages, cooldowns and caps at this time"), "\(command)")
        }
    }

    /// Into a pipe, lines go in pieces that end at a line break: up to the pipe's room, else `PIPE_BUF`; a longer line whole (audit 155).
    @Test func pipePiecesEndAtLineBreaks() {
        let text = Array("aaaa\nbb\nccccccccccc\ndd\ne".utf8)
        text.withUnsafeBytes { bytes in
            let limit = WholeLineWrites.atomicPipeWrite
            #expect(WholeLineWrites.pieceEnd(in: bytes, from: 0, room: 0) == bytes.count)  // all within PIPE_BUF
            let long = Array(repeating: UInt8(ascii: "x"), count: limit + 10) + [0x0A] + Array("yy\n".utf8)
            long.withUnsafeBytes { long in
                #expect(WholeLineWrites.pieceEnd(in: long, from: 0, room: 0) == limit + 11)  // a line past PIPE_BUF, whole
                #expect(WholeLineWrites.pieceEnd(in: long, from: limit + 11, room: 0) == long.count)
            }
            let many = Array(repeating: Array("0123456789\n".utf8), count: 1_000).flatMap { $0 }
            many.withUnsafeBytes { many in
                #expect(WholeLineWrites.pieceEnd(in: many, from: 0, room: 0) == limit / 11 * 11)
                #expect(WholeLineWrites.pieceEnd(in: many, from: 0, room: 8_000) == 8_000 / 11 * 11)
                #expect(WholeLineWrites.pieceEnd(in: many, from: 22, room: 100_000) == many.count)
            }
        }
    }

    @Test func leadingDbAndFormatMoveAfterTheCommandsName() {
        #expect(LeadingOptions.reordered(["--db", "x", "pending", "--account", "a"], commands: Self.commands)
                == .arguments(["pending", "--db", "x", "--account", "a"]))
        #expect(LeadingOptions.reordered(["--format=json", "--db", "x", "status"], commands: Self.commands)
                == .arguments(["status", "--format=json", "--db", "x"]))
        #expect(LeadingOptions.reordered(["pending", "--db", "x"], commands: Self.commands) == .arguments(["pending", "--db", "x"]))
        #expect(LeadingOptions.reordered(["--db", "x", "help", "status"], commands: Self.commands) == .arguments(["help", "status"]))
        #expect(LeadingOptions.reordered(["--db", "x", "--version"], commands: Self.commands) == .arguments(["--version"]))
        // --read-only takes no value (audit 117 F20).
        #expect(LeadingOptions.reordered(["--read-only", "pending", "--account", "a"], commands: Self.commands)
                == .arguments(["pending", "--read-only", "--account", "a"]))
        #expect(LeadingOptions.reordered(["--db", "x", "--read-only", "status"], commands: Self.commands)
                == .arguments(["status", "--db", "x", "--read-only"]))
    }

    @Test func whatFollowsLeadingOptionsIsNamedWhenItIsWrong() {
        #expect(LeadingOptions.reordered(["--db", "x"], commands: Self.commands) == .problem("name a command after --db x"))
        #expect(LeadingOptions.reordered(["--db", "x", "--account", "a", "pending"], commands: Self.commands)
                == .problem("--account goes after the command's name: only --db, --format, --now and --read-only may come before it"))
        #expect(LeadingOptions.reordered(["--db", "x", "pendng"], commands: Self.commands)
                == .problem("\"pendng\" is not a command; did you mean pending?"))
        #expect(LeadingOptions.reordered(["--db", "x", "reports"], commands: Self.commands) == .problem("\"reports\" is not a command"))
    }

    @Test func aMisspeltCommandOrOptionIsNamedWithTheWordMeant() {
        let commands = Invites.configuration.subcommands
        #expect(CommandLineTypos.problem(in: ["pendng", "--db", "x"], commands: commands) == .command("\"pendng\" is not a command; did you mean pending?"))
        #expect(CommandLineTypos.problem(in: ["histroy"], commands: commands) == .command("\"histroy\" is not a command; did you mean history?"))
        #expect(CommandLineTypos.problem(in: ["help", "pendng"], commands: commands) == .command("\"pendng\" is not a command; did you mean pending?"))
        #expect(CommandLineTypos.problem(in: ["pend"], commands: commands) == .command("\"pend\" is not a command; did you mean pending?"))
        // Another tool's word for one of ours (audit 129).
        #expect(CommandLineTypos.problem(in: ["list"], commands: commands) == .command("\"list\" is not a command; did you mean pending?"))
        #expect(CommandLineTypos.problem(in: ["Stats"], commands: commands) == .command("\"Stats\" is not a command; did you mean metrics?"))
        let names = Set(commands.map { $0._commandName })
        #expect(CommandLineTypos.commandSynonyms.values.allSatisfy(names.contains))
        #expect(CommandLineTypos.problem(in: ["help", "help"], commands: commands) == nil)
        #expect(CommandLineTypos.problem(in: ["send", "--acount", "a", "--to", "r"], commands: commands)
                == .option(command: SendCommand.self, message: "Unknown option '--acount'. Did you mean '--account'?", meant: "--account"))
        #expect(CommandLineTypos.problem(in: ["pending", "--older=3w"], commands: commands)
                == .option(command: PendingCommand.self, message: "Unknown option '--older'. Did you mean '--older-than'?", meant: "--older-than"))
        #expect(CommandLineTypos.problem(in: ["pending", "--hi"], commands: commands)
                == .option(command: PendingCommand.self, message: "Unknown option '--hi'", meant: nil))
        // Words of a command's discussion are not its options: `verify` takes no --position.
        #expect(CommandLineTypos.problem(in: ["verify", "--positon", "5"], commands: commands)
                == .option(command: VerifyCommand.self, message: "Unknown option '--positon'", meant: nil))
        // An option of other commands names them, rather than a word the parser found near it (`--as-of` → `--db`; audit 75 L2).
        #expect(CommandLineTypos.problem(in: ["status", "--as-of", "2026-01-05T10:00:00Z"], commands: commands)
                == .option(command: StatusCommand.self, message: "Unknown option '--as-of': status does not take it "
                           + "(check, cooldown, history, metrics and pending do)", meant: nil))
        #expect(CommandLineTypos.problem(in: ["log", "--follow", "--tz", "UTC"], commands: commands)
                == .option(command: LogCommand.self, message: "Unknown option '--tz': log does not take it "
                           + "(check, cooldown, history, import, metrics and pending do)", meant: nil))
        // Near an option of its own too (`--tz`, `--to`): the other commands first, then the near one (audit 108 F6).
        #expect(CommandLineTypos.problem(in: ["send", "--account", "a", "--to", "q", "--tz", "Europe/London"], commands: commands)
                == .option(command: SendCommand.self, message: "Unknown option '--tz': send does not take it "
                           + "(check, cooldown, history, import, metrics and pending do); or did you mean '--to'?", meant: "--to"))
        // After `--` every word is an argument, not an option.
        #expect(CommandLineTypos.problem(in: ["history", "--", "--acount"], commands: commands) == nil)
        #expect(NearNames.editDistance("histroy", "history") == 1)
        #expect(NearNames.editDistance("", "abc") == 3)
        #expect(NearNames.distance("acct-21", "ACCT-12") == 1)  // a swap is one edit for names too (audit 99 F4)
    }

    @Test func everyOptionACommandShowsIsKnownToTheTypoFinder() {
        for command in Invites.configuration.subcommands {
            let usage = Invites.usageString(for: command, includeHidden: true)
            let options = usage.split(whereSeparator: { " []<>()|".contains($0) }).filter { $0.hasPrefix("--") }.map(String.init)
            #expect(!options.isEmpty || command == VerifyProofCommand.self, "\(command._commandName): \(usage)")
            for option in options + ["--help", "-h", "--db", "--format"] {
                #expect(CommandLineTypos.problem(in: [command._commandName, option], commands: Invites.configuration.subcommands) == nil,
                        "\(command._commandName) \(option)")
            }
            // And nothing else: every name it knows is one the usage shows.
            for name in CommandLineTypos.optionNames(of: command) where !["--help", "-h", "--version"].contains(name) {
                #expect(options.contains(name) || usage.contains(name), "\(command._commandName) \(name)")
            }
        }
    }

    @Test func aRefusedTimeIsShownAsRFC3339WhenItIsADateOrADateAndTime() {
        #expect(timeExample(for: "2026-03-01") == "2026-03-01T00:00:00Z")
        #expect(timeExample(for: " 2026-03-01 09:30 ") == "2026-03-01T09:30:00Z")
        #expect(timeExample(for: "2026-03-01T09:30:15") == "2026-03-01T09:30:15Z")
        // Near misses keep their time and zone (audit 88 F5).
        #expect(timeExample(for: "2026-01-30T00:00Z") == "2026-01-30T00:00:00Z")
        #expect(timeExample(for: "2026-01-30T10:00:00+0100") == "2026-01-30T10:00:00+01:00")
        #expect(timeExample(for: "2026-01-30T10:00-05") == "2026-01-30T10:00:00-05:00")
        #expect(timeExample(for: "2026-01-30 10:00:00.250+05:30") == "2026-01-30T10:00:00.250+05:30")
        #expect(timeExample(for: "NOW").hasSuffix("or leave the option out: the clock is its default"))
        for other in ["yesterday", "2026-02-30", "2026-03-01 25:00", "2026-03-01 9:30", "03/01/2026", "2026-03-01 09:30 +1", "2026-03-01T09:30+1", "2026-03-01T09:30+25:00", ""] {
            #expect(timeExample(for: other) == "2026-01-05T09:30:00Z", "\(other)")
        }
    }

    @Test func aTimeZoneIsNamedInAnyCase() {
        #expect(TimeZone.named("utc")?.secondsFromGMT() == 0)
        #expect(TimeZone.named("Europe/Berlin")?.identifier == "Europe/Berlin")
        #expect(TimeZone.named("europe/berlin")?.identifier == "Europe/Berlin")
        #expect(TimeZone.named("AMERICA/NEW_YORK")?.identifier == "America/New_York")
        #expect(TimeZone.named("Mars/Olympus") == nil)
        #expect(TimeZone.named("") == nil)
    }

    @Test func aTimeZoneMayBeAFixedOffset() {
        let offsets: [(String, Int)] = [("+02:00", 7_200), ("-05:30", -19_800), ("+0530", 19_800), ("+2", 7_200),
                                        ("-11", -39_600), ("UTC+2", 7_200), ("gmt-03:30", -12_600), ("+00:00", 0), ("+14:00", 50_400)]
        for (name, seconds) in offsets {
            #expect(TimeZone.named(name)?.secondsFromGMT() == seconds, "\(name)")
        }
        for nonsense in ["+", "+25", "+02:3", "+02:60", "+123", "2:00", "UTC+", "+02:00x", "+٢"] {
            #expect(TimeZone.named(nonsense) == nil, "\(nonsense)")
        }
        #expect(TimeZone.named("Etc/GMT+2")?.secondsFromGMT() == -7_200)  // IANA's sign, not an offset
    }

    /// An offset past ±18:00 is no zone, and `--tz` says why: events may carry up to ±23:59 (audit 86 F8).
    @Test func anOffsetPastEighteenHoursIsSaidAsSuch() throws {
        #expect(TimeZone.named("+18:00")?.secondsFromGMT() == 64_800)
        #expect(TimeZone.named("-18:00")?.secondsFromGMT() == -64_800)
        for wide in ["+18:01", "-19:30", "+23:59", "UTC+20"] {
            #expect(TimeZone.named(wide) == nil, "\(wide)")
            #expect(TimeZone.offsetSeconds(wide) != nil, "\(wide)")
            #expect(throws: ValidationError.self) { try parseZone(wide) }
            do { _ = try parseZone(wide) } catch { #expect("\(error)".contains("past ±18:00"), "\(error)") }
        }
        do { _ = try parseZone("Mars/Olympus") } catch { #expect(!"\(error)".contains("18:00"), "\(error)") }
    }

    @Test func aFirstImportIsStagedBesideThePathAsWritten() throws {
        #expect(NewLedgerStaging.naming("ledger")! == (".", ".ledger.new-"))
        #expect(NewLedgerStaging.naming("../ledger")! == ("..", ".ledger.new-"))
        #expect(NewLedgerStaging.naming("a/b/ledger/")! == ("a/b", ".ledger.new-"))
        #expect(NewLedgerStaging.naming("y/../db")! == ("y/..", ".db.new-"))
        #expect(NewLedgerStaging.naming("/ledger")! == ("/", ".ledger.new-"))
        for unnamed in [".", "..", "/", "a/.."] {
            #expect(NewLedgerStaging.naming(unnamed) == nil, "\(unnamed)")
        }
    }
}
