import Foundation
import Ledger

/// A first import into a path where no ledger is yet: built beside the path, and moved there once committed.
///
/// A refused import then leaves nothing at `--db` (a failed batch writes nothing), where opening
/// the ledger in place would have left an empty one. The ledger is built in a hidden folder next
/// to the path, `.<name>.new-<pid>-<random>`, on the same file system, and renamed onto the path
/// when its batch commits: `rename(2)` is atomic, and it replaces at most an empty folder, which
/// no process holds a file in (an empty folder given as `--db`, made by `mktemp -d` say, is
/// replaced by the ledger's, with its permissions). When another process made a ledger at the
/// path meanwhile, the rename fails and the caller imports into that one instead, as if it had
/// been there from the start. A folder left by an import that was killed is removed by the next
/// import to the same path, once the process named in it is gone.
struct NewLedgerStaging {
    /// The `--db` path.
    let target: String
    /// The hidden folder the ledger is built in.
    let folder: String
    /// The permissions of the empty folder at `target`, which the ledger's folder takes; nil when `target` is missing.
    let mode: mode_t?

    /// A staging folder for `target`, or nil when `target` is anything but missing or an empty folder (the import then writes there in place).
    static func begin(for target: String) -> NewLedgerStaging? {
        // `.` and `..` cannot be renamed onto; such a path is written in place.
        guard let last = target.split(separator: "/").last, last != ".", last != ".." else { return nil }
        var status = stat()
        var mode: mode_t?
        if lstat(target, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR,
                  (try? FileManager.default.contentsOfDirectory(atPath: target))?.isEmpty == true else { return nil }
            mode = status.st_mode & 0o7777
        } else if errno != ENOENT {
            return nil
        }
        let url = URL(fileURLWithPath: target).standardized
        let parent = url.deletingLastPathComponent().path
        let prefix = "." + url.lastPathComponent + ".new-"
        removeAbandoned(in: parent, prefix: prefix)
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return NewLedgerStaging(target: target, folder: parent + "/" + prefix + "\(getpid())-" + suffix, mode: mode)
    }

    /// Creates and opens the ledger in the staging folder.
    func open() throws -> Ledger {
        do {
            let ledger = try Ledger.open(at: folder)
            if let mode { chmod(folder, mode) }
            return ledger
        } catch let error as LedgerError {
            discard()
            throw Failure("error", error.description)
        }
    }

    /// Moves the ledger to `target`; false when something is there by now.
    func moveIntoPlace() -> Bool {
        rename(folder, target) == 0
    }

    /// Removes the staging folder, if it is still there.
    func discard() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Removes the staging folders for the same path whose import process is gone.
    private static func removeAbandoned(in parent: String, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = name.dropFirst(prefix.count).split(separator: "-").first.flatMap({ Int32($0) }),
                  pid > 0, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: parent + "/" + name)
        }
    }
}
