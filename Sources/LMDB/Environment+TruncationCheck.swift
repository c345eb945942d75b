import CLMDB
import Foundation

/// Telling a truncated data file from one whose unwritten tail holds only free pages, before any read maps past its end.
extension Environment {
    /// Refuses a data file shorter than its last committed transaction needs (`MDB_CORRUPTED`, "data.mdb is truncated").
    static func checkFileLength(_ env: OpaquePointer, path: String) throws(LMDBError) {
        var info = MDB_envinfo()
        var stat = MDB_stat()
        var descriptor: Int32 = -1
        try LMDBError.check(mdb_env_info(env, &info), "reading the environment's meta page")
        try LMDBError.check(mdb_env_stat(env, &stat), "reading the environment's page size")
        try LMDBError.check(mdb_env_get_fd(env, &descriptor), "reading the data file")
        var file = Foundation.stat()
        guard fstat(descriptor, &file) == 0 else { return }
        let needed = (Int64(info.me_last_pgno) + 1) * Int64(stat.ms_psize)
        if Int64(file.st_size) < needed {
            // LMDB leaves pages freed in the transaction that allocated them unwritten: a file ending
            // before them is whole (`UnwrittenTail`).
            let tail = UnwrittenTail(descriptor: descriptor, pageSize: Int(stat.ms_psize),
                                     pagesInFile: UInt64(file.st_size) / UInt64(stat.ms_psize))
            if tail.isFree(through: UInt64(info.me_last_pgno)) { return }
            throw LMDBError(code: MDB_CORRUPTED, context: "opening \(path)",
                            detail: "data.mdb is truncated: it has \(file.st_size) bytes, but its last committed transaction needs \(needed)")
        }
    }
}
