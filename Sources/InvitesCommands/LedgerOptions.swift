import ArgumentParser
import Foundation
import Ledger

/// A command that works on the ledger its `--db` names (every one but `verify-proof`, which checks a proof alone).
protocol LedgerCommand: ParsableCommand {
    /// Its `--db`, `--format` and `--read-only`.
    var options: LedgerOptions { get }
}

/// `--db`, `--format` and `--read-only`, taken by every command.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger directory (default: $INVITES_DB, else ./invites-ledger).", valueName: "path"),
            completion: .directory)
    var db: String?

    @Option(name: .long, help: "Output format: table, json or csv (log and export always write JSON Lines; digest, prove and verify-proof JSON).")
    var format: OutputFormat = .table

    @Flag(name: .long, help: "Open the ledger read-only: nothing is written (a write is refused), and queries answer all the same. Automatic on a read-only file system.")
    var readOnly = false

    func validate() throws {
        if db?.isEmpty == true {
            throw ValidationError("--db is empty: name the ledger directory, or leave --db out for $INVITES_DB, else ./invites-ledger")
        }
    }

    /// Why the ledger path looks pasted with what was around it (`PastedLedgerPath`), or nil.
    ///
    /// Asked once the command is known (`LedgerCommand`): `verify-proof` opens no ledger, and a
    /// stray `INVITES_DB` in its environment must not refuse it (review 120).
    var pastedPathProblem: String? {
        PastedLedgerPath.problem(path, givenAs: db == nil ? "INVITES_DB" : "--db")
    }

    /// The ledger directory this command works on.
    var path: String {
        db ?? ProcessInfo.processInfo.environment["INVITES_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "./invites-ledger"
    }

    /// `--db PATH` for a command line a message suggests, quoted for a shell; empty when no `--db` was given.
    var dbArgument: String {
        db.map { ShellWord.option("db", $0) } ?? ""
    }

    /// Whether `path` holds a ledger, could hold one, or names a folder that does not exist.
    enum Presence {
        /// A directory holding LMDB's data file (or something that is not a directory: opening it says what).
        case present
        /// No ledger yet: a missing directory in an existing folder, or a directory without LMDB's data file.
        case absent
        /// Its parent folder is missing too (most likely a mistyped path), or it is relative to a removed working directory.
        case unreachable
    }

    /// What is at `path`, read without creating anything.
    ///
    /// Only a path that is certainly missing is absent: one that cannot be looked at (a parent
    /// folder this user may not enter, a symlink loop) may hold a ledger, and opening it says
    /// why it cannot be read. Read as "no ledger yet", `check` run as the wrong user would allow
    /// a connected pair and `expire --due` quietly do nothing (audit 68 F1; `FileManager.fileExists`
    /// says false for every failure).
    var presence: Presence {
        // Relative to a removed working directory, no path leads anywhere (audit 115 F1): opening it says so.
        if WorkingFolder.refusal(for: path) != nil { return .unreachable }
        switch PathKind.of(path) {
        case .directory:
            // A folder this user may not read or enter may hold a ledger: opening it says so (audit 12).
            // So is one whose data.mdb is a symbolic link to nothing, or whose other files cannot serve: opening it says so (audit 115 F3).
            guard access(path, R_OK | X_OK) == 0, PathKind.of(path + "/data.mdb") == .missing, Ledger.unusableFile(at: path) == nil else {
                return .present
            }
            return .absent
        case .file, .unreadable:
            return .present
        case .missing:
            // The folder as written: Foundation's URL would expand a `~` that opening the path does not.
            switch PathKind.of(Ledger.folder(holding: path)) {
            case .directory: return .absent
            case .missing: return .unreachable
            case .file, .unreadable: return .present
            }
        }
    }

    /// Opens the ledger for writing, creating it on first use.
    func openForWriting() throws -> Ledger {
        if let refusal = WorkingFolder.refusal(for: path) { throw Failure("error", refusal) }
        if let unusable = Ledger.unusableFile(at: path) { throw Failure("error", unusable) }
        var options = Ledger.Options()
        if readOnly {
            // Opened all the same, so that the write is refused with the reason rather than "no ledger".
            options.readOnly = true
            options.create = false
        }
        if !readOnly, let others = otherFilesWhereNoLedgerIs() {
            Console.note("invites: note: \(path) holds other files (\(others)) and no ledger: the ledger's files ("
                + "\(Ledger.folderFileNames.joined(separator: ", "))) are created among them; a ledger is best a folder of its own "
                + "(--db \(path.hasSuffix("/") ? path : path + "/")invites-ledger)")
        }
        // Said, as a query says there is no ledger: a mistyped --db or a stale $INVITES_DB would otherwise start a
        // second ledger in silence, which queries of the right one never see (audit 106 F6).
        let creating = !readOnly && presence == .absent
        do {
            let ledger = try noteUpgrades(Ledger.open(at: path, options: options))
            if creating { noteCreated() }
            return ledger
        } catch let error as LedgerError {
            throw Failure("error", error.description)
        }
    }

    /// Says that a write created the ledger, where a mistyped `--db` or a stale `$INVITES_DB` would otherwise start a second one in silence.
    func noteCreated() {
        Console.note("invites: note: no ledger was at \(pathAsSaid): a new one is created there (is --db or $INVITES_DB right?)")
    }

    /// The first names of the entries of the folder at `path` when it holds no ledger and other files; else nil.
    ///
    /// A first write into an existing folder creates the ledger's files beside whatever is there:
    /// a `--db` of a home or documents folder scatters `data.mdb` and its locks among the user's
    /// files, which is said (audit 88 F2); SPEC does not forbid it, so it is not refused. An empty
    /// folder, or one holding only a ledger's own files (a first write killed before `data.mdb`)
    /// or a file system's `lost+found`, is not said.
    private func otherFilesWhereNoLedgerIs() -> String? {
        guard case .directory = PathKind.of(path), PathKind.of(path + "/data.mdb") == .missing,
              let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
        // A fresh ext4 file system's root holds `lost+found`: a mount point given as `--db` is written in.
        let ledgerFiles = Set(Ledger.folderFileNames + ["lost+found"])
        let others = entries.filter { !ledgerFiles.contains($0) }.sorted()
        guard !others.isEmpty else { return nil }
        return others.prefix(3).joined(separator: ", ") + (others.count > 3 ? ", … \(others.count) in all" : "")
    }

    /// Says what opening `ledger` upgraded, once: builds from before the format checks would misread it from now on.
    private func noteUpgrades(_ ledger: Ledger) -> Ledger {
        if !ledger.upgrades.isEmpty {
            Console.note("invites: note: upgraded \(ledger.upgrades.joined(separator: ", ")) of the ledger at \(pathAsSaid), "
                + "written by an earlier build; builds from before 2026-11-29 23:15 must not use it any more "
                + "(the oldest would record duplicates), so update every copy of invites that writes to it")
        }
        return ledger
    }

    /// `path`, and for a relative one the folder it names from here: run from another folder, `./ledger` is another ledger.
    ///
    /// The parent folder is resolved as the system resolves it (symbolic links, `..`), when it
    /// exists; no `~` is expanded, as none is when the path is opened.
    var pathAsSaid: String {
        guard !path.hasPrefix("/") else { return path }
        var joined = Substring(FileManager.default.currentDirectoryPath + "/" + path)
        while joined.count > 1, joined.hasSuffix("/") { joined.removeLast() }
        guard let slash = joined.lastIndex(of: "/") else { return path }
        let parent = String(joined[..<slash])
        guard let resolved = realpath(parent, nil) else { return "\(path) (\(joined))" }
        defer { free(resolved) }
        let folder = String(cString: resolved)
        return "\(path) (\(folder == "/" ? "" : folder)/\(joined[joined.index(after: slash)...]))"
    }

    /// Opens the ledger for reading.
    ///
    /// A ledger that does not exist yet (`Presence.absent`: its directory is missing and its parent
    /// is there, or the directory holds no `data.mdb`) reads as an empty ledger with the default policy, as it
    /// would be right after its first write: nothing is created at `path`. With `missingIsEmpty`
    /// false (`log --follow`), or when the parent folder is missing too, it is an error:
    /// `invites: error: no ledger at …`.
    ///
    /// `forWrite` says the stand-in answers a write (`openExistingOrEmpty`), whose note then says nothing was created.
    func openForReading(missingIsEmpty: Bool = true, forWrite: Bool = false) throws -> Ledger {
        var options = Ledger.Options()
        options.create = false
        options.readOnly = readOnly
        if let refusal = WorkingFolder.refusal(for: path) { throw Failure("error", refusal) }
        if let unusable = Ledger.unusableFile(at: path) { throw Failure("error", unusable) }
        if let lost = Ledger.lostDataFile(at: path) { throw Failure("error", lost) }
        if missingIsEmpty, presence == .absent {
            // Said, because a mistyped --db (or the wrong folder) would otherwise look like an empty ledger.
            Console.note("invites: note: no ledger at \(pathAsSaid) yet; "
                + (forWrite ? "judged as for an empty one, and none was created" : "answering as for an empty one")
                + " (is --db or $INVITES_DB right?)")
            return try Self.emptyLedger()
        }
        // A data.mdb of 0 bytes (a first write killed before it began, or a file emptied by damage) reads as an
        // empty ledger, and a read does not set it up: LMDB would write a new environment into it, hiding
        // that it was empty; read-only, it could not. The first write sets it up.
        if missingIsEmpty, PathKind.of(path + "/data.mdb") == .file(size: 0) {
            Console.note("invites: note: \(path)/data.mdb is empty (0 bytes); answering as for an empty ledger "
                + "(if it held events, restore it from a backup)")
            return try Self.emptyLedger()
        }
        do { return try noteUpgrades(Ledger.open(at: path, options: options)) } catch let error as LedgerError {
            throw Failure("error", error.description)
        }
    }

    /// Opens the ledger for a write that an empty ledger refuses or has nothing to do for: a follow-up, `expire --due`.
    ///
    /// Where no ledger exists yet, the write runs against the empty stand-in `openForReading`
    /// gives, so the ledger's own rules answer it (`unknown_invitation`; nothing due) and nothing
    /// is created at `path`; a path whose folder is missing too is `no ledger at …`, as for a query.
    func openExistingOrEmpty() throws -> Ledger { try openForReading(forWrite: true) }

    /// A fresh, empty ledger in a private temporary folder whose files are unlinked at once.
    private static func emptyLedger() throws -> Ledger {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("invites-empty-\(UUID().uuidString)").path
        var options = Ledger.Options()
        options.skipSync = true
        options.mapSize = 1 << 20
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do { return try Ledger.open(at: folder, options: options) } catch let error as LedgerError {
            throw Failure("error", error.description)
        }
    }
}

