import CLMDB

/// A handle to a named database inside an environment, opened once and valid while the environment is open.
public struct Database: Sendable, Hashable {
    /// LMDB's database index.
    public let dbi: MDB_dbi
    /// The database's name.
    public let name: String
}

/// Flags for a single put.
public struct PutOptions: OptionSet, Sendable {
    /// LMDB's `mdb_put` flag bits.
    public let rawValue: UInt32
    /// Options from LMDB's `mdb_put` flag bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The key is greater than every key in the database: LMDB appends without searching (`MDB_APPEND`).
    public static let append = PutOptions(rawValue: UInt32(MDB_APPEND))
    /// Fail with `MDB_KEYEXIST` instead of replacing an existing value (`MDB_NOOVERWRITE`).
    public static let noOverwrite = PutOptions(rawValue: UInt32(MDB_NOOVERWRITE))
}
