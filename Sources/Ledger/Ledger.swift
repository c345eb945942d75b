import Foundation
import LMDB

/// The invitation ledger: an append-only, hash-chained event log in LMDB with the indexes its rules need.
///
/// ```swift
/// let ledger = try Ledger.open(at: "./invites-ledger")
/// let sent = ProposedEvent(kind: .sent, at: .now(), invitation: "inv-1", account: "acct-1",
///                          recipient: "linkedin.com/in/jane-doe")
/// let outcome = try ledger.append([sent])
/// let positions = try ledger.read { view in try view.positions(ofInvitation: "inv-1") }
/// ```
///
/// Only the ledger appends to the log. Reads are snapshots (`read`); one write transaction
/// holds each batch, so a batch is recorded whole or not at all (or, with
/// `BatchCommits.inChunks`, chunk by chunk in a ledger no other process can open yet).
public final class Ledger: @unchecked Sendable {
    /// The environment, shared with the projections.
    public let environment: Environment
    /// The directory holding the ledger.
    public let path: String

    let log: Database
    /// The width of the log's keys: 4 bytes, or 8 in a ledger created before (`LogKey`).
    let logKeyWidth: Int
    let ids: Database
    let invitations: Database
    let pairs: Database
    let chain: Database
    /// The stored Merkle nodes, keyed in completion order (`LedgerMerkleNodes.key`), in `merkle-nodes`.
    let merkle: Database
    let meta: Database
    let names: NameTable
    /// What `open` upgraded in a ledger an earlier build wrote (`the pairs index`, …); empty when nothing.
    ///
    /// Set while the ledger opens, before any other use. The command line says so once, since
    /// builds from before the format checks no longer use such a ledger correctly (audit 59 M1).
    public private(set) var upgrades: [String] = []

    /// Adds `what` to `upgrades`, once: a write run again after the map grew names it again.
    func noteUpgrade(_ what: String) {
        if !upgrades.contains(what) { upgrades.append(what) }
    }

    /// Chain hashes are stored for every position that is a multiple of this; others are recomputed.
    static let chainCheckpointInterval: UInt64 = 64
    /// Merkle nodes of this level and above are stored; lower ones are recomputed from at most 32 events.
    ///
    /// Recorded in `meta`; ledgers written with a lower one are migrated on open
    /// (`migrateLowestStoredMerkleLevel`).
    static let lowestStoredMerkleLevel = Int(MerkleStoredLevels.current.rawValue)

    /// How to open a ledger.
    public struct Options: Sendable {
        /// Create the directory and databases when missing (writes do; queries need not).
        public var create = true
        /// Skip fsync at commit: only for benchmarks and bulk loads a crash may lose.
        public var skipSync = false
        /// The initial map size.
        public var mapSize = 1 << 30
        /// Open read-only: nothing is written or created, and every write is refused.
        ///
        /// A ledger opened without `create` on a read-only file system, or whose `data.mdb` this
        /// user may read but not write (with a lock file it may write), is opened so anyway.
        public var readOnly = false
        /// The defaults: create when missing, synced commits, a 1 GiB initial map.
        public init() {}
    }

    private init(path: String, environment: Environment) throws {
        self.path = path
        self.environment = environment
        try Self.refuseAnotherProgramsDatabase(in: environment, at: path)
        log = try environment.openDatabase("log")
        logKeyWidth = try Self.keyWidth(of: log, in: environment)
        ids = try environment.openDatabase("ids")
        invitations = try environment.openDatabase("invitations")
        pairs = try environment.openDatabase("pairs")
        chain = try environment.openDatabase("chain")
        merkle = try environment.openDatabase("merkle-nodes")
        meta = try environment.openDatabase("meta")
        names = NameTable(byName: try environment.openDatabase("names"), byID: try environment.openDatabase("name-ids"))
    }

