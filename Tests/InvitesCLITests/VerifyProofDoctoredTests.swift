import Foundation
import Testing

/// `verify-proof` on proof documents a third party malformed or doctored, and on inputs that are no document at all.
@Suite struct VerifyProofDoctoredTests {
    /// One change to a proof's text: `original` replaced by `doctored` (the whole document when `original` is nil).
    struct Doctoring: Sendable, CustomStringConvertible {
        let original: String?
        let doctored: String
        /// The start of the error `verify-proof` must give.
        let error: String
        var description: String { "\(original ?? "the document") → \(doctored)" }
    }

    /// A note field written as `value` instead of `"hi"`.
    static func note(_ value: String, _ error: String) -> Doctoring {
        Doctoring(original: #""note":"hi""#, doctored: #""note":"# + value, error: error)
    }

    static let notStringOrInteger = #"event field "note" is not a string or an integer"#

    /// The inclusion proof of a one-event ledger whose send has the note `hi`, as `prove --position 1` writes it.
    static func inclusionProof(db: String) throws -> String {
        try #require(try invites(["send", "--account", "a", "--to", "r1", "--note", "hi", "--db", db]).status == 0)
        let proof = try invites(["prove", "--position", "1", "--db", db])
        try #require(proof.status == 0, "\(proof.stderr)")
        return proof.stdout
    }

    /// Each malformed or doctored proof gives `{"ok":false,"error":…}` naming what is wrong, `proof_rejected` on standard error, and exit 1 (audit 107 F10).
    @Test(arguments: [
        Doctoring(original: nil, doctored: "[]", error: "the proof is not a JSON object"),
        Doctoring(original: nil, doctored: "{}", error: #""kind" is missing or not a string"#),
        Doctoring(original: nil, doctored: "", error: "the document is empty"),
        Doctoring(original: #""kind":"inclusion""#, doctored: #""kind":"other""#,
                  error: #"unknown proof kind "other" (expected inclusion or consistency)"#),
        Doctoring(original: #""position":1,"size""#, doctored: #""position":-1,"size""#,
                  error: #""position" is missing or not a non-negative integer"#),
        Doctoring(original: #""root":""#, doctored: #""root":"zz"#, error: #""root" is not hex"#),
        Doctoring(original: #""leaf_hash":""#, doctored: #""leaf_hash":"x"#, error: #""leaf_hash" is not hex"#),
        Doctoring(original: #""proof":[]"#, doctored: #""proof":{}"#, error: #""proof" is missing or not an array"#),
        Doctoring(original: #""proof":[],"#, doctored: "", error: #""proof" is missing or not an array"#),
        Doctoring(original: #""proof":[]"#, doctored: #""proof":["zz"]"#, error: #""proof"[0] is not a hex string"#),
        Doctoring(original: #""event":{"#, doctored: #""event":"x","was":{"#, error: #""event" is not a JSON object"#),
        note("null", notStringOrInteger), note("true", notStringOrInteger), note("false", notStringOrInteger),
        note("[]", notStringOrInteger), note("{}", notStringOrInteger),
        // Said for what it is: a fraction, or an integer past 2^53 − 1 such as 1e20, which JCS writes exactly (audit 159).
        note("1.5", #"event field "note" is not a whole number, which no exported event holds: 1.5"#),
        note("1e-7", #"event field "note" is not a whole number, which no exported event holds: 1e-7"#),
        note("1e20", #"event field "note" is a number beyond ±9007199254740991 (2^53 − 1), which no exported event holds: 1e20"#),
        note("@", "expected a value at byte "),
        Doctoring(original: #""position":1,"recipient""#, doctored: #""position":-1,"recipient""#,
                  error: "the event says position -1, the proof says 1"),
    ])
    func aDoctoredProofIsRejectedWithItsReason(_ doctoring: Doctoring) throws {
        try withTemporaryLedger { db, _ in
            let proof = try Self.inclusionProof(db: db)
            var document = doctoring.doctored
            if let original = doctoring.original {
                try #require(proof.contains(original), "\(original) is not in \(proof)")
                document = proof.replacingOccurrences(of: original, with: doctoring.doctored)
            }
            let run = try invites(["verify-proof", "-"], input: document)
            #expect(run.status == 1, "\(doctoring): \(run.stdout)")
            #expect(Set(run.object.keys) == ["ok", "error"] && run.object["ok"] as? Bool == false, "\(doctoring): \(run.stdout)")
            let error = try #require(run.object["error"] as? String, "\(doctoring): \(run.stdout)")
            #expect(error.hasPrefix(doctoring.error), "\(doctoring): \(error)")
            #expect(run.stderr == "invites: proof_rejected: \(error)\n", "\(doctoring): \(run.stderr)")
            // The same proof undoctored passes: the rejection is the doctoring's.
            #expect(try invites(["verify-proof", "-"], input: proof).status == 0)
        }
    }

    /// A consistency proof whose `root1` was replaced by another hash is rejected without `--root` too (audit 144: with
    /// the verifier's check of the first root taken out, every test passed, and a forged earlier digest was "ok").
    @Test func aConsistencyProofWithAForgedFirstRootIsRejected() throws {
        try withTemporaryLedger { db, _ in
            for index in 1...7 {
                try #require(try invites(["send", "--account", "a", "--to", "r\(index)", "--db", db]).status == 0)
            }
            let proof = try invites(["prove", "--from", "3", "--to", "7", "--db", db])
            try #require(proof.status == 0, "\(proof.stderr)")
            #expect(try invites(["verify-proof", "-"], input: proof.stdout).status == 0)
            let root1 = try #require(proof.object["root1"] as? String)
            let forged = proof.stdout.replacingOccurrences(of: root1, with: String(repeating: "ab", count: 32))
            let run = try invites(["verify-proof", "-"], input: forged)
            #expect(run.status == 1 && run.object["ok"] as? Bool == false, "\(run.stdout)")
            #expect((run.object["error"] as? String)?.hasPrefix("consistency proof leads to first root ") == true, "\(run.stdout)")
        }
    }

    /// A folder named as the proof, a folder on standard input, a missing file, one that fails to read and an endless one are rejected as unreadable, as JSON, exit 1 (audit 107 F10).
    ///
    /// `/proc/self/mem` opens and fails at its first read (Linux).
    @Test func anInputThatIsNoDocumentIsRejectedAsUnreadable() throws {
        try withTemporaryLedger { _, folder in
            let missing = folder.appendingPathComponent("missing.json").path
            try #require(FileManager.default.fileExists(atPath: "/proc/self/mem"), "a system without /proc")
            let cases = [
                (#""$INVITES" verify-proof /proc/self/mem"#, "cannot read /proc/self/mem: Input/output error"),
                (#""$INVITES" verify-proof "\#(folder.path)""#, "cannot read \(folder.path): it is a folder, not a proof"),
                (#""$INVITES" verify-proof - < "\#(folder.path)""#, "cannot read standard input: Is a directory"),
                (#""$INVITES" verify-proof "\#(missing)""#, "cannot read \(missing): No such file or directory"),
                // Endless inputs are refused by their length, not read until memory runs out (review 145).
                (#""$INVITES" verify-proof /dev/zero"#, "/dev/zero holds more than 8 MiB, more than any proof `invites prove` writes: is it a proof?"),
                (#"head -c 9000000 /dev/zero | "$INVITES" verify-proof -"#,
                 "standard input holds more than 8 MiB, more than any proof `invites prove` writes: is it a proof?"),
            ]
            for (script, error) in cases {
                let run = try shell(script)
                #expect(run.status == 1, "\(script): \(run.stderr)")
                #expect(Set(run.object.keys) == ["ok", "error"] && run.object["ok"] as? Bool == false, "\(script): \(run.stdout)")
                #expect(run.object["error"] as? String == error, "\(script): \(run.stdout)")
                #expect(run.stderr == "invites: proof_rejected: \(error)\n", "\(script): \(run.stderr)")
            }
        }
    }
}