extension OutputFormat: ExpressibleByArgument {
    /// A format named in any case (`--format CSV`), as a user who types it from a spreadsheet's menu would.
    init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}

/// Refuses an option given with nothing in it (`--account ""`), which a script writes when its variable is unset.
///
/// Such a filter would match nothing and the report would silently come back empty, which
/// reads as "nothing pending": a malformed command line instead (exit 64), as for `check`.
func requireNotEmpty(_ value: String?, _ option: String) throws {
    if let value, Identity.trim(value).isEmpty { throw ValidationError("\(option) is empty: give a value, or leave \(option) out") }
}

/// Refuses a path given as the empty word (`import ""`), as a script writes it when its variable is unset (audit 134).
///
/// `what` names the path in the message; `or` says what else to do. An empty path is a
/// malformed command line (exit 64), as an empty `--db` is, not a file that cannot be read.
func requirePathGiven(_ path: String?, _ what: String, or alternative: String) throws {
    if path?.isEmpty == true { throw ValidationError("\(what) is named by an empty word (an unset variable?): name the file, or \(alternative)") }
}

/// Parses a `--now`, `--at` or `--as-of` value.
///
/// `zone`: the `--tz` the command was given, whose local time a date without a zone most likely
/// means: the example is then that time in the zone (`2026-03-01T00:00:00+05:30`), and says so.
func parseTime(_ text: String, option: String, zone: TimeZone? = nil) throws -> Timestamp {
    do { return try Timestamp.parse(text) } catch {
        let example = timeExample(for: text)
        guard let zone, !TimeZone.isAlwaysUTC(zone), example.hasSuffix("Z"), text.uppercased().last != "Z",
              let local = localExample(example, in: zone) else {
            throw ValidationError("\(option): \(error.description); write e.g. \(example)")
        }
        throw ValidationError("\(option): \(error.description); write e.g. \(local) (in \(TimeZone.displayName(zone, as: zone.identifier)), "
                              + "as --tz; \(example) is in UTC)")
    }
}

