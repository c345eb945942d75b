import Foundation

/// What a `Permission denied` on a ledger says beyond LMDB's words: the file or folder in the way, whose it is, and what to do.
///
/// A ledger is meant for one OS user: its folder is made 0700 and its files 0600 whatever the
/// umask, so another user, or a group, may not use it. Run as another user (a cron job as root,
/// a service account), the bare `Permission denied` left the user to find whose the ledger was
/// (audit 115 F10).
enum AccessRefusal {
    /// `: its folder belongs to alice (uid 1001), and this user (bob, uid 1002) may not read it; …`, naming `thing` at `path`.
    ///
    /// `thing` is how the message names it (`its folder`, `its data.mdb`); `verb` what this user
    /// may not do (`read`, `enter`, `write in`). Empty when `path` cannot be looked at.
    static func said(_ thing: String, at path: String, mayNot verb: String) -> String {
        var status = stat()
        guard stat(path, &status) == 0 else { return "" }
        let me = "this user (\(userName(geteuid()).map { "\($0), " } ?? "")uid \(geteuid()))"
        guard status.st_uid != geteuid() else {
            return ": \(thing) belongs to \(me), but its permissions do not let this user \(verb) it; give them back (chmod u+rwX)"
        }
        let runAs = userName(status.st_uid) ?? "uid \(status.st_uid)"
        return ": \(thing) belongs to \(owner(status.st_uid)), and \(me) may not \(verb) it; a ledger is meant for one user: run invites as \(runAs), "
            + "or have \(runAs) change its permissions (chmod, chown)"
    }

    /// Whose the file or folder at `path` is: `alice (uid 1001)`, or `uid 1001, a user with no name here`; nil when it cannot be looked at.
    static func owner(of path: String) -> String? {
        var status = stat()
        return stat(path, &status) == 0 ? owner(status.st_uid) : nil
    }

    /// Whether this process's user owns `path` (false when it cannot be read).
    static func isOwnedByThisUser(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_uid == geteuid()
    }

    /// `alice (uid 1001)`, or `uid 1001, a user with no name here`.
    private static func owner(_ uid: uid_t) -> String {
        userName(uid).map { "\($0) (uid \(uid))" } ?? "uid \(uid), a user with no name here"
    }

    /// The first folder on the way to `path` (not `path` itself) that this user may not enter, or nil.
    static func unenterableFolder(on path: String) -> String? {
        var folder = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/").dropLast() {
            folder += "/" + part
            if access(folder, X_OK) != 0 { return folder.hasPrefix("./") ? String(folder.dropFirst(2)) : folder }
        }
        return nil
    }

    /// Why opening the ledger at `path` was denied, said after LMDB's `Permission denied`: what is in the way and whose it is.
    static func ofLedger(at path: String) -> String {
        if access(path, R_OK | X_OK) != 0 { return said("its folder", at: path, mayNot: "read") }
        let data = path + "/data.mdb"
        if access(data, R_OK) != 0 { return said("its data.mdb", at: data, mayNot: "read") }
        return said("its folder", at: path, mayNot: "write in")
    }

    /// The name of the user with id `uid`, or nil when none resolves (a container's uid with no entry in `/etc/passwd`).
    static func userName(_ uid: uid_t) -> String? {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &found) == 0, found != nil, let name = entry.pw_name else { return nil }
        return String(cString: name)
    }
}
