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
        // Joined with a `/`, so its folder is never `.`.
        let joined = Ledger.pathParts(FileManager.default.currentDirectoryPath + "/" + path)
        guard let resolved = realpath(joined.folder, nil) else { return "\(path) (\(joined.trimmed))" }
        defer { free(resolved) }
        let folder = String(cString: resolved)
        return "\(path) (\(folder == "/" ? "" : folder)/\(joined.name))"
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
