import Foundation

/// Which file a ledger's `data.mdb` is (its device and inode), so a follower can tell that the ledger at its path went away or was replaced.
///
/// A process that has the data file open keeps reading it after it is deleted (or renamed
/// over), and would follow a ledger no one can write any more.
struct LedgerFileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64

    /// The identity of the data file of the ledger at `path`, or nil when there is none.
    init?(ledgerAt path: String) {
        var file = stat()
        guard stat(path + "/data.mdb", &file) == 0 else { return nil }
        device = UInt64(file.st_dev)
        inode = UInt64(file.st_ino)
    }
}