    /// Refuses an LMDB environment another program wrote: one whose main database holds entries but no `log`.
    ///
    /// Opening it as a ledger would create the ledger's databases in it, even for a read, and
    /// then answer as for an empty ledger (audit 68 F2). A new environment's main database is
    /// empty, and every ledger's holds `log`, the first database a ledger makes and commits.
    /// Both are read in one snapshot: read apart, a ledger another process creates between the
    /// two reads looked like another program's (review 69 M1). A plain value named `log` is
    /// another program's too (LMDB refuses it as a database: `MDB_INCOMPATIBLE`).
    private static func refuseAnotherProgramsDatabase(in environment: Environment, at path: String) throws {
        let entries = try environment.read { txn -> Int in
            do {
                if try txn.uncachedDatabase(named: "log") != nil { return 0 }
            } catch let error as LMDBError where error.isIncompatible {}
            return try txn.count(try txn.mainDatabase())
        }
        guard entries > 0 else { return }
        throw LedgerError("\(path) holds an LMDB database of another program (\(entries) \(entries == 1 ? "entry" : "entries"), no invites log), "
                          + "not an invites ledger: nothing was written to it; choose another --db")
    }

    /// Why a write may not open a ledger whose data.mdb this user may read but not write, and whether reads may.
    ///
    /// Reads work on it unless it cannot be read as it is: an earlier build wrote it, and its
    /// upgrade needs a write (audit 59 L1). A data.mdb of 0 bytes is read as an empty ledger
    /// without opening it (`LedgerOptions.openForReading`).
    private static func unwritableDataRefusal(_ path: String, options: Options) -> LedgerError {
        var reader = options
        (reader.readOnly, reader.create) = (true, false)
        let isEmptyFile = PathKind.of(path + "/data.mdb") == .file(size: 0)
        let readsWork = isEmptyFile ? .success(()) : Result { _ = try open(at: path, options: reader) }
        // Another user's ledger is named as such, with whose it is (audit 115 F10); this user's own read-only archive is not.
        var data = stat()
        let othersOwner = stat(path + "/data.mdb", &data) == 0 && data.st_uid != geteuid() ? AccessRefusal.owner(of: path + "/data.mdb") : nil
        let refusal = "cannot open the ledger at \(path) to write: this user may read its data.mdb but not write it"
        let whose = othersOwner.map { "; data.mdb belongs to \($0): a ledger is meant for one user, so write as that user" } ?? ""
        if case .failure(let readError) = readsWork {
            return LedgerError(refusal + "; nor may the commands that only read: \(readError)" + whose)
        }
        return LedgerError(refusal + " (the commands that only read work on it)" + whose)
    }

    /// Removes a folder made just now for a ledger that could not be set up (a disk that filled up during LMDB's set-up).
    ///
    /// Left there, its cut-short `data.mdb` would make the path "not an LMDB file" for every later
    /// command. Only LMDB's files of a set-up that never completed go: a `data.mdb` shorter than
    /// its two meta pages, which no ledger ever is; then the folder, if nothing else is in it.
    private static func takeBack(_ path: String) {
        var data = stat()
        if stat(path + "/data.mdb", &data) != 0 || data.st_size < 2 * 4096 {
            unlink(path + "/data.mdb")
            unlink(path + "/lock.mdb")
        }
        rmdir(path)
    }

    /// Called with a ledger's directory when a write to it must first wait for another process's write to end; set once, before any write.
    public static var onWaitingForAnotherWriter: (@Sendable (String) -> Void)? {
        get { Environment.onWaitingForAnotherWriter }
        set { Environment.onWaitingForAnotherWriter = newValue }
    }

    /// The files a ledger's folder holds, in one list for every command that looks for them or removes a staged ledger.
    ///
    /// LMDB's data and lock files, the writers' lock (`WriterAnnouncement`) and the projections'
    /// catch-up turn (`CatchUpTurn`), in that order; one list, so that those commands name the
    /// same files (audit 99 F3).
    public static let folderFileNames = ["data.mdb", "lock.mdb", "writer.lock", "catch-up.lock"]

