import Foundation
import Testing

/// Every page of a ledger zeroed in turn: `verify --format json` still answers in JSON when the page held events.
///
/// LMDB stops the process on a page it cannot walk (its assertion `IS_LEAF(mp)`, after printing
/// its own `mdb.c:` line), or returns `MDB_CORRUPTED`: both ended in an error line with no JSON,
/// and a program reading `verify`'s answer got nothing to parse (audit 80 F1). Now a page under
/// the log or tree is named at the position being checked, and LMDB's text is part of one
/// `invites: error:` line; a page every command needs at open (the log's root, the meta
/// tree) is still refused with an error line alone, as no position was being checked.
@Test(waitsOnChildren)
func aZeroedPageUnderTheLogIsNamedAtAPositionInJSON() throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let db = try seededLedger(events: 1_500, in: folder)
    let original = try Data(contentsOf: URL(fileURLWithPath: db + "/data.mdb"))
    let copy = folder.appendingPathComponent("damaged").path
    var namedByAssertion = 0, namedByError = 0, refusedAtOpen = 0
    for page in 2..<(original.count / 4_096) {
        var bytes = [UInt8](original)
        for offset in page * 4_096..<(page + 1) * 4_096 { bytes[offset] = 0 }
        try copyLedger(db, to: copy)
        try Data(bytes).write(to: URL(fileURLWithPath: copy + "/data.mdb"))
        let verify = try invites(["verify", "--db", copy, "--format", "json"])
        expectCleanEnding(verify, "verify with page \(page) zeroed")
        let lines = verify.stderr.split(separator: "\n")
        #expect(lines.allSatisfy { $0.hasPrefix("invites: ") }, "page \(page): a line not of invites: \(verify.stderr)")
        guard verify.status != 0 else { continue }
        if verify.stdout.isEmpty {
            #expect(verify.stderr.contains("damaged") || verify.stderr.contains("not a ledger"), "page \(page): \(verify.stderr)")
            refusedAtOpen += 1
            continue
        }
        #expect(verify.object["ok"] as? Bool == false, "page \(page): \(verify.stdout)")
        let position = verify.object["position"] as? Int ?? 0
        #expect((1...1_501).contains(position), "page \(page): \(verify.stdout)")
        let error = verify.object["error"] as? String ?? ""
        if error.contains("Assertion") {
            #expect(error.contains("reading position \(position)"), "page \(page): \(error)")
            namedByAssertion += 1
        } else if error.contains("data.mdb is damaged: reading position \(position)") {
            namedByError += 1
        }
    }
    print("reliability: zeroed pages: \(namedByAssertion) named after LMDB's assertion, \(namedByError) after its error, "
          + "\(refusedAtOpen) refused at open")
    #expect(namedByAssertion > 0 && namedByError > 0)
}

/// A log record whose node says it runs far past its page: `verify --format json` names the position in JSON (audit 93 N1).
///
/// LMDB reads the node's data where the size says, outside the map: a bus error, which ended in
/// an error line with no JSON. The fault handler now answers for the position being checked.
@Test func aBusErrorUnderTheLogIsNamedAtAPositionInJSON() throws {
    try withTemporaryLedger { db, folder in
        let events = [#"{"type":"sent","account":"a","recipient":"r1","at":"2026-01-01T00:00:00Z","invitation":"i1"}"#,
                      #"{"type":"withdrawn","invitation":"i1","at":"2026-01-02T00:00:00Z","reason":"no answer"}"#]
        #expect(try invites(["import", "-", "--db", db], input: events.joined(separator: "\n") + "\n").status == 0)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: db + "/data.mdb")))
        let marker = Array("no answer".utf8)
        let found = try #require((0...(bytes.count - marker.count)).first { Array(bytes[$0..<$0 + marker.count]) == marker })
        let page = found / 4_096 * 4_096
        // The page's first node (position 1): byte 2 of its header is the high half of its data size.
        let node = Int(bytes[page + 16]) | Int(bytes[page + 17]) << 8
        bytes[page + node + 2] ^= 0x01
        let copy = folder.appendingPathComponent("damaged").path
        try copyLedger(db, to: copy)
        try Data(bytes).write(to: URL(fileURLWithPath: copy + "/data.mdb"))
        let verify = try invites(["verify", "--db", copy, "--format", "json"])
        #expect(verify.status == 1 && verify.object["ok"] as? Bool == false && verify.object["position"] as? Int == 1,
                "\(verify.stdout) \(verify.stderr)")
        #expect((verify.object["error"] as? String ?? "").contains("bus error reading position 1"), "\(verify.stdout)")
        // Its error line names the failure as any other damage `verify` finds does (audit 149: `error`).
        #expect(verify.stderr.hasPrefix("invites: verification_failed: the storage engine stopped on a bus error"), "\(verify.stderr)")

        // The first key's size (byte 7 of its node: 4 → 260) is refused at open, naming damage as well as a newer build.
        bytes[page + node + 2] ^= 0x01
        bytes[page + node + 7] ^= 0x01
        try copyLedger(db, to: copy)
        try Data(bytes).write(to: URL(fileURLWithPath: copy + "/data.mdb"))
        let opened = try invites(["verify", "--db", copy, "--format", "json"])
        #expect(opened.status == 1 && opened.stderr.contains("260 bytes long") && opened.stderr.contains("or its data file is damaged"),
                "\(opened.stderr)")
    }
}
