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
        // Named by its subject, as every invalid_event is (audit 94 F3).
        #expect(send.status == 1 && send.stderr.hasPrefix("invites: invalid_event: pair a → r: bad timestamp: --at: "), "\(send.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db), "send with a bad --at created the ledger")
        #expect(try invites(["send", "--account", "a", "--to", "r", "--at", "2026-01-05T09:30:00Z", "--db", db]).status == 0)
        let remind = try invites(["remind", "--account", "a", "--to", "r", "--at", "2026-13-01T00:00:00Z", "--db", db])
        #expect(remind.status == 1 && remind.stderr.hasPrefix("invites: invalid_event: pair a → r: bad timestamp"), "\(remind.stderr)")
        let byInvitation = try invites(["withdraw", "--invitation", "i-9", "--at", "nope", "--db", db])
        #expect(byInvitation.stderr.hasPrefix("invites: invalid_event: invitation i-9: bad timestamp"), "\(byInvitation.stderr)")
    }
}

/// §3: "a directory the ledger creates on first write" — before that first write, queries answer as
/// for an empty ledger (default policy, empty lists, `check` allowed) and create nothing.
@Test func queriesOnALedgerNotYetCreatedAnswerEmpty() throws {
    try withTemporaryLedger { db, _ in
        let policy = try invites(["policy", "--db", db, "--format", "json"])
        #expect(policy.status == 0, "\(policy.stderr)")
        #expect(policy.object["expire_after"] as? String == "26w" && policy.object["pending_cap"] as? Int == 500)
        let check = try invites(["check", "--account", "a", "--to", "https://www.linkedin.com/in/Jane/", "--db", db, "--format", "json"])
        #expect(check.status == 0 && check.object["allowed"] as? Bool == true && check.object["reason"] as? String == "ok")
        #expect(check.object["recipient"] as? String == "linkedin.com/in/jane" && check.object["invitation"] is NSNull)
        for command in [["pending"], ["cooldown"], ["metrics"]] {
            let run = try invites(command + ["--db", db, "--format", "json"])
            #expect(run.status == 0 && run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "\(command): \(run.stdout) \(run.stderr)")
        }
        let status = try invites(["status", "--db", db, "--format", "json"])
        #expect(status.status == 0 && status.object["events"] as? Int == 0 && status.object["position"] as? Int == 0)
        #expect(status.object["hash"] as? String == String(repeating: "0", count: 64))
        let digest = try invites(["digest", "--position", "0", "--db", db])
        #expect(digest.object["root"] as? String == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let verify = try invites(["verify", "--db", db, "--format", "json"])
        #expect(verify.status == 0 && verify.object["ok"] as? Bool == true && verify.object["events"] as? Int == 0)
        let export = try invites(["export", "--db", db])
        #expect(export.status == 0 && export.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: db), "a query created the ledger")
    }
}

/// §2: "this check comes before every other rule" — a `send` retried with the same `--id` is a
/// duplicate (exit 0) even though the first made the pair pending; with other content, `id_conflict`.
@Test func sendRetriedWithItsIDIsADuplicateBeforeThePolicy() throws {
    try withTemporaryLedger { db, _ in
        let send = ["send", "--account", "A", "--to", "r1", "--at", "2026-01-01T00:00:00Z", "--id", "E1", "--db", db, "--format", "json"]
        #expect(try invites(send).status == 0)
        let retry = try invites(send)
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.object["appended"] as? Int == 0 && retry.object["duplicates"] as? Int == 1, "\(retry.stdout)")
        // SPEC's object names no invitation for a retry (it created none); the note names the one recorded (audit 55 M2).
        #expect(retry.stderr == "invites: note: E1 was recorded already, at position 1 (type sent, invitation inv-1); nothing new was written\n",
                "\(retry.stderr)")
        let withdraw = ["withdraw", "--account", "A", "--to", "r1", "--at", "2026-01-03T00:00:00Z", "--id", "W1", "--db", db]
        #expect(try invites(withdraw).stderr.isEmpty)
        #expect(try invites(withdraw).stderr.contains("W1 was recorded already, at position 2 (type withdrawn, invitation inv-1)"))
        var changed = send
        changed[6] = "2026-01-02T00:00:00Z"
        let conflict = try invites(changed)
        #expect(conflict.status == 1 && conflict.stderr.contains("id_conflict"), "\(conflict.status) \(conflict.stderr)")
        // Without --id, the same send is refused by the policy (the pair is pending).
        let fresh = try invites(Array(send[0..<7]) + ["--db", db])
        #expect(fresh.status == 3, "\(fresh.stderr)")
    }
}

