import Foundation

extension Ledger {
    /// Why a file of the ledger folder at `path` cannot serve, or nil: a symbolic link to nothing, a FIFO, a socket, a device or a folder.
    ///
    /// LMDB opens `data.mdb` and `lock.mdb`, and the ledger its lock files, by name: through a
    /// symbolic link to nothing a write created a file wherever the link pointed, a FIFO opened to
    /// read waits for a writer that never comes, and a FIFO, socket or device read as a 0-byte
    /// file answered as an empty ledger (audit 115 F3). Looked at without opening anything; a
    /// symbolic link to a regular file serves as the file does.
    public static func unusableFile(at path: String) -> String? {
        for name in folderFileNames {
            // A lock file's link may lead to a file not made yet (`lock.mdb -> /dev/shm/…`, emptied at each boot): LMDB makes it (review 120).
            guard let kind = FolderFileKind.of(path + "/" + name), name == "data.mdb" || !kind.leadsNowhere else { continue }
            let remedy = name == "data.mdb"
                ? (kind.leadsNowhere ? "restore the file it leads to, or remove the link to start a new ledger there"
                                     : "restore data.mdb from a backup, or point --db at the ledger's folder")
                : "remove it (invites makes its lock files anew)"
            return "the ledger at \(path) cannot be opened: its \(name) \(kind.description), and nothing was "
                + (kind.leadsNowhere ? "created through it" : "read or written through it") + "; " + remedy
        }
        return nil
    }
}

/// What stands where a ledger's regular file should be, when it cannot serve as one.
private struct FolderFileKind: CustomStringConvertible {
    /// The symbolic link's target, when the name is one.
    let link: String?
    /// What the name leads to (`a FIFO (named pipe)`), or nil for a link that leads to no file.
    let target: String?

    /// Whether the name is a symbolic link that leads to no file: opening it to write would create one there.
    var leadsNowhere: Bool { target == nil }

    var description: String {
        guard let link else { return "is \(target ?? "no file"), not a regular file" }
        guard let target else { return "is a symbolic link to \(link), which leads to no file" }
        return "is a symbolic link to \(link), which is \(target), not a regular file"
    }

    /// What is at `path` when it is not a regular file (or a link to one) but is there or is a link; nil otherwise.
    ///
    /// A name that is missing, or cannot be looked at, is left to the ledger's other checks.
    static func of(_ path: String) -> FolderFileKind? {
        var own = stat()
        guard lstat(path, &own) == 0 else { return nil }
        let isLink = own.st_mode & S_IFMT == S_IFLNK
        let link = isLink ? (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?" : nil
        var followed = stat()
        guard stat(path, &followed) == 0 else {
            let reason = errno
            return isLink && (reason == ENOENT || reason == ENOTDIR) ? FolderFileKind(link: link, target: nil) : nil
        }
        guard let named = kindName(followed.st_mode) else { return nil }
        return FolderFileKind(link: link, target: named)
    }

    /// `a FIFO (named pipe)`, `a socket`, … for a mode that is not a regular file's; nil for a regular file.
    private static func kindName(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFDIR: return "a folder"
        default: return "not a file of any kind invites knows"
        }
    }
}
