import Foundation
@testable import InvitesCommands
import Testing

/// What the command line means before any command runs: leading options, time zones, staging paths.
struct CommandLineTests {
    static let commands: Set<String> = ["pending", "import", "status"]

    @Test func leadingDbAndFormatMoveAfterTheCommandsName() {
        #expect(LeadingOptions.reordered(["--db", "x", "pending", "--account", "a"], commands: Self.commands)
                == .arguments(["pending", "--db", "x", "--account", "a"]))
        #expect(LeadingOptions.reordered(["--format=json", "--db", "x", "status"], commands: Self.commands)
                == .arguments(["status", "--format=json", "--db", "x"]))
        #expect(LeadingOptions.reordered(["pending", "--db", "x"], commands: Self.commands) == .arguments(["pending", "--db", "x"]))
        #expect(LeadingOptions.reordered(["--db", "x", "help", "status"], commands: Self.commands) == .arguments(["help", "status"]))
        #expect(LeadingOptions.reordered(["--db", "x", "--version"], commands: Self.commands) == .arguments(["--version"]))
    }

    @Test func whatFollowsLeadingOptionsIsNamedWhenItIsWrong() {
        #expect(LeadingOptions.reordered(["--db", "x"], commands: Self.commands) == .problem("name a command after --db x"))
        #expect(LeadingOptions.reordered(["--db", "x", "--account", "a", "pending"], commands: Self.commands)
                == .problem("--account goes after the command's name: only --db and --format may come before it"))
        #expect(LeadingOptions.reordered(["--db", "x", "pendng"], commands: Self.commands) == .problem("\"pendng\" is not a command"))
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
