import Foundation

/// The process's working directory, as a relative ledger path is read from it.
///
/// A shell left in a folder that was then removed (`rmdir` from another terminal, a build that
/// wiped its output folder) still runs commands there, but no relative path leads anywhere: a
/// write said `its folder . does not exist`, and a query answered as for an empty ledger (audit 115 F1).
enum WorkingFolder {
    /// Whether the working directory no longer exists: `getcwd` fails with `ENOENT` once it was removed.
    static var wasRemoved: Bool {
        guard let current = getcwd(nil, 0) else { return errno == ENOENT }
        free(current)
        return false
    }

    /// Why the relative ledger path `path` leads nowhere, or nil: an absolute path, or a working directory that exists.
    static func refusal(for path: String) -> String? {
        guard !path.hasPrefix("/"), wasRemoved else { return nil }
        // The shell's `$PWD` still names the folder it was: the user knows it by that name.
        let was = ProcessInfo.processInfo.environment["PWD"].flatMap { $0.hasPrefix("/") ? " (\($0), as $PWD says)" : nil } ?? ""
        return "the working directory was removed\(was), so the relative ledger path \(path) leads to no folder and nothing was "
            + "read or written: cd to an existing folder or give --db an absolute path"
    }
}
