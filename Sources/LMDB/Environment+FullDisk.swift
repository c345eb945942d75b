import CLMDB
import Foundation

/// Making sure a full disk fails an open with an error, not with SIGBUS through a page of the lock file with no block behind it.
extension Environment {
    /// Refuses to set up a new environment (no `lock.mdb` yet) on a disk with almost no room left.
    ///
    /// LMDB writes its lock file through a memory map, and on a full disk a write to a page of a
    /// mapping with no block behind it kills the process (SIGBUS) instead of failing. A disk with
    /// less than `leastRoomForNewEnvironment` free is refused with an error first; the room is
    /// what a new ledger's first writes take (the lock file, the meta pages, a first batch). An
    /// existing lock file is given its blocks before it is mapped (`allocateLockFile`).
    static func refuseNewEnvironmentOnAFullDisk(in path: String) throws(LMDBError) {
        guard access(path + "/lock.mdb", F_OK) != 0 else { return }
        var disk = statvfs()
        guard statvfs(path, &disk) == 0 else { return }
        // Root may use the blocks a file system keeps back from other users.
        let free = UInt64(geteuid() == 0 ? disk.f_bfree : disk.f_bavail) * UInt64(disk.f_frsize)
        guard free < leastRoomForNewEnvironment else { return }
        throw LMDBError(code: ENOSPC, context: "creating \(path)/lock.mdb",
                        detail: "the disk is full: \(free / 1024) KiB free, and a new ledger needs \(leastRoomForNewEnvironment / 1024) KiB")
    }

    /// Gives `lock.mdb` a block behind each of its pages, when some have none, before LMDB maps it.
    ///
    /// Safe only because a process opens an environment once at a time (LMDB's own rule, which
    /// `log --follow` keeps when it moves to a replaced ledger): this process then holds no
    /// `fcntl` lock on the file that closing this descriptor could drop. A `lock.mdb` that is a
    /// symbolic link (to `/dev/shm`, say) is left as it is (`O_NOFOLLOW`). Linux only.
    ///
    /// LMDB sizes the lock file for every reader slot with `ftruncate`, which leaves it sparse:
    /// only the pages written so far have blocks. On a full disk, a process whose slot falls on a
    /// page with none dies of SIGBUS when it first writes there (audit 137: 51 of 120 `export`s
    /// at once on a full tmpfs). With `fallocate(2)`, which changes no byte; best effort: a read-only file system, a full disk or
    /// a file system without it leave the file as it is. A new ledger's lock file is allocated by
    /// the next process that opens it.
    static func allocateLockFile(in path: String) {
        #if os(Linux)
        let descriptor = open(path + "/lock.mdb", O_RDWR | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var file = stat()
        guard fstat(descriptor, &file) == 0, (file.st_mode & S_IFMT) == S_IFREG, Int64(file.st_blocks) * 512 < Int64(file.st_size) else { return }
        _ = fallocate(descriptor, 0, 0, file.st_size)
        #endif
    }

    /// The least free space a new environment is set up on (`refuseNewEnvironmentOnAFullDisk`).
    static let leastRoomForNewEnvironment: UInt64 = 256 * 1024
}
