import Foundation

/// Gives a file root made in another user's ledger folder to that folder's owner.
///
/// A command run as root (a cron job, `sudo`) on a ledger another user owns would otherwise
/// leave `writer.lock`, `catch-up.lock` or a re-made `lock.mdb` owned by root with mode 0600 in
/// that user's folder (audit 137), which the owner could then not open: LMDB needs to write
/// `lock.mdb` even to read. Only root may and need do this; a file already owned by someone
/// other than root is left as it is.
public enum FolderOwner {
    /// Hands `file` (opened as `descriptor`, or by path when nil) to the owner of `folder`, when this process is root and root owns it.
    public static func adopt(_ file: String, descriptor: Int32? = nil, in folder: String) {
        guard geteuid() == 0 else { return }
        var owner = stat()
        var current = stat()
        guard stat(folder, &owner) == 0, owner.st_uid != 0 else { return }
        let read = descriptor.map { fstat($0, &current) } ?? lstat(file, &current)
        guard read == 0, current.st_uid == 0, (current.st_mode & S_IFMT) == S_IFREG else { return }
        _ = descriptor.map { fchown($0, owner.st_uid, owner.st_gid) } ?? chown(file, owner.st_uid, owner.st_gid)
    }
}
