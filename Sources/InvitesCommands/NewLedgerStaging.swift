import Foundation
import Ledger

/// A first import into a path where nothing is yet: built beside the path, and moved there once committed.
///
/// A refused import then leaves nothing at `--db` (a failed batch writes nothing), where opening
/// the ledger in place would have left an empty one. The ledger is built in a hidden folder next
/// to the path, `.<name>.new-<pid>-<random>`, on the same file system, and renamed onto the path
/// when its batch commits; `rename(2)` is atomic. When another process made something at the path
/// meanwhile (a `send`, another import), the rename fails and the caller imports into the ledger
/// there instead, as if it had been there from the start. Only a missing path is staged: an
/// existing folder (empty, a mount point, a symlink) is written in place, so its owner, mode and
/// file system stay the ledger's.
///
/// The importing process holds an exclusive `flock` on its folder until it exits. A folder whose
/// lock can be taken and whose process is gone was left by a killed import, and the next import
/// beside it removes it (`removeAbandoned`); both tests are needed, as a pid alone may name no
/// process in this process's namespace while its import runs in another.
struct NewLedgerStaging {
    /// The `--db` path.
    let target: String
    /// The hidden folder the ledger is built in.
    let folder: String
    /// The folder holding both `target` and `folder`, as the path names it.
    let parent: String