/// §2: a rejection's message names the invitation or pair, `id_conflict` included.
@Test func idConflictNamesTheInvitationAndPair() throws {
    try withTemporaryLedger { db, _ in
        let first = #"{"type":"sent","id":"s1","account":"A","recipient":"r1","invitation":"i1","at":"2026-01-01T00:00:00Z","source":"src"}"#
        #expect(try invites(["import", "-", "--db", db], input: first + "\n").status == 0)
        let other = first.replacingOccurrences(of: #""source":"src""#, with: #""source":"other""#)
        let run = try invites(["import", "-", "--db", db], input: other + "\n")
        #expect(run.status == 1)
        #expect(run.stderr.contains("line 1: id_conflict: ") && run.stderr.contains("invitation i1") && run.stderr.contains("pair A → r1")
                && run.stderr.contains("different source"), "\(run.stderr)")
    }
}

/// Two lines of one refused batch with one id: the first was never recorded, and the message does not say it was.
@Test func idConflictInsideOneBatchSaysTheEventCameEarlierInIt() throws {
    try withTemporaryLedger { db, _ in
        let first = #"{"type":"sent","id":"s1","account":"A","recipient":"r1","at":"2026-01-01T00:00:00Z"}"#
        let run = try invites(["import", "-", "--db", db], input: first + "\n" + first.replacingOccurrences(of: "r1", with: "r2") + "\n")
        #expect(run.status == 1)
        #expect(run.stderr.contains("line 2: id_conflict: event s1 is already given earlier in this batch, for position 1"), "\(run.stderr)")
        #expect(!run.stderr.contains("already recorded"))
    }
}

/// The other rules that cite an earlier event say when it is the refused batch's own (audit 100 F3): its id and
/// position would otherwise read as the ledger's, and a refused batch records none of them.
@Test func rulesCitingAnEventOfTheSameBatchSayItCameEarlierInIt() throws {
    try withTemporaryLedger { db, _ in
        let lines = [#"{"type":"sent","invitation":"k1","account":"x","recipient":"y2","at":"2026-01-01T00:00:00Z"}"#,
                     #"{"type":"sent","invitation":"k1","account":"x","recipient":"y3","at":"2026-01-01T00:00:00Z"}"#,
                     #"{"type":"sent","account":"x","recipient":"y2","at":"2026-01-02T00:00:00Z"}"#,
                     #"{"type":"withdrawn","account":"x","recipient":"y2","at":"2026-01-03T00:00:00Z"}"#,
                     #"{"type":"withdrawn","account":"x","recipient":"y2","at":"2026-01-04T00:00:00Z"}"#]
        let run = try invites(["import", "-", "--db", db], input: lines.joined(separator: "\n") + "\n")
        #expect(run.status == 1)
        #expect(run.stderr.contains("line 2: duplicate_invitation: invitation k1 was already sent earlier in this batch, for position 1\n"),
                "\(run.stderr)")
        #expect(run.stderr.contains("line 3: already_pending: pair x → y2 already has invitation k1 (sent earlier in this batch) pending"),
                "\(run.stderr)")
        #expect(run.stderr.contains("line 5: already_closed: pair x → y2: its latest invitation k1 (sent earlier in this batch) is already withdrawn"),
                "\(run.stderr)")

        // Recorded, the same invitation is the ledger's, and cited as such.
        #expect(try invites(["import", "-", "--db", db], input: lines[0] + "\n").status == 0)
        let again = try invites(["import", "-", "--db", db], input: lines[2] + "\n")
        #expect(again.stderr.contains("already has invitation k1 pending"), "\(again.stderr)")
    }
}

