import LMDB
import Ledger

/// A read model fed only from the log: a name, a version, the databases it owns, and how it applies one event.
///
/// A projection's state lives in its own named databases, one set per generation (`g0`,
/// `g1`); the runner keeps which generation is active and the checkpoint (last applied
/// position) in the same write transaction that changes the state.
public protocol Projection: Sendable {
    /// The name users see (`status`, `rebuild NAME`).
    static var name: String { get }
    /// The state's format version; a stored projection of another version is rebuilt.
    static var version: UInt32 { get }
    /// The databases of one generation, by role (the runner adds the prefix and generation).
    static var databaseRoles: [String] { get }

    /// A projection over one generation's databases, in `databaseRoles` order.
    init(databases: [Database])

    /// The databases of this generation.
    var databases: [Database] { get }

    /// Applies one event in place; `sent` is the invitation's `sent` record (the event itself for a `sent`).
    func apply(_ record: EventRecord, sent: EventRecord, txn: Transaction) throws

    /// The whole state of `fold`, as each database's entries in key order, for this generation's empty databases.
    func freshEntries(_ fold: InvitationFold) -> [FreshEntries]
}

/// One database's entries in key order, made one at a time as a rebuild appends them.
///
/// A rebuild appends them (`MDB_APPEND`) in batches of bounded size, one write transaction
/// each, so its memory does not grow with the number of entries.
public struct FreshEntries {
    let database: Database
    let count: Int
    /// For a database of blocks, the members of one stored entry, each as bytes: the unit `verify --projections`
    /// compares, since catch-up and a rebuild cut the same members into blocks differently. nil: the entry is the unit.
    var members: ((UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> [[UInt8]])? = nil
    /// Writes entry `index`'s key and value into the two (emptied) writers.
    let entry: (Int, inout StateWriter, inout StateWriter) -> Void
}

extension Projection {
    /// The LMDB name of a role's database in a generation: `proj.pending.rows.g1`.
    static func databaseName(role: String, generation: UInt8) -> String {
        "proj.\(name).\(role).g\(generation)"
    }
}

/// Key of a per-account, time-ordered entry, as an array (`StateWriter.accountTime` lays it out).
func accountTimeKey(_ accountID: UInt32, _ time: Timestamp, _ position: UInt64) -> [UInt8] {
    var out = StateWriter(capacity: 20)
    out.accountTime(accountID, time, position)
    return out.bytes
}

/// Key of a per-account entry: account (4).
func accountKey(_ accountID: UInt32) -> [UInt8] {
    var out = StateWriter(capacity: 4)
    out.uint32(accountID)
    return out.bytes
}
