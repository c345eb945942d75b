import Merkle
import Testing
@testable import Ledger

/// SPEC §2's worked example, byte for byte.
@Test func theSpecsWorkedExampleHashesToItsPublishedValues() {
    let first = Event(kind: .sent, id: "e-1", at: ts("2026-01-05T09:30:00Z"), invitation: "inv-1", account: "acct-alice",
                      recipient: "linkedin.com/in/jane-doe", source: "search:cto-berlin", note: "Hi Jane — \"quoted\"\n",
                      position: 1, recordedAt: ts("2026-01-05T09:31:02.117Z"))
    let second = Event(kind: .accepted, id: "e-2", at: ts("2026-01-06T10:00:00Z"), invitation: "inv-1",
                       account: "acct-alice", recipient: "linkedin.com/in/jane-doe", position: 2,
                       recordedAt: ts("2026-01-06T10:00:05Z"))
    var bytes: [UInt8] = []
    first.canonicalJSON(into: &bytes)
    #expect(String(decoding: bytes, as: UTF8.self) == #"{"account":"acct-alice","at":"2026-01-05T09:30:00Z","id":"e-1","invitation":"inv-1","note":"Hi Jane — \"quoted\"\n","position":1,"recipient":"linkedin.com/in/jane-doe","recorded_at":"2026-01-05T09:31:02.117Z","source":"search:cto-berlin","type":"sent"}"#)
    let hash1 = HashChain.link(.zero, bytes)
    #expect(hash1.hex == "94d1e4bbc26f2c2f6d0a95dcf52aa0c02b3a0115c3d12bbae6cc9da7eb399e9a")
    bytes.removeAll()
    second.canonicalJSON(into: &bytes)
    #expect(HashChain.link(hash1, bytes).hex == "f4d7df8d70cacf9ddec8fddb8a37ecce953e2933327c9c7ab788d054e8795891")
}

@Test func canonicalJSONEscapesControlCharactersTheJCSWay() {
    var out: [UInt8] = []
    JSONText.appendString("a\u{1}\u{1f}\u{7f}\t\u{8}\u{c}\r\n\\\"é😀\u{2028}", to: &out)
    #expect(String(decoding: out, as: UTF8.self) == "\"a\\u0001\\u001f\u{7f}\\t\\b\\f\\r\\n\\\\\\\"é😀\u{2028}\"")
}

@Test func theStoredHeadIsTheChainOverTheExportedEvents() throws {
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    do {
        _ = try ledger.append([sent("a", "r1", at: "2026-01-01T00:00:00Z"), sent("a", "r2", at: "2026-01-01T00:00:01Z")])
        _ = try ledger.append([followUp(.accepted, account: "a", recipient: "r1", at: "2026-01-02T00:00:00Z")])
        var hash = Digest.zero
        for event in try ledger.allEvents() {
            var bytes: [UInt8] = []
            event.canonicalJSON(into: &bytes)
            hash = HashChain.link(hash, bytes)
        }
        let head = try ledger.read { try $0.head() }
        #expect(head.position == 3)
        #expect(head.hash == hash)
        #expect(try ledger.read { try $0.chainHash(at: 2) } != hash)
    }
}
