import ArgumentParser
import Foundation
import Ledger
import Merkle

/// `invites log`: the raw log as JSON Lines, optionally following new events.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Print the log as JSON Lines (with --follow, keep streaming).",
        discussion: """
        Always JSON Lines (SPEC), whatever --format says.

        Examples:
          invites log --from 200 --limit 10
          invites log --follow | my-crm-sync
        """)

    @Option(parsing: .unconditional, help: "The first position to print.")
    var from: UInt64 = 1
    @Option(parsing: .unconditional, help: "Print at most this many events.")
    var limit: Int?
    @Flag(help: "After the last event, wait for new ones and print them as they are recorded.")
    var follow = false
    @Option(parsing: .unconditional, help: ArgumentHelp("With --follow: how often to look for new events, in milliseconds.", valueName: "ms"))
    var pollInterval: Int = 200
    @OptionGroup var options: LedgerOptions

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        if pollInterval <= 0 { throw ValidationError("--poll-interval must be at least 1 (milliseconds)") }
    }

    func run() throws {
        try reportingFailures {
            let ledger = try options.openForReading(missingIsEmpty: !follow)
            var next = max(from, 1)
            var remaining = limit ?? Int.max
            while true {
                try ledger.read { view in
                    try view.forEachEvent(from: next) { event, hash in
                        guard remaining > 0 else { return false }
                        Console.line(event.exportedJSON(hash: hash.hex))
                        remaining -= 1
                        next = event.position + 1
                        return true
                    }
                }
                Console.flush()
                // A follower whose reader went away (`| head`) or whose output failed stops.
                guard follow, remaining > 0, Console.outputFailure == nil else { return }
                usleep(useconds_t(max(pollInterval, 10) * 1000))
            }
        }
    }
}

/// `invites export`: the log as JSON Lines that a fresh ledger imports.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export the log as JSON Lines, importable into a fresh ledger.",
        discussion: """
        Each line is the event's canonical JSON (RFC 8785) with its position, recorded_at and hash, \
        so the chain can be checked with any SHA-256 tool. Always JSON Lines (SPEC), whatever --format says.

        Example:
          invites export > backup.jsonl && invites import backup.jsonl --db ./copy
        """)

    @Option(parsing: .unconditional, help: "The first position to export.")
    var from: UInt64 = 1
    @OptionGroup var options: LedgerOptions

    func run() throws {
        try reportingFailures {
            let ledger = try options.openForReading()
            try ledger.read { view in
                try view.forEachEvent(from: from) { event, hash in
                    Console.line(event.exportedJSON(hash: hash.hex))
                    return true
                }
            }
        }
    }
}

/// `invites verify`: recomputes the chain and the Merkle tree.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check the whole hash chain, or that the log still has a digest.",
        discussion: """
        Examples:
          invites verify
          invites verify --expect <hash>@1000

        The hash to expect is the "hash" of a digest taken earlier (invites digest --position 1000) \
        and published: --expect checks that the log still holds exactly those events.
        """)

    @Option(help: ArgumentHelp("Also require this chain hash at this position.", valueName: "hash@position"))
    var expect: String?
    @OptionGroup var options: LedgerOptions

    func validate() throws {
        if let expect { _ = try Self.parseExpect(expect) }
    }

    static func parseExpect(_ text: String) throws -> (hash: Digest, position: UInt64) {
        let parts = text.split(separator: "@")
        guard parts.count == 2, let hash = Digest(hex: String(parts[0])), let position = UInt64(parts[1]) else {
            throw ValidationError("--expect takes HASH@POSITION: 64 hex digits, @, a position")
        }
        return (hash, position)
    }

    func run() throws {
        try reportingFailures {
            let ledger = try options.openForReading()
            let result = try ledger.verify(expect: try expect.map(Self.parseExpect))
            switch result {
            case .ok(let events, let position, let hash):
                if options.format == .json {
                    Console.line(JSONValue.object([("ok", .bool(true)), ("events", .integer(Int64(events))),
                                                   ("position", .integer(Int64(position))), ("hash", .string(hash.hex))]).text)
                } else if options.format == .csv {
                    var table = Table(["ok", "events", "position", "hash", "error"])
                    table.add(["true", String(events), String(position), hash.hex, nil])
                    table.print(as: .csv)
                } else {
                    Console.line("ok: \(events) events, chain hash at \(position) is \(hash.hex)")
                }
            case .failed(let position, let error):
                if options.format == .json {
                    Console.line(JSONValue.object([("ok", .bool(false)), ("position", .integer(Int64(position))),
                                                   ("error", .string(error))]).text)
                } else if options.format == .csv {
                    var table = Table(["ok", "events", "position", "hash", "error"])
                    table.add(["false", nil, String(position), nil, error])
                    table.print(as: .csv)
                }
                throw Failure("verification_failed", "position \(position): \(error)")
            }
        }
    }
}