/// A client's `ev-<number>` that meets an id the ledger assigned: the message says the ledger gave it, in the batch or before (audit 77 L1).
@Test func idConflictWithAnAssignedIdSaysTheLedgerGaveIt() throws {
    try withTemporaryLedger { db, _ in
        let unnamed = #"{"type":"sent","account":"a","recipient":"r1","at":"2026-01-05T10:00:00Z"}"#
        let named = #"{"type":"sent","id":"ev-1","invitation":"c-2","account":"a","recipient":"r2","at":"2026-01-05T10:00:00Z"}"#
        let batch = try invites(["import", "-", "--db", db], input: unnamed + "\n" + named + "\n")
        #expect(batch.status == 1)
        #expect(batch.stderr.contains("line 2: id_conflict: event ev-1 is the id the ledger gave an event without one earlier in this batch, at position 1")
                && batch.stderr.contains("give yours another form"), "\(batch.stderr)")
        #expect(try invites(["import", "-", "--db", db], input: unnamed + "\n").status == 0)
        let later = try invites(["import", "-", "--db", db], input: named + "\n")
        #expect(later.status == 1)
        #expect(later.stderr.contains("line 1: id_conflict: event ev-1 is the id the ledger gave an event recorded without one, at position 1"), "\(later.stderr)")
        // A client's own id keeps the plain message.
        let own = try invites(["import", "-", "--db", db], input: named.replacingOccurrences(of: "ev-1", with: "e-9") + "\n"
                              + named.replacingOccurrences(of: "ev-1", with: "e-9").replacingOccurrences(of: "r2", with: "r3") + "\n")
        #expect(own.stderr.contains("event e-9 is already given earlier in this batch") && !own.stderr.contains("another form"), "\(own.stderr)")
    }
}

/// A file that starts with a UTF-8 byte order mark (as Windows editors write) imports like one without.
@Test func aByteOrderMarkBeforeTheFirstLineIsSkipped() throws {
    try withTemporaryLedger { db, _ in
        let line = #"{"type":"sent","account":"A","recipient":"r1","at":"2026-01-01T00:00:00Z"}"#
        let run = try invites(["import", "-", "--db", db, "--format", "json"], input: "\u{FEFF}" + line + "\n" + line.replacingOccurrences(of: "r1", with: "r2") + "\n")
        #expect(run.status == 0 && run.object["appended"] as? Int == 2, "\(run.stdout) \(run.stderr)")
        // Only at the very start: one inside a later line is still not JSON.
        let inside = try invites(["import", "-", "--db", db], input: "\u{FEFF}" + line.replacingOccurrences(of: "r1", with: "r3") + "\n")
        #expect(inside.status == 0, "\(inside.stderr)")
        let later = try invites(["import", "-", "--db", db], input: line.replacingOccurrences(of: "r1", with: "r4") + "\n\u{FEFF}" + line.replacingOccurrences(of: "r1", with: "r5") + "\n")
        #expect(later.status == 1 && later.stderr.contains("line 2: invalid_event"), "\(later.stderr)")
    }
}

/// §3: "default: `$INVITES_DB`, else `./invites-ledger`" — an empty `INVITES_DB` counts as unset.
@Test func anEmptyInvitesDBMeansTheDefaultLedger() throws {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let run = try invites(["send", "--account", "A", "--to", "r1", "--at", "2026-01-01T00:00:00Z"], cwd: folder, environment: ["INVITES_DB": ""])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("invites-ledger/data.mdb").path))
}

/// Several imports that start together on a ledger not yet created all succeed, one after another.
@Test func importsStartingTogetherOnANewLedgerAllSucceed() throws {
    for round in 0..<4 {
        try withTemporaryLedger { db, _ in
            let processes = try (0..<6).map { index -> (Process, Pipe) in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: Paths.binary)
                process.arguments = ["send", "--account", "A", "--to", "r\(index)", "--at", "2026-01-01T00:00:00Z", "--db", db]
                let errors = Pipe()
                process.standardError = errors
                process.standardOutput = FileHandle.nullDevice
                try process.run()
                return (process, errors)
            }
            for (index, (process, errors)) in processes.enumerated() {
                process.waitUntilExit()
                let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                #expect(process.terminationStatus == 0, "round \(round), send \(index): \(message)")
            }
            #expect(try invites(["status", "--db", db, "--format", "json"]).object["events"] as? Int == 6)
        }
    }
}

/// §3: `status` shows "events, head position and hash" — the table too, not only the JSON.
@Test func statusTableShowsTheHeadPosition() throws {
    try withTemporaryLedger { db, _ in
        #expect(try invites(["send", "--account", "A", "--to", "r1", "--at", "2026-01-01T00:00:00Z", "--db", db]).status == 0)
        let table = try invites(["status", "--db", db]).stdout
        let lines = table.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.contains("head position 1") && lines.contains("events 1") && lines.contains { $0.hasPrefix("head hash ") }, "\(table)")
    }
}

