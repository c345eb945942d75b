import CSQLite
import Foundation
import Ledger

/// SQLite's "copy the bytes now" destructor, a macro Swift does not import.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A failed SQLite call, with its result code and SQLite's message.
struct SQLiteError: Error, CustomStringConvertible {
    let code: Int32
    let description: String
}

/// A prepared statement, reset and re-bound for each use.
final class SQLiteStatement {
    let handle: OpaquePointer
    private let db: OpaquePointer

    init(_ db: OpaquePointer, _ sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw SQLiteError(code: code, description: "preparing \(sql): \(String(cString: sqlite3_errmsg(db)))")
        }
        self.db = db
        handle = statement
    }

    deinit { sqlite3_finalize(handle) }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ index: Int32, _ text: String) { sqlite3_bind_text(handle, index, text, -1, transient) }
    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }

    /// Steps once: true when a row is ready, false when done.
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        throw SQLiteError(code: code, description: String(cString: sqlite3_errmsg(db)))
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        return String(cString: bytes)
    }
}

/// The SQLite peer: the same events in one WAL-mode table, validated with the same
/// `EventParser` and a minimal lifecycle check of equal work (index look-ups of the
/// event id, the invitation and the pair's latest event).
///
/// One table holds each event as its JSON text (the same canonical JSON the invites chain
/// hashes), with the columns its indexes need: id (unique), invitation, pair (account,
/// recipient). Commits are durable: WAL with `synchronous=FULL` syncs the WAL at each commit.
final class SQLiteEventStore {
    let path: String
    private let db: OpaquePointer
    private let insert: SQLiteStatement
    private let positionOfID: SQLiteStatement
    private let sentOfInvitation: SQLiteStatement
    private let latestOfPair: SQLiteStatement
    private(set) var position: Int64 = 0
    private var json: [UInt8] = []
    /// The default policy's `note_limit`, which the ledger checks too.
    private let noteLimit = Policy().noteLimit

    /// The page cache SQLite gets, in KiB (its default is 2 MiB, which starves a million-row index).
    static let cacheKiB = 65_536

    init(path: String) throws {
        self.path = path
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else { throw SQLiteError(code: code, description: "opening \(path)") }
        db = handle
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                       "PRAGMA cache_size=-\(Self.cacheKiB)", "PRAGMA temp_store=MEMORY"] {
            try Self.exec(handle, pragma)
        }
        try Self.exec(handle, """
            CREATE TABLE IF NOT EXISTS events(
              position INTEGER PRIMARY KEY,
              id TEXT NOT NULL UNIQUE,
              invitation TEXT NOT NULL,
              account TEXT NOT NULL,
              recipient TEXT NOT NULL,
              kind INTEGER NOT NULL,
              at INTEGER NOT NULL,
              body TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS events_invitation ON events(invitation);
            CREATE INDEX IF NOT EXISTS events_pair ON events(account, recipient);
            """)
        insert = try SQLiteStatement(handle, "INSERT INTO events(position, id, invitation, account, recipient, kind, at, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
        positionOfID = try SQLiteStatement(handle, "SELECT position FROM events WHERE id = ?1")
        sentOfInvitation = try SQLiteStatement(handle, "SELECT account, recipient FROM events WHERE invitation = ?1 ORDER BY position LIMIT 1")
        latestOfPair = try SQLiteStatement(handle, "SELECT kind, at, invitation FROM events WHERE account = ?1 AND recipient = ?2 ORDER BY position DESC LIMIT 1")
        let last = try SQLiteStatement(handle, "SELECT COALESCE(MAX(position), 0) FROM events")
        if try last.step() { position = last.int64(0) }
        json.reserveCapacity(512)
    }

    deinit {
        sqlite3_close_v2(db)
    }

