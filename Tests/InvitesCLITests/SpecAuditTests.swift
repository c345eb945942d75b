import Foundation
import Testing

// End-to-end checks for discrepancies found in the SPEC audit (one test per fix).

/// §4: `verify-proof` prints `{"ok": false, …}` and exits 1 for a `--root` that is not 32 bytes,
/// and for a proof file it cannot read; no usage error, no doubled "error:" in the message.
@Test func verifyProofRejectsAMalformedRootAsJSON() throws {
    try withTemporaryLedger { db, _ in
        let line = #"{"type":"sent","at":"2026-01-05T09:30:00Z","account":"a","recipient":"r"}"#
        #expect(try invites(["import", "-", "--db", db], input: line + "\n").status == 0)
        let proof = try invites(["prove", "--position", "1", "--db", db]).stdout
        for root in ["abc", String(repeating: "a", count: 66), String(repeating: "z", count: 64)] {
            let run = try invites(["verify-proof", "--root", root], input: proof)
            #expect(run.status == 1, "\(root): \(run.status) \(run.stderr)")
            #expect(run.object["ok"] as? Bool == false && (run.object["error"] as? String)?.isEmpty == false, "\(run.stdout)")
        }
        let unreadable = try invites(["verify-proof", "/no/such/proof.json"])
        #expect(unreadable.status == 1 && unreadable.object["ok"] as? Bool == false)
        #expect(!((unreadable.object["error"] as? String) ?? "").hasPrefix("error:"), "\(unreadable.stdout)")
    }
}

/// §3 `send`: "an invalid event exits 1 first" — a bad `--at` is a bad timestamp, `invalid_event`,
/// for `send` and the follow-up verbs; `send` writes nothing, not even the ledger directory.
@Test func badAtIsAnInvalidEvent() throws {
    try withTemporaryLedger { db, _ in
        let send = try invites(["send", "--account", "a", "--to", "r", "--at", "yesterday", "--db", db])
        #expect(send.status == 1 && send.stderr.hasPrefix("invites: invalid_event: "), "\(send.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db), "send with a bad --at created the ledger")
        #expect(try invites(["send", "--account", "a", "--to", "r", "--at", "2026-01-05T09:30:00Z", "--db", db]).status == 0)
        let remind = try invites(["remind", "--account", "a", "--to", "r", "--at", "2026-13-01T00:00:00Z", "--db", db])
        #expect(remind.status == 1 && remind.stderr.hasPrefix("invites: invalid_event: "), "\(remind.stderr)")
    }
}