/// A refused `send` offers `--force` only where it would record the send: not for a pending or
/// connected pair, which the lifecycle rules refuse anyway (SPEC §3: "the lifecycle rules still apply").
@Test func sendRefusalsOfferOnlyRemediesThatWork() throws {
    try withTemporaryLedger { db, _ in
        func send(_ recipient: String, at: String, force: Bool = false) throws -> RunResult {
            try invites(["send", "--account", "A", "--to", recipient, "--at", at, "--db", db] + (force ? ["--force"] : []))
        }
        #expect(try send("r1", at: "2026-01-01T00:00:00Z").status == 0)
        let pending = try send("r1", at: "2026-01-02T00:00:00Z")
        #expect(pending.status == 3 && pending.stderr.hasPrefix("invites: pending: ") && pending.stderr.contains("invites withdraw --db \(db) --invitation inv-1, or invites expire --due --db \(db) if")
                && !pending.stderr.contains("--force records"), "\(pending.stderr)")
        #expect(try send("r1", at: "2026-01-02T00:00:00Z", force: true).status == 1)
        #expect(try invites(["accept", "--account", "A", "--to", "r1", "--at", "2026-01-03T00:00:00Z", "--db", db]).status == 0)
        let connected = try send("r1", at: "2026-01-04T00:00:00Z")
        #expect(connected.status == 3 && connected.stderr.contains("never invited again") && !connected.stderr.contains("--force"), "\(connected.stderr)")
        #expect(try send("r2", at: "2026-01-01T00:00:00Z").status == 0)
        #expect(try invites(["withdraw", "--account", "A", "--to", "r2", "--at", "2026-01-02T00:00:00Z", "--db", db]).status == 0)
        let cooldown = try send("r2", at: "2026-01-03T00:00:00Z")
        #expect(cooldown.status == 3 && cooldown.stderr.hasPrefix("invites: cooldown: ") && cooldown.stderr.contains("--force records it anyway"), "\(cooldown.stderr)")
        #expect(try send("r2", at: "2026-01-03T00:00:00Z", force: true).status == 0)
    }
}

/// `expire --due` records `"by": "policy"` (SPEC §3), so a `--by` with it is a malformed command line, like naming an invitation.
@Test func expireDueRefusesBy() throws {
    try withTemporaryLedger { db, _ in
        #expect(try invites(["send", "--account", "A", "--to", "r1", "--at", "2025-01-01T00:00:00Z", "--db", db]).status == 0)
        let run = try invites(["expire", "--due", "--by", "me", "--db", db])
        #expect(run.status == 64 && run.stderr.contains("drop --by"), "\(run.stderr)")
        #expect(try invites(["status", "--db", db, "--format", "json"]).object["events"] as? Int == 1)
        // `--by policy` says what --due records anyway: accepted.
        #expect(try invites(["expire", "--due", "--by", "policy", "--db", db, "--format", "json"]).object["appended"] as? Int == 1)
    }
}

/// Parallel `send`s take turns under the caps: the check is made in the transaction that records
/// the send, so with room for three, exactly three of eight parallel sends are recorded.
@Test func parallelSendsRespectTheCaps() throws {
    for cap in ["weekly_cap", "pending_cap"] {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["policy", "--set", "\(cap)=3", "--db", db]).status == 0)
            #expect(try invites(["pending", "--db", db]).status == 0)  // projections built, as in daily use
            let processes = try (0..<8).map { index -> Process in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: Paths.binary)
                process.arguments = ["send", "--account", "A", "--to", "r\(index)", "--at", "2026-01-01T00:00:00Z", "--db", db]
                process.standardError = FileHandle.nullDevice
                process.standardOutput = FileHandle.nullDevice
                try process.run()
                return process
            }
            for process in processes { process.waitUntilExit() }
            let statuses = processes.map(\.terminationStatus)
            #expect(statuses.filter { $0 == 0 }.count == 3 && statuses.filter { $0 == 3 }.count == 5, "\(cap): \(statuses)")
            #expect(try invites(["status", "--db", db, "--format", "json"]).object["events"] as? Int == 3, "\(cap)")
        }
    }
}

/// `check` with an empty account or recipient is a malformed command line, not a verdict about nobody.
@Test func checkRefusesEmptyNames() throws {
    try withTemporaryLedger { db, _ in
        for arguments in [["--account", "", "--to", "r1"], ["--account", "A", "--to", "  "]] {
            let run = try invites(["check"] + arguments + ["--db", db])
            #expect(run.status == 64 && run.stderr.contains("is empty"), "\(arguments): \(run.status) \(run.stderr)")
        }
        #expect(try invites(["check", "--account", "A", "--to", "r1", "--db", db]).status == 0)
    }
}
