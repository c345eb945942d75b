#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat` finds at a path, following symbolic links: the one reading of a ledger's path and its files.
///
/// Only "no such file" (or a non-folder on the way) is missing. `FileManager.fileExists` says
/// false for every failure, so a path this user may not look at (a parent folder it may not
/// enter, a symlink loop) read as missing, and a ledger there as empty (audit 68 F1).
public enum PathKind: Equatable, Sendable {
    /// A folder.
    case directory
    /// Anything else that exists, with its size in bytes.
    case file(size: Int64)
    /// Nothing there (`ENOENT`, or `ENOTDIR`: a file where a folder of the path should be).
    case missing
    /// It cannot be looked at: `stat` failed with this `errno` (`EACCES`, `ELOOP`, …).
    case unreadable(errno: Int32)

    /// What is at `path`.
    public static func of(_ path: String) -> PathKind {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno
            return reason == ENOENT || reason == ENOTDIR ? .missing : .unreadable(errno: reason)
        }
        return info.st_mode & S_IFMT == S_IFDIR ? .directory : .file(size: Int64(info.st_size))
    }
}
