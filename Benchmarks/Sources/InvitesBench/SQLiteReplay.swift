import CSQLite
import Foundation
import Ledger

/// The SQLite peer of `invites rebuild`: replays its `events` table into the same three projections.
///
/// A full scan in position order decodes each event's JSON `body` (with the same JSON member
/// parser invites' importer uses), folds it in memory the same way (one fact per invitation,
/// each pair's latest), and writes fresh tables in key order in one durable transaction
/// (WAL, `synchronous=FULL`): the pending rows, the pairs, the sends, the pending counts and
/// one fact per invitation.
final class SQLiteReplay {
    private let db: OpaquePointer

    init(path: String) throws {
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else { throw SQLiteError(code: code, description: "opening \(path)") }
        db = handle
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                       "PRAGMA cache_size=-\(SQLiteEventStore.cacheKiB)", "PRAGMA temp_store=MEMORY"] {
            try exec(pragma)
        }
    }

    deinit { sqlite3_close_v2(db) }

    private func exec(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(db, sql, nil, nil, &message)
        if code != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "error \(code)"
            sqlite3_free(message)
            throw SQLiteError(code: code, description: "\(sql): \(text)")
        }
    }

    private struct Fact {
        var position: Int64
        var invitation: String
        var account: String
        var recipient: String
        var source: String
        var template: String?
        var hasNote: Bool
        var sentAt: Int64
        var status: Int64 = 0  // 0 pending, 1 accepted, 2 withdrawn, 3 expired
        var closedAt: Int64?
        var reminders: Int64 = 0
        var lastRemindedAt: Int64?
    }

    /// Replays every event; returns how many.
    func rebuild() throws -> Int {
        var facts: [Fact] = []
        var byInvitation: [String: Int] = [:]
        var count = 0
        let scan = try SQLiteStatement(db, "SELECT position, kind, invitation, account, recipient, at, body FROM events ORDER BY position")
        while try scan.step() {
            count += 1
            let body = UnsafeRawBufferPointer(start: sqlite3_column_blob(scan.handle, 6),
                                              count: Int(sqlite3_column_bytes(scan.handle, 6)))
            let members = try JSONLineParser.members(of: body)
            guard let kind = EventKind(rawValue: UInt8(scan.int64(1))) else { continue }
            let at = scan.int64(5)
            if kind == .sent {
                var source = ""
                var template: String?
                var hasNote = false
                for (key, value) in members {
                    guard case .string(let text) = value else { continue }
                    switch key {
                    case "source": source = text
                    case "template": template = text
                    case "note": hasNote = true
                    default: break
                    }
                }
                let invitation = scan.text(2)
                byInvitation[invitation] = facts.count
                facts.append(Fact(position: scan.int64(0), invitation: invitation, account: scan.text(3),
                                  recipient: scan.text(4), source: source, template: template, hasNote: hasNote, sentAt: at))
            } else {
                guard let index = byInvitation[scan.text(2)] else { continue }
                switch kind {
                case .reminded:
                    facts[index].reminders += 1
                    facts[index].lastRemindedAt = at
                case .accepted, .withdrawn, .expired:
                    facts[index].status = kind == .accepted ? 1 : kind == .withdrawn ? 2 : 3
                    facts[index].closedAt = at
                case .sent:
                    break
                }
            }
        }
        var latest: [String: Int] = [:]
        for (index, fact) in facts.enumerated() { latest[fact.account + "\u{0}" + fact.recipient] = index }

        try exec("BEGIN IMMEDIATE")
        do {
            try exec("""
                DROP TABLE IF EXISTS proj_pending; DROP TABLE IF EXISTS proj_pairs; DROP TABLE IF EXISTS proj_sends;
                DROP TABLE IF EXISTS proj_pending_counts; DROP TABLE IF EXISTS proj_facts;
                CREATE TABLE proj_pending(account TEXT, sent_at INTEGER, position INTEGER, invitation TEXT, recipient TEXT,
                  source TEXT, template TEXT, has_note INTEGER, reminders INTEGER, last_reminded_at INTEGER,
                  PRIMARY KEY(account, sent_at, position)) WITHOUT ROWID;
                CREATE TABLE proj_pairs(account TEXT, recipient TEXT, latest INTEGER, invitation TEXT, status INTEGER,
                  sent_at INTEGER, closed_at INTEGER, PRIMARY KEY(account, recipient)) WITHOUT ROWID;
                CREATE TABLE proj_sends(account TEXT, at INTEGER, position INTEGER, PRIMARY KEY(account, at, position)) WITHOUT ROWID;
                CREATE TABLE proj_pending_counts(account TEXT PRIMARY KEY, count INTEGER) WITHOUT ROWID;
                CREATE TABLE proj_facts(position INTEGER PRIMARY KEY, invitation TEXT, account TEXT, recipient TEXT,
                  source TEXT, template TEXT, has_note INTEGER, sent_at INTEGER, status INTEGER, closed_at INTEGER,
                  reminders INTEGER, last_reminded_at INTEGER);
                """)
            let byAccountTime = facts.indices.sorted {
                (facts[$0].account, facts[$0].sentAt, facts[$0].position) < (facts[$1].account, facts[$1].sentAt, facts[$1].position)
            }
            let pending = try SQLiteStatement(db, "INSERT INTO proj_pending VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
            let sends = try SQLiteStatement(db, "INSERT INTO proj_sends VALUES (?1, ?2, ?3)")
            var counts: [String: Int64] = [:]
            for index in byAccountTime {
                let fact = facts[index]
                sends.reset()
                sends.bind(1, fact.account); sends.bind(2, fact.sentAt); sends.bind(3, fact.position)
                _ = try sends.step()
                guard fact.status == 0 else { continue }
                counts[fact.account, default: 0] += 1
                pending.reset()
                pending.bind(1, fact.account); pending.bind(2, fact.sentAt); pending.bind(3, fact.position)
                pending.bind(4, fact.invitation); pending.bind(5, fact.recipient); pending.bind(6, fact.source)
                if let template = fact.template { pending.bind(7, template) }
                pending.bind(8, fact.hasNote ? 1 : 0); pending.bind(9, fact.reminders)
                if let last = fact.lastRemindedAt { pending.bind(10, last) }
                _ = try pending.step()
            }
            let pairs = try SQLiteStatement(db, "INSERT INTO proj_pairs VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            for (_, index) in latest.sorted(by: { $0.key < $1.key }) {
                let fact = facts[index]
                pairs.reset()
                pairs.bind(1, fact.account); pairs.bind(2, fact.recipient); pairs.bind(3, fact.position)
                pairs.bind(4, fact.invitation); pairs.bind(5, fact.status); pairs.bind(6, fact.sentAt)
                if let closed = fact.closedAt { pairs.bind(7, closed) }
                _ = try pairs.step()
            }
            let countRows = try SQLiteStatement(db, "INSERT INTO proj_pending_counts VALUES (?1, ?2)")
            for (account, count) in counts.sorted(by: { $0.key < $1.key }) {
                countRows.reset()
                countRows.bind(1, account); countRows.bind(2, count)
                _ = try countRows.step()
            }
            let factRows = try SQLiteStatement(db, "INSERT INTO proj_facts VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")
            for fact in facts {
                factRows.reset()
                factRows.bind(1, fact.position); factRows.bind(2, fact.invitation); factRows.bind(3, fact.account)
                factRows.bind(4, fact.recipient); factRows.bind(5, fact.source)
                if let template = fact.template { factRows.bind(6, template) }
                factRows.bind(7, fact.hasNote ? 1 : 0); factRows.bind(8, fact.sentAt); factRows.bind(9, fact.status)
                if let closed = fact.closedAt { factRows.bind(10, closed) }
                factRows.bind(11, fact.reminders)
                if let last = fact.lastRemindedAt { factRows.bind(12, last) }
                _ = try factRows.step()
            }
            try exec("COMMIT")
        } catch {
            try? exec("ROLLBACK")
            throw error
        }
        return count
    }
}
