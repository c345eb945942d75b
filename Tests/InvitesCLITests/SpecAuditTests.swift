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