    /// A staging folder for `target`, created and locked; nil when `target` exists or the folder cannot be made (the import then writes in place).
    ///
    /// `naming` is told the folder's path before it is made, so that an interrupted import's
    /// handler knows it from the moment it can exist (audit 119: a signal between the `mkdir` and
    /// the handler's learning of it left the folder behind).
    static func begin(for target: String, naming announce: (String) -> Void = { _ in }) -> NewLedgerStaging? {
        var status = stat()
        guard lstat(target, &status) != 0, errno == ENOENT, let (parent, prefix) = naming(target) else { return nil }
        let name = prefix + "\(getpid())-" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        guard name.utf8.count <= Int(NAME_MAX) else { return nil }
        let folder = parent + "/" + name
        announce(folder)
        guard mkdir(folder, 0o700) == 0 else { return nil }
        let lock = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)  // held until the process exits
        guard lock >= 0, flock(lock, LOCK_EX | LOCK_NB) == 0 else {
            if lock >= 0 { close(lock) }
            rmdir(folder)
            return nil
        }
        return NewLedgerStaging(target: target, folder: folder, parent: parent)
    }

    /// The folder holding `target` and the name prefix of its staging folders; nil for `.`, `..` or `/`, which cannot be renamed onto.
    ///
    /// Taken from the path as written, not normalised: `../ledger` is held by `..`, and `y/../db`
    /// by `y/..`, whatever `y` links to (normalising drops a leading `..` and takes `y/..` for
    /// the current folder).
    static func naming(_ target: String) -> (parent: String, prefix: String)? {
        let parts = Ledger.pathParts(target)
        guard !parts.name.isEmpty, parts.name != ".", parts.name != ".." else { return nil }
        return (parts.folder, "." + parts.name + ".new-")
    }

    /// Runs `body` with the ledger opened in the staging folder; an error naming the folder names `target` instead.
    ///
    /// The folder is an implementation detail: a full disk says `committing to <--db>: …`.
    func withLedger<R>(_ body: (Ledger) throws -> R) throws -> R {
        do {
            return try body(try Ledger.open(at: folder))
        } catch let failure as Failure where failure.message.contains(folder) {
            throw Failure(failure.code, failure.message.replacingOccurrences(of: folder, with: target), exitCode: failure.exitCode)
        } catch where "\(error)".contains(folder) {
            throw Failure("error", "\(error)".replacingOccurrences(of: folder, with: target))
        }
    }

    /// Appends a batch to the ledger at `options.path`, staged as a first import when nothing is there yet.
    ///
    /// `batch` appends to the ledger it is given, committed as told: in chunks into a staging
    /// folder when the path is missing (`importFirst`), else at once into the ledger there. So a
    /// batch that records nothing makes no ledger at a missing path, whichever import it is.
    static func append(at options: LedgerOptions, _ batch: (Ledger, BatchCommits) throws -> AppendOutcome) throws -> AppendOutcome {
        removeAbandoned(for: options.path)
        if options.presence == .absent, let staging = begin(for: options.path, naming: ImportInterruption.stage) {
            defer { staging.discard() }
            return try staging.importFirst(batch, orInto: options.openForWriting, created: options.noteCreated)
        }
        return try ImportInterruption.settled({ try batch(try options.openForWriting(), .atOnce) }, recorded: \.recordedSomething)
    }

    /// Runs a first import: in chunks into the staging folder, then moved onto `target`; returns what it appended.
    ///
    /// `importLines` appends the whole batch to the ledger it is given, committed as told. In
    /// chunks (`BatchCommits.inChunks`) the import holds one chunk's pages in memory, not the
    /// whole new ledger's. A chunk that outgrows the room `ChunkedWrite` keeps for it fills the
    /// map after earlier chunks committed, which cannot be undone: the folder is emptied and the
    /// batch imported again in one transaction, whose map grows as needed. When another process
    /// made a ledger at `target` meanwhile, the batch goes into that one (`existing`) instead.
    /// A batch that appended nothing is not moved: nothing appears at `target`. `created` is
    /// called once the ledger is at `target`, as a `send` says it made one (audit 139: an import
    /// into a mistyped `--db` started a second ledger in silence).
    func importFirst(_ importLines: (Ledger, BatchCommits) throws -> AppendOutcome,
                     orInto existing: () throws -> Ledger, created: () -> Void = {}) throws -> AppendOutcome {
        var mapFilled = false
        // Committed in the staging folder, the batch is not recorded yet: only the move onto `target` records it.
        var outcome = try ImportInterruption.settled({
            try withLedger { ledger in
                do {
                    return try importLines(ledger, .inChunks(events: BatchCommits.chunkEvents))
                } catch where BatchCommits.filledTheMap(error) {
                    mapFilled = true
                    return AppendOutcome()
                }
            }
        }, recorded: { _ in false })
        if mapFilled {
            try empty()
            outcome = try ImportInterruption.settled({ try withLedger { try importLines($0, .atOnce) } }, recorded: { _ in false })
        }
        // A batch that recorded nothing (an empty input, every line refused under --skip-invalid)
        // makes no ledger at `target`: a mistyped --db stays a path with no ledger, which queries say.
        guard outcome.committed, outcome.appended > 0 else { return outcome }
        if ImportInterruption.settled(beginning: true, { moveIntoPlace() }, recorded: { $0 }) {
            created()
        } else {
            outcome = try ImportInterruption.settled({ try importLines(try existing(), .atOnce) }, recorded: \.recordedSomething)
        }
        return outcome
    }

    /// Moves the ledger to `target`, durably; false when something is there by now.
    ///
    /// A rename is on disk only once the folder holding both names is synced: without it, a
    /// power cut could leave the committed ledger under its hidden name, which the next import
    /// would remove as abandoned. The ledger's own folder is synced first, so that the names of
    /// the files LMDB made in it are on disk too.
    func moveIntoPlace() -> Bool {
        Self.sync(folder: folder)
        guard rename(folder, target) == 0 else { return false }
        Self.sync(folder: parent)
        return true
    }

    /// Syncs a folder's entries to disk (best effort: a folder that cannot be opened is skipped).
    private static func sync(folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// Removes what the folder holds (a ledger given up half way), keeping the folder and its lock.
    func empty() throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            try FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }

    /// Removes the staging folder, if it is still there.
    func discard() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Removes the staging folders for `target` that killed imports left: unlocked, and their process gone.
    static func removeAbandoned(for target: String) {
        guard let (parent, prefix) = naming(target),
              let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = name.dropFirst(prefix.count).split(separator: "-").first.flatMap({ Int32($0) }),
                  pid > 0, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            let folder = parent + "/" + name
            let lock = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard lock >= 0 else { continue }
            defer { close(lock) }
            guard flock(lock, LOCK_EX | LOCK_NB) == 0 else { continue }
            try? FileManager.default.removeItem(atPath: folder)
        }
    }
}
