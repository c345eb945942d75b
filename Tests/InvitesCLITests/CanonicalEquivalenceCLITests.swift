import Foundation
import Testing

// NFC "jos\u{E9}" and NFD "jose\u{301}" are one string to Swift's `==` but two names to the
// ledger (it compares bytes, SPEC lists no Unicode normalisation). Every expectation here
// compares bytes (`utf8`), never `String`s, which would take the two spellings as one.

private let nfc = "jos\u{E9}"
private let nfd = "jose\u{301}"

/// A JSON string value's bytes (nil for null or absent).
private func utf8(_ value: Any?) -> [UInt8]? { (value as? String).map { Array($0.utf8) } }

/// One JSON line of an event; nil fields are left out.
private func line(_ fields: [String: String?]) throws -> String {
    let data = try JSONSerialization.data(withJSONObject: fields.compactMapValues { $0 }, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}

/// A ledger written by two processes, the second meeting the NFC spelling of each name before the NFD one:
/// i1 NFC → r-b (pending), i2 NFC → r-a (accepted), i3 NFD → r-b (withdrawn), i4 NFD → r-a (pending),
/// i5 NFC → recipient spelled NFC, i6 NFC → recipient spelled NFD (both pending).
private func seed(_ db: String) throws {
    func sent(_ invitation: String, _ account: String, _ recipient: String, _ day: Int,
              source: String? = nil, template: String? = nil, note: String? = nil) throws -> String {
        try line(["type": "sent", "invitation": invitation, "account": account, "recipient": recipient,
                  "at": "2026-01-0\(day)T00:00:00Z", "source": source, "template": template, "note": note])
    }
    let first = try sent("i1", nfc, "r-b", 1, source: nfc, template: nfc, note: nfc)
    var result = try invites(["import", "-", "--db", db], input: first + "\n")
    #expect(result.status == 0, "\(result.stderr)")
    let second = [
        try sent("i2", nfc, "r-a", 2, source: nfc, template: nfc),
        try sent("i3", nfd, "r-b", 3, source: nfd, template: nfd, note: nfd),
        try sent("i4", nfd, "r-a", 4, source: nfd),
        try line(["type": "accepted", "account": nfc, "recipient": "r-a", "at": "2026-01-05T00:00:00Z"]),
        try line(["type": "withdrawn", "account": nfd, "recipient": "r-b", "at": "2026-01-05T01:00:00Z"]),
        try sent("i5", nfc, nfc, 6),
        try sent("i6", nfc, nfd, 7),
    ]
    result = try invites(["import", "-", "--db", db, "--format", "json"], input: second.joined(separator: "\n") + "\n")
    #expect(result.status == 0 && (result.object["appended"] as? Int) == 7, "\(result.stdout) \(result.stderr)")
}

private let now = "2026-01-10T00:00:00Z"

/// Each event keeps the spelling it was given, and the ledger verifies.
@Test func bothSpellingsAreRecordedAsGivenThroughTwoProcesses() throws {
    try withTemporaryLedger { db, _ in
        try seed(db)
        let export = try invites(["export", "--db", db])
        let events = export.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(events.map { utf8($0["account"]) } == [nfc, nfc, nfd, nfd, nfc, nfd, nfc, nfc].map { Array($0.utf8) })
        #expect(events.map { utf8($0["source"]) } == [nfc, nfc, nfd, nfd, nil, nil, "unknown", "unknown"].map { $0.map { Array($0.utf8) } })
        #expect(events.map { utf8($0["template"]) } == [nfc, nfc, nfd, nil, nil, nil, nil, nil].map { $0.map { Array($0.utf8) } })
        #expect(events.map { utf8($0["note"]) } == [nfc, nil, nfd, nil, nil, nil, nil, nil].map { $0.map { Array($0.utf8) } })
        #expect(events.map { utf8($0["recipient"]) }.suffix(2) == [Array(nfc.utf8), Array(nfd.utf8)])
        #expect(try invites(["verify", "--db", db]).status == 0)
    }
}

/// `pending` (and its `--account`/`--source` filters), `check` and `history --to` tell the spellings apart.
@Test func pendingCheckAndHistoryTellTheSpellingsApart() throws {
    try withTemporaryLedger { db, _ in
        try seed(db)
        func pending(_ filters: [String]) throws -> [String?] {
            try invites(["pending", "--now", now, "--db", db, "--format", "json"] + filters).rows.map { $0["invitation"] as? String }
        }
        #expect(try pending([]) == ["i1", "i4", "i5", "i6"])
        #expect(try pending(["--account", nfc]) == ["i1", "i5", "i6"])
        #expect(try pending(["--account", nfd]) == ["i4"])
        #expect(try pending(["--source", nfc]) == ["i1"])
        #expect(try pending(["--source", nfd]) == ["i4"])
        let rows = try invites(["pending", "--now", now, "--db", db, "--format", "json"]).rows
        #expect(rows.map { utf8($0["account"]) } == [nfc, nfd, nfc, nfc].map { Array($0.utf8) })
        func check(_ account: String, _ recipient: String) throws -> [String?] {
            let object = try invites(["check", "--account", account, "--to", recipient, "--now", now, "--db", db, "--format", "json"]).object
            return [object["reason"] as? String, object["invitation"] as? String]
        }
        #expect(try check(nfc, "r-a") == ["connected", "i2"])
        #expect(try check(nfd, "r-a") == ["pending", "i4"])
        #expect(try check(nfc, "r-b") == ["pending", "i1"])
        #expect(try check(nfd, "r-b") == ["cooldown", "i3"])
        #expect(try check(nfc, nfd) == ["pending", "i6"])
        #expect(try check(nfd, nfd) == ["ok", nil])
        func history(_ recipient: String) throws -> [String?] {
            try invites(["history", "--to", recipient, "--db", db, "--format", "json"]).rows.map { $0["invitation"] as? String }
        }
        #expect(try history(nfc) == ["i5"])
        #expect(try history(nfd) == ["i6"])
        let pair = try invites(["history", "--to", "r-b", "--account", nfd, "--db", db, "--format", "json"]).rows
        #expect(pair.map { $0["type"] as? String } == ["sent", "withdrawn"])
    }
}

/// `cooldown` lists the two accounts' pairs apart, in byte order of the account (NFD's "e" before NFC's "é").
@Test func cooldownOrdersTheSpellingsByTheirBytes() throws {
    try withTemporaryLedger { db, _ in
        try seed(db)
        let rows = try invites(["cooldown", "--now", now, "--db", db, "--format", "json"]).rows
        #expect(rows.map { utf8($0["account"]) } == [Array(nfd.utf8), Array(nfc.utf8)])
        #expect(rows.map { $0["recipient"] as? String } == ["r-b", "r-a"])
        #expect(rows.map { $0["state"] as? String } == ["cooldown", "connected"])
        let nfdOnly = try invites(["cooldown", "--account", nfd, "--now", now, "--db", db, "--format", "json"]).rows
        #expect(nfdOnly.map { $0["recipient"] as? String } == ["r-b"])
    }
}

/// `metrics` groups by account, source and template bytes; rows in byte order of the group.
@Test func metricsGroupsTheSpellingsApart() throws {
    try withTemporaryLedger { db, _ in
        try seed(db)
        /// Each row as its group's bytes (or null) and its count of sent invitations.
        func metrics(_ by: String) throws -> [String] {
            try invites(["metrics", "--by", by, "--now", now, "--db", db, "--format", "json"]).rows.map {
                "\(utf8($0["group"]).map { "\($0)" } ?? "null") \($0["sent"] as? Int ?? -1)"
            }
        }
        func group(_ name: String?, _ sent: Int) -> String { "\(name.map { "\(Array($0.utf8))" } ?? "null") \(sent)" }
        #expect(try metrics("account") == [group(nfd, 2), group(nfc, 4)])
        #expect(try metrics("source") == [group(nfd, 2), group(nfc, 2), group("unknown", 2)])
        #expect(try metrics("template") == [group(nil, 3), group(nfd, 1), group(nfc, 2)])
        #expect(try metrics("note") == [group("with-note", 2), group("without-note", 4)])
        let byAccount = try invites(["metrics", "--by", "source", "--account", nfd, "--now", now, "--db", db, "--format", "json"]).rows
        #expect(byAccount.map { utf8($0["group"]) } == [Array(nfd.utf8)])
    }
}

/// The fold (`--as-of`) answers what the stored projections answer, byte for byte, for every query.
@Test func foldAndStoredProjectionsAgreeOnTheSpellings() throws {
    try withTemporaryLedger { db, _ in
        try seed(db)
        let queries: [[String]] = [
            ["pending"], ["pending", "--account", nfd], ["pending", "--source", nfc], ["cooldown"], ["cooldown", "--account", nfc],
            ["metrics", "--by", "account"], ["metrics", "--by", "source"], ["metrics", "--by", "template"], ["metrics", "--by", "note"],
            ["check", "--account", nfd, "--to", "r-b"], ["check", "--account", nfc, "--to", nfd],
        ]
        for query in queries {
            let stored = try invites(query + ["--now", now, "--db", db, "--format", "json"])
            let folded = try invites(query + ["--as-of", now, "--db", db, "--format", "json"])
            #expect(!stored.stdout.isEmpty && Array(stored.stdout.utf8) == Array(folded.stdout.utf8), "\(query)")
        }
    }
}

/// Recipients of one account and invitation ids sent at one instant sort by their bytes, where Swift's `<` (which
/// compares canonical forms) orders them the other way (audit 144: `cooldown`'s recipient order survived that mutation).
@Test func recipientsAndInvitationIdsSortByTheirBytes() throws {
    try withTemporaryLedger { db, _ in
        let decomposed = "e\u{301}x", composed = "\u{E9}a"  // bytes 65 CC 81 78 and C3 A9 61: byte order puts `e…` first
        #expect(composed < decomposed)  // as Swift compares them
        let lines = try [
            line(["type": "sent", "invitation": composed, "account": "a", "recipient": composed, "at": "2026-01-01T00:00:00Z"]),
            line(["type": "sent", "invitation": decomposed, "account": "a", "recipient": decomposed, "at": "2026-01-01T00:00:00Z"]),
        ]
        #expect(try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n").status == 0)
        let pending = try invites(["pending", "--now", now, "--db", db, "--format", "json"]).rows
        #expect(pending.map { utf8($0["invitation"]) } == [Array(decomposed.utf8), Array(composed.utf8)])
        let withdrawals = try [composed, decomposed].map {
            try line(["type": "withdrawn", "invitation": $0, "at": "2026-01-02T00:00:00Z"])
        }
        #expect(try invites(["import", "-", "--db", db], input: withdrawals.joined(separator: "\n") + "\n").status == 0)
        let cooldown = try invites(["cooldown", "--now", now, "--db", db, "--format", "json"]).rows
        #expect(cooldown.map { utf8($0["recipient"]) } == [Array(decomposed.utf8), Array(composed.utf8)])
    }
}
