import ArgumentParser
import Foundation
import Ledger

/// `--db` and `--format`, taken by every command.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger directory (default: $INVITES_DB, else ./invites-ledger).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    /// The ledger directory this command works on.
    var path: String {
        db ?? ProcessInfo.processInfo.environment["INVITES_DB"] ?? "./invites-ledger"
    }

    /// Opens the ledger for writing, creating it on first use.
    func openForWriting() throws -> Ledger {
        do { return try Ledger.open(at: path) } catch let error as LedgerError {
            throw Failure("error", error.description)
        }
    }

    /// Opens the ledger for reading; an absent ledger is an error, not an empty one made on disk.
    func openForReading() throws -> Ledger {
        var options = Ledger.Options()
        options.create = false
        do { return try Ledger.open(at: path, options: options) } catch let error as LedgerError {
            throw Failure("error", error.description)
        }
    }
}

extension OutputFormat: ExpressibleByArgument {}

/// Parses a `--now`, `--at` or `--as-of` value.
func parseTime(_ text: String, option: String) throws -> Timestamp {
    do { return try Timestamp.parse(text) } catch {
        throw ValidationError("\(option): \(error.description); write e.g. 2026-01-05T09:30:00Z")
    }
}

/// Parses the `--at` of a recorded event: a bad one makes an invalid event (`invalid_event`, exit 1).
func parseEventTime(_ text: String) throws -> Timestamp {
    do { return try Timestamp.parse(text) } catch {
        throw Failure("invalid_event", "bad timestamp: --at: \(error.description); write e.g. 2026-01-05T09:30:00Z")
    }
}

/// Parses a duration option (`3w`, `1w2d`, `36h`).
func parseDuration(_ text: String, option: String) throws -> Duration {
    guard let duration = Duration(text) else {
        throw ValidationError("\(option): \"\(text)\" is not a duration; write e.g. 3w, 21d, 1w2d or 36h")
    }
    return duration
}