/// The wall-clock time of `example` (`2026-03-01T00:00:00Z`) read in `zone` instead, with that zone's offset then (`…+05:30`), or nil.
private func localExample(_ example: String, in zone: TimeZone) -> String? {
    guard let utc = Timestamp(rfc3339: example) else { return nil }
    // The offset at the local time: near it, the zone's offset at the UTC instant of the same wall clock, corrected once.
    var seconds = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utc.milliseconds) / 1000))
    seconds = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utc.milliseconds) / 1000 - Double(seconds)))
    let local = String(example.dropLast()) + (seconds == 0 ? "Z" : TimeZone.offsetText(seconds: seconds))
    return Timestamp(rfc3339: local) == nil ? nil : local
}

/// An RFC 3339 form of what the user wrote when it is a date, or a date and time, near the form; else a fixed example.
///
/// `2026-03-01` gives `2026-03-01T00:00:00Z`, `2026-03-01 09:30` gives `2026-03-01T09:30:00Z`,
/// `2026-03-01T09:30+0100` gives `2026-03-01T09:30:00+01:00` (no zone is read as UTC; an offset
/// is kept, written as RFC 3339 writes it); `now` gives the clock's time and says it is the
/// default: SPEC takes RFC 3339 only, and the refusal shows the spelling it takes for the moment meant.
func timeExample(for text: String) -> String {
    let trimmed = Identity.trim(text)
    if trimmed.lowercased() == "now" { return "\(Timestamp.now().rfc3339), or leave the option out: the clock is its default" }
    let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "T" || $0 == "t" }).map(String.init)
    let fixed = "2026-01-05T09:30:00Z"
    guard let date = parts.first, digits(date, "9999-99-99"), parts.count <= 2 else { return fixed }
    var time = parts.count == 1 ? "00:00:00" : parts[1]
    var zone = "Z"
    if time.hasSuffix("Z") || time.hasSuffix("z") {
        time.removeLast()
    } else if let sign = time.firstIndex(where: { $0 == "+" || $0 == "-" }) {
        guard let offset = offsetSpelling(time[sign...]) else { return fixed }
        (time, zone) = (String(time[..<sign]), offset)
    }
    if digits(time, "99:99") { time += ":00" }
    let example = date + "T" + time + zone
    return digits(String(time.prefix(8)), "99:99:99") && Timestamp(rfc3339: example) != nil ? example : fixed
}

