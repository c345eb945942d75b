import Foundation
import Testing

/// `expire --due` walks the whole pairs index: an entry it cannot trust stops it with nothing written, never read as "not due" (SPEC §1).
@Suite struct ExpireDueDamagedPairsTests {
    /// Two sends to ann and bob, and a reminder of ann's at position 2.
    static let lines = """
    {"type":"sent","id":"e-1","invitation":"inv-ann","account":"A","recipient":"linkedin.com/in/ann","at":"2026-01-05T09:00:00Z"}
    {"type":"reminded","id":"e-2","invitation":"inv-ann","at":"2026-01-06T09:00:00Z"}
    {"type":"sent","id":"e-3","invitation":"inv-bob","account":"A","recipient":"linkedin.com/in/bob","at":"2026-01-05T10:00:00Z"}
    """

    /// Past both invitations' expiry under the default 26 weeks.
    static let now = "2026-12-01T00:00:00Z"

    /// Each damage to a pairs entry, the pair it is made to, and the words `expire --due` must name it with.
    static let damages: [(name: String, recipient: String, change: @Sendable ([UInt8]) -> [UInt8], message: String)] = [
        // The latest sent position (the last varint, 3) made the reminder's.
        ("a position that is not a sent", "bob", { $0.dropLast() + [2] },
         "the pairs index names position 2 as a pending invitation's sent, which it is not (`invites verify --indexes` checks the "
            + "indexes, `invites rebuild indexes` writes them anew)"),
        ("bytes that do not decode", "ann", { _ in [0xFF] }, "the pairs index entry of account #1 → linkedin.com/in/ann: bad pair status (`invites verify --indexes` checks the "
            + "indexes, `invites rebuild indexes` writes them anew)"),
    ]

    /// Runs `body` with a ledger of `lines` whose pairs entry was damaged as `damages[damage]` says, given that entry's recipient.
    static func withDamagedPairsEntry(_ damage: Int, _ body: (String, String) throws -> Void) throws {
        let (_, recipient, change, _) = damages[damage]
        try withTemporaryLedger { db, _ in
            #expect(try invites(["import", "-", "--db", db], input: lines).status == 0)
            try LogTampering.rewriteIndexEntry(holding: recipient, in: "pairs", ledger: db, change)
            try body(db, "linkedin.com/in/\(recipient)")
        }
    }

    /// A pairs entry naming a reminder as its sent, or not decoding, stops `expire --due` with nothing written; after `rebuild indexes` both expire (audit 107 F4).
    @Test(arguments: 0..<2)
    func aDamagedPairsEntryStopsExpireDueUntilTheIndexesAreRebuilt(damage: Int) throws {
        try Self.withDamagedPairsEntry(damage) { db, _ in
            let expire = ["expire", "--due", "--now", Self.now, "--db", db, "--format", "json"]
            let refused = try invites(expire)
            #expect(refused.status == 1, "\(refused.stdout)")
            #expect(refused.stderr.contains(Self.damages[damage].message), "\(refused.stderr)")
            #expect(try invites(["status", "--db", db, "--format", "json"]).object["events"] as? Int == 3)
            #expect(try invites(["verify", "--indexes", "--db", db]).status == 1)

            #expect(try invites(["rebuild", "indexes", "--db", db]).status == 0)
            let expired = try invites(expire)
            #expect(expired.status == 0, "\(expired.stderr)")
            #expect(expired.object["appended"] as? Int == 2 && expired.object["first_position"] as? Int == 4
                    && expired.object["last_position"] as? Int == 5, "\(expired.stdout)")
        }
    }

    /// `history --to` a pair whose pairs entry is damaged fails naming the entry, as `expire --due` does, instead of answering from it (audit 107 F4).
    @Test(arguments: 0..<2)
    func historyOfAPairWithADamagedEntryNamesIt(damage: Int) throws {
        try Self.withDamagedPairsEntry(damage) { db, recipient in
            let history = try invites(["history", "--to", recipient, "--db", db, "--format", "json"])
            #expect(history.status == 1 && history.stdout.isEmpty, "\(history.stdout)")
            #expect(history.stderr.contains(damage == 0 ? "the indexes name position 2 as an invitation's sent, which it is not"
                                                        : "the pairs index entry of account #1 → \(recipient)"), "\(history.stderr)")
            #expect(history.stderr.contains("`invites rebuild indexes` writes them anew"), "\(history.stderr)")
            #expect(try invites(["rebuild", "indexes", "--db", db]).status == 0)
            let repaired = try invites(["history", "--to", recipient, "--db", db, "--format", "json"])
            #expect(repaired.status == 0 && !repaired.rows.isEmpty, "\(repaired.stdout) \(repaired.stderr)")
        }
    }
}