    /// The folder `path` names its ledger in: the path as written up to its last `/` (`.` for none).
    ///
    /// As written: no `~` is expanded, as none is when the path is opened.
    public static func folder(holding path: String) -> String {
        pathParts(path).folder
    }

    /// `path` without its trailing `/`s (a lone `/` stays), and its split at the last `/`: the folder before it (`.` for none, `/` for the root) and the name after it.
    ///
    /// As written, as `folder(holding:)` is: one split for every command that names a path's
    /// folder or its last name, so that they agree on `a//`, `/` and `name`.
    public static func pathParts(_ path: String) -> (trimmed: Substring, folder: String, name: Substring) {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return (trimmed, ".", trimmed) }
        return (trimmed, slash == trimmed.startIndex ? "/" : String(trimmed[..<slash]), trimmed[trimmed.index(after: slash)...])
    }

    /// A sentence for a path that begins with a `~` no shell expanded (`--db=~/x`, an env file), or "".
    ///
    /// The ledger opens paths as written, so `~/x` is a folder named `~` in the working directory.
    static func unexpandedTilde(_ path: String) -> String {
        guard path.hasPrefix("~") else { return "" }
        return "; no shell expanded its ~ (as in --db=~/x or a file of settings), and invites does not: "
            + "write the home folder's path (--db ~/x, or $HOME/x)"
    }

    /// Why the ledger folder at `path` has lost its data, or nil: `data.mdb` missing or empty (0 bytes) beside a `writer.lock`.
    ///
    /// LMDB writes `data.mdb`'s first pages when the environment is created, and `writer.lock`
    /// appears with the first write after that, so the two together mean the data file was deleted
    /// or emptied: read as empty, the ledger's history would vanish in silence, and the next write
    /// would start a new log in its place (audit 80 F2).
    public static func lostDataFile(at path: String) -> String? {
        guard PathKind.of(path + "/writer.lock") != .missing else { return nil }
        let state: String
        switch PathKind.of(path + "/data.mdb") {
        case .missing: state = "is missing"
        case .file(size: 0): state = "is empty (0 bytes)"
        default: return nil
        }
        return "the ledger at \(path) has lost its data: its data.mdb \(state), though writer.lock shows events were written there; "
            + "restore data.mdb from a backup, or remove the folder to start a new ledger there"
    }

    /// Opens the ledger in directory `path`, creating it when `options.create` is set.
    ///
    /// A ledger an earlier build wrote is migrated here, whatever the command: Merkle nodes kept in
    /// the legacy `merkle` database (`migrateLegacyMerkleNodes`), or stored from a lower level than
    /// this build's (`migrateLowestStoredMerkleLevel`), a pairs index that keys recipients in full
    /// (`migratePairKeys`), and ids and invitations indexes keyed by text (`migrateIndexKeys`).
    public static func open(at path: String, options: Options = Options()) throws -> Ledger {
        // A ledger this user may not look at (a parent folder it may not enter, a symlink loop) is not a missing one (audit 68 F1).
        let kind = PathKind.of(path)
        if case .unreadable(let reason) = kind {
            let blocking = reason == EACCES ? AccessRefusal.unenterableFolder(on: path) : nil
            let said = blocking.map { AccessRefusal.said("\($0), a folder on its path,", at: $0, mayNot: "enter") } ?? ""
            throw LedgerError("cannot open the ledger at \(path): \(String(cString: strerror(reason)))"
                              + (said.isEmpty && reason == EACCES ? " (this user may not enter a folder on its path)" : said))
        }
        if case .file = kind {
            throw LedgerError("\(path) is a file, not a ledger directory")
        }
        var created = false
        if kind == .missing {
            let folder = Self.folder(holding: path)
            let folderIsMissing = PathKind.of(folder) == .missing
            guard options.create else {
                throw LedgerError(folderIsMissing ? "no ledger at \(path), and its folder \(folder) does not exist either (is --db or $INVITES_DB right?)"
                                                      + unexpandedTilde(path)
                                                  : "no ledger at \(path) (record or import events first)")
            }
            if mkdir(path, 0o700) == 0 {
                created = true
            } else {
                let reason = errno
                // Another process may have created it a moment ago (two imports starting on a new ledger).
                guard PathKind.of(path) == .directory else {
                    // A symbolic link to nothing "exists" for mkdir (EEXIST) but not for stat: name where it points (audit 54 L2).
                    if reason == EEXIST, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                        throw LedgerError("cannot create the ledger directory \(path): it is a symbolic link to \(target), which leads "
                            + "to no folder (create the folder it leads to, or point --db elsewhere)")
                    }
                    throw LedgerError("cannot create the ledger directory \(path): " + (reason == ENOENT
                        ? "its folder \(folder) does not exist (create it first, or check --db)" + unexpandedTilde(path)
                        : String(cString: strerror(reason))
                            + (reason == EACCES ? AccessRefusal.said("its folder \(folder)", at: folder, mayNot: "write in") : "")))
                }
            }
        }
        // Before LMDB opens them: a FIFO would hang a reader, a link to nothing would be written through (audit 115 F3).
        if let unusable = unusableFile(at: path) { throw LedgerError(unusable) }
        if let lost = lostDataFile(at: path) { throw LedgerError(lost) }
        var configuration = Environment.Configuration()
        configuration.skipSync = options.skipSync
        configuration.mapSize = options.mapSize
        configuration.readOnly = options.readOnly
        // A reader (no `create`) that may not write is opened read-only instead.
        let mayOpenReadOnly = !options.create && !options.readOnly
        func openReadOnly() throws -> Ledger {
            var readOnly = options
            readOnly.readOnly = true
            return try open(at: path, options: readOnly)
        }
        let environment: Environment
        do {
            environment = try Environment(path: path, configuration: configuration)
        } catch where error.isReadOnlyRefusal && mayOpenReadOnly {
            // A read-only file system (an archived copy, a volume mounted read-only): read without writing.
            return try openReadOnly()
        } catch where (error.code == EACCES || error.code == EPERM) && access(path + "/data.mdb", R_OK) == 0 {
            let lock = path + "/lock.mdb"
            guard access(lock, W_OK) == 0 || (access(lock, F_OK) != 0 && access(path, W_OK) == 0) else {
                // The data is readable, the lock file is not writable: LMDB needs it even to read.
                let inTheWay = access(lock, F_OK) == 0 ? lock : path
                let owner = AccessRefusal.owner(of: inTheWay).map { ", \($0)," } ?? ""
                // Its owner only needs to let itself write (audit 127: "run as the owner" was said to the owner).
                let remedy = AccessRefusal.isOwnedByThisUser(inTheWay) ? "give this user write access to it (chmod u+w \(inTheWay))"
                                                                       : "run as the ledger's owner\(owner)"
                throw LedgerError("cannot open the ledger at \(path): \(error.message): LMDB must write its lock file (\(path)/lock.mdb) even to "
                    + "read, and this user may not; \(remedy) or copy the folder somewhere this user may write")
            }
            // Only data.mdb is read-only (an archive protected by its files' modes): a reader reads it read-only.
            if mayOpenReadOnly { return try openReadOnly() }
            throw unwritableDataRefusal(path, options: options)
        } catch {
            if created { takeBack(path) }
            // LMDB maps the file into the address space whole: a low `ulimit -v` refuses that (audit 68 F3).
            let hint = error.code == ENOMEM
                ? " (LMDB maps the ledger into \(configuration.mapSize >> 20) MiB of address space or more, its file's size when larger"
                    + (Environment.softLimit(RLIMIT_AS).map { "; this process may use \($0 >> 20) MiB (ulimit -v)" } ?? "") + ")"
                : ""
            // Whose the ledger is, and what to do: run as another user, LMDB says only `Permission denied` (audit 115 F10).
            let access = error.code == EACCES ? AccessRefusal.ofLedger(at: path) : ""
            throw LedgerError("cannot open the ledger at \(path): \(error.message)" + hint + access)
        }
        do {
            let ledger = try Ledger(path: path, environment: environment)
            try ledger.migrateLegacyMerkleNodes()
            try ledger.migrateLowestStoredMerkleLevel()
            try ledger.migratePairKeys()
            try ledger.migrateIndexKeys()
            return ledger
        } catch let error as LMDBError where error.isReadOnlyRefusal && environment.isReadOnly {
            throw LedgerError("the ledger at \(path) was written by an earlier build of invites and must be upgraded once, which writes to it, but it is open read-only: copy the folder somewhere writable and run any command there")
        }
    }

    /// The width of the keys stored in `log`: that of its first key, or `LogKey.currentWidth` when it is empty.
    private static func keyWidth(of log: Database, in environment: Environment) throws -> Int {
        let first = try environment.read { txn in try txn.withCursor(log) { cursor in try cursor.first()?.key.count } }
        guard let first else { return LogKey.currentWidth }
        guard LogKey.readableWidths.contains(first) else {
            // No build wrote keys past 8 bytes: such a width is a damaged page more likely than a newer format (audit 93 N1).
            throw LedgerError("the log's keys are \(first) bytes long; this build reads \(LogKey.readableWidths.map(String.init).joined(separator: " or ")): "
                + "not a ledger it can open (written by a newer build, or its data file is damaged: then restore data.mdb from a "
                + "backup, or import an export into a fresh ledger)")
        }
        return first
    }

    /// The log's key for `position`, or nil when the position cannot be stored in this log.
    func logKey(_ position: UInt64) -> LogKey? {
        LogKey(position, width: logKeyWidth)
    }

    /// Runs `body` on a consistent snapshot of the ledger.
    public func read<R>(_ body: (LedgerView) throws -> R) throws -> R {
        try environment.read { txn in try body(LedgerView(ledger: self, txn: txn)) }
    }

    /// The policy kept with the ledger.
    public func policy() throws -> Policy {
        try read { view in try view.policy() }
    }

    /// Replaces the policy kept with the ledger.
    public func setPolicy(_ policy: Policy) throws {
        try changePolicy(setting: Set(Policy.keys)) { $0 = policy }
    }

    /// Reads the policy, applies `change` and stores the result, in one write transaction; returns the policy stored.
    ///
    /// Two `policy --set` of different keys at once each keep the other's change: read in a
    /// transaction of its own, the policy written back whole by the later one undid the earlier
    /// one's, though both had said it was saved (audit 54 H1). `change` may run more than once
    /// (after the map grows), each time on the policy as stored.
    ///
    /// `keys` are those `change` sets. A stored value that does not read (damage) must be one of
    /// them: written back as its default, it would silently change what `send` enforces.
    @discardableResult
    public func changePolicy(setting keys: Set<String>, _ change: (inout Policy) throws -> Void) throws -> Policy {
        try environment.write { txn in
            var damaged: [String] = []
            var policy = try txn.get(MetaKey.policy, in: meta).map { Policy(stored: String(decoding: $0, as: UTF8.self), damaged: &damaged) }
                ?? Policy()
            let left = damaged.filter { Policy.keys.contains($0) && !keys.contains($0) }
            if !left.isEmpty {
                throw StorageError("the stored policy is damaged (\(left.joined(separator: ", ")) \(left.count == 1 ? "does" : "do") not read); "
                    + "set \(left.count == 1 ? "it" : "them") too: add \(left.map { "`--set \($0)=VALUE`" }.joined(separator: " ")) to the command")
            }
            try change(&policy)
            try txn.put(Array(policy.stored.utf8), forKey: MetaKey.policy, in: meta)
            return policy
        }
    }
}

/// A failure of the ledger as a whole (not of one event): a bad path, a damaged file.
public struct LedgerError: Error, CustomStringConvertible, Sendable {
    /// What failed, naming the path or file concerned.
    public let description: String
    /// A ledger failure described by `description`.
    public init(_ description: String) { self.description = description }
}