    private static func exec(_ db: OpaquePointer, _ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(db, sql, nil, nil, &message)
        if code != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "error \(code)"
            sqlite3_free(message)
            throw SQLiteError(code: code, description: "\(sql): \(text)")
        }
    }

    func exec(_ sql: String) throws { try Self.exec(db, sql) }

    /// Runs `body` in one transaction, committed (and synced) when it returns, rolled back when it throws.
    func transaction(_ body: () throws -> Void) throws {
        try exec("BEGIN IMMEDIATE")
        do {
            try body()
            try exec("COMMIT")
        } catch {
            try? exec("ROLLBACK")
            throw error
        }
    }

    private struct PairLatest {
        var kind: EventKind
        var at: Int64
        var invitation: String
    }

    private func latest(account: String, recipient: String) throws -> PairLatest? {
        latestOfPair.reset()
        latestOfPair.bind(1, account)
        latestOfPair.bind(2, recipient)
        guard try latestOfPair.step() else { return nil }
        return PairLatest(kind: EventKind(rawValue: UInt8(latestOfPair.int64(0))) ?? .sent,
                          at: latestOfPair.int64(1), invitation: latestOfPair.text(2))
    }

    /// Checks `proposed` against the lifecycle rules by index look-ups and inserts it; throws its `Rejection`.
    /// Returns false for a duplicate (an id already recorded), which is skipped.
    @discardableResult
    func add(_ proposed: ProposedEvent, recordedAt: Timestamp) throws -> Bool {
        if let id = proposed.id {
            positionOfID.reset()
            positionOfID.bind(1, id)
            if try positionOfID.step() { return false }
        }
        // The ledger's note_limit check, at the same place: after the duplicate check.
        if let problem = EventValidation.noteProblem(proposed, noteLimit: noteLimit) {
            throw Rejection(.invalidEvent, "\(proposed.subject): \(problem)")
        }
        let next = position + 1
        let invitation: String
        let account: String
        let recipient: String
        let at = proposed.at.milliseconds
        if proposed.kind == .sent {
            guard let givenAccount = proposed.account, let givenRecipient = proposed.recipient else {
                throw Rejection(.invalidEvent, "\(proposed.subject): a sent needs account and recipient")
            }
            account = givenAccount
            recipient = givenRecipient
            if let given = proposed.invitation {
                sentOfInvitation.reset()
                sentOfInvitation.bind(1, given)
                if try sentOfInvitation.step() { throw Rejection(.duplicateInvitation, "invitation \(given) was already sent") }
                invitation = given
            } else {
                invitation = "inv-\(next)"
            }
            if let pair = try latest(account: account, recipient: recipient) {
                if pair.kind == .accepted { throw Rejection(.alreadyConnected, "pair \(account) → \(recipient) is connected") }
                if !pair.kind.closes { throw Rejection(.alreadyPending, "pair \(account) → \(recipient) already has \(pair.invitation) pending") }
                if pair.at > at { throw Rejection(.outOfOrder, "pair \(account) → \(recipient): out of order") }
            }
        } else {
            if let given = proposed.invitation {
                sentOfInvitation.reset()
                sentOfInvitation.bind(1, given)
                guard try sentOfInvitation.step() else { throw Rejection(.unknownInvitation, "invitation \(given) was never sent") }
                account = sentOfInvitation.text(0)
                recipient = sentOfInvitation.text(1)
                if let other = proposed.account, other != account { throw Rejection(.invalidEvent, "invitation \(given) belongs to \(account)") }
                if let other = proposed.recipient, other != recipient { throw Rejection(.invalidEvent, "invitation \(given) was sent to \(recipient)") }
                guard let pair = try latest(account: account, recipient: recipient) else {
                    throw Rejection(.unknownInvitation, "invitation \(given) has no pair")
                }
                if pair.invitation != given || pair.kind.closes { throw Rejection(.alreadyClosed, "invitation \(given) is already closed") }
                if pair.at > at { throw Rejection(.outOfOrder, "invitation \(given): out of order") }
                invitation = given
            } else {
                guard let givenAccount = proposed.account, let givenRecipient = proposed.recipient else {
                    throw Rejection(.invalidEvent, "\(proposed.subject): name the invitation, or account and recipient")
                }
                account = givenAccount
                recipient = givenRecipient
                guard let pair = try latest(account: account, recipient: recipient) else {
                    throw Rejection(.unknownInvitation, "pair \(account) → \(recipient) was never invited")
                }
                if pair.kind.closes { throw Rejection(.alreadyClosed, "pair \(account) → \(recipient): latest invitation is closed") }
                if pair.at > at { throw Rejection(.outOfOrder, "pair \(account) → \(recipient): out of order") }
                invitation = pair.invitation
            }
        }
        let id = proposed.id ?? "ev-\(next)"
        let event = Event(kind: proposed.kind, id: id, at: proposed.at, invitation: invitation, account: account,
                          recipient: recipient, source: proposed.kind == .sent ? proposed.source : nil,
                          note: proposed.note, template: proposed.template, reason: proposed.reason, by: proposed.by,
                          position: UInt64(next), recordedAt: recordedAt)
        json.removeAll(keepingCapacity: true)
        event.canonicalJSON(into: &json)
        insert.reset()
        insert.bind(1, next)
        insert.bind(2, id)
        insert.bind(3, invitation)
        insert.bind(4, account)
        insert.bind(5, recipient)
        insert.bind(6, Int64(proposed.kind.rawValue))
        insert.bind(7, at)
        json.withUnsafeBufferPointer { bytes in
            // An empty array has no base address; an event's JSON is never empty, but bind "" rather than crash.
            guard let base = bytes.baseAddress else {
                _ = sqlite3_bind_text(insert.handle, 8, "", 0, transient)
                return
            }
            _ = sqlite3_bind_text(insert.handle, 8, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
                                  Int32(bytes.count), transient)
        }
        _ = try insert.step()
        position = next
        return true
    }

    /// Moves the WAL into the database file, so its size on disk is the data's.
    func checkpoint() throws {
        // A statement left on a row holds a read lock that would block the checkpoint.
        for statement in [insert, positionOfID, sentOfInvitation, latestOfPair] { statement.reset() }
        try exec("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    /// Bytes of the database file plus its WAL.
    var bytesOnDisk: Int {
        [path, path + "-wal"].reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)??.intValue ?? 0
            return total + size
        }
    }
}