/// Whether `text` is `pattern` with each `9` a digit: `digits("09:30", "99:99")`.
private func digits(_ text: String, _ pattern: String) -> Bool {
    text.count == pattern.count && zip(text, pattern).allSatisfy { $1 == "9" ? $0.isASCII && $0.isNumber : $0 == $1 }
}

/// An offset as RFC 3339 writes it (`+01:00`) from `+0100`, `+01` or `+01:00`; nil for anything else.
private func offsetSpelling(_ offset: Substring) -> String? {
    let sign = String(offset.prefix(1)), rest = String(offset.dropFirst())
    if digits(rest, "99:99") { return sign + rest }
    if digits(rest, "9999") { return sign + rest.prefix(2) + ":" + rest.suffix(2) }
    if digits(rest, "99") { return sign + rest + ":00" }
    return nil
}

/// Parses the `--at` of a recorded event: a bad one makes an invalid event (`invalid_event`, exit 1).
///
/// A time more than an hour after the clock (a mistyped year) is taken, as SPEC records facts as
/// given, but said on standard error once the event is recorded: the pair's later events may not be earlier.
func parseEventTime(_ text: String, subject: String, option: String = "--at") throws -> Timestamp {
    let time: Timestamp
    do { time = try Timestamp.parse(text) } catch {
        // Named by its subject, as every invalid_event is (audit 94 F3).
        throw Failure("invalid_event", "\(subject): bad timestamp: \(option): \(error.description); write e.g. \(timeExample(for: text))")
    }
    let now = Timestamp.now()
    if time.isMoreThanAnHour(after: now) {
        Console.noteIfRecorded("invites: note: \(option) \(time.rfc3339) is more than an hour after the clock (\(now.rfc3339)); "
            + "it is recorded as given, and the pair's later events may not be earlier")
    }
    return time
}

/// A note for a duration written in minutes and under a day (`3m`), which people mean as months, or nil.
///
/// SPEC's `m` is minutes: `expire_after=6m` makes every invitation due six minutes after it was
/// sent (audit 92 F4), and `pending --older-than 3m` lists every invitation older than three
/// minutes as the withdraw list (audit 116 F6). `what` names it as given (`--older-than 3m`).
func minutesNote(_ text: String, what: String) -> String? {
    guard text.hasSuffix("m"), let span = TimeSpan(text), span.milliseconds < 86_400_000 else { return nil }
    let minutes = span.milliseconds / 60_000
    return "invites: note: \(what) is \(minutes) minute\(minutes == 1 ? "" : "s"): m is minutes (a month is about 4w or 30d)"
}

/// Parses a duration option (`3w`, `1w2d`, `36h`).
func parseDuration(_ text: String, option: String) throws -> TimeSpan {
    guard let duration = TimeSpan(text) else {
        throw ValidationError("\(option): \(TimeSpan.refusal(text, hint: "; write e.g. 3w, 21d, 1w2d or 36h"))")
    }
    return duration
}

extension Timestamp {
    /// Whether this time is more than an hour after `clock`: a date from the future worth saying (a typo, a misread file), not a clock's drift.
    func isMoreThanAnHour(after clock: Timestamp) -> Bool {
        milliseconds > clock.milliseconds + 3_600_000
    }
}
