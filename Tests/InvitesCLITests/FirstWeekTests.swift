import Foundation
import Testing

/// What a new user met in a first week with the tool (audit 51) and a fresh reading of SPEC
/// (audit 50): each answer is SPEC's, and what surprised them is now said or taken.
@Suite struct FirstWeekTests {
    private func send(_ db: String, _ account: String, _ to: String, at: String, _ extra: [String] = []) throws -> RunResult {
        try invites(["send", "--db", db, "--account", account, "--to", to, "--at", at] + extra)
    }

    /// An export holds no policy: it says which one to set, and a refused long note says how to keep it.
    @Test func anExportOfALedgerWithItsOwnPolicySaysWhatToSetOnTheCopy() throws {
        try withTemporaryLedger { db, folder in
            #expect(try invites(["policy", "--db", db, "--set", "note_limit=500", "--set", "weekly_cap=80"]).status == 0)
            #expect(try send(db, "anna", "linkedin.com/in/long", at: "2026-11-20T10:00:00Z", ["--note", String(repeating: "x", count: 400)]).status == 0)
            let export = try invites(["export", "--db", db])
            #expect(export.status == 0 && export.stdout.contains(#""note":"xxx"#))
            #expect(export.stderr.contains("run `invites policy --db NEW --set weekly_cap=80 --set note_limit=500` before importing"), "\(export.stderr)")
            let file = folder.appendingPathComponent("export.jsonl").path
            try export.stdout.write(toFile: file, atomically: false, encoding: .utf8)
            let copy = folder.appendingPathComponent("copy").path
            let refused = try invites(["import", file, "--db", copy])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("run `invites policy --db \(copy) --set note_limit=400` first to keep them"), "\(refused.stderr)")
            // Done as it says, the export imports.
            #expect(try invites(["policy", "--db", copy, "--set", "note_limit=400"]).status == 0)
            #expect(try invites(["import", file, "--db", copy]).status == 0)
            // Under --skip-invalid the rest is recorded: only the refused lines may go in again (review 52).
            let mixed = folder.appendingPathComponent("mixed.jsonl").path
            let note = String(repeating: "y", count: 450)
            try ([#"{"type":"reminded","invitation":"inv-1","at":"2026-11-21T10:00:00Z"}"#,
                  #"{"type":"sent","invitation":"note is 99999","account":"a","recipient":"r","at":"2026-11-21T10:00:00Z","note":"\#(note)"}"#]
                .joined(separator: "\n") + "\n").write(toFile: mixed, atomically: false, encoding: .utf8)
            let kept = folder.appendingPathComponent("kept.jsonl").path
            let withRejects = try invites(["import", mixed, "--db", copy, "--skip-invalid", "--rejects", kept])
            #expect(withRejects.stderr.contains("--set note_limit=450` and `invites import \(kept) --db \(copy)`, which holds the refused lines"),
                    "\(withRejects.stderr)")
            // The summary of what was skipped is a note, in the `invites: <code>:` form (audit 100 F5).
            #expect(withRejects.stderr.contains("invites: note: skipped 1 refused line; copied to \(kept)"), "\(withRejects.stderr)")
            let skipped = try invites(["import", mixed, "--db", copy, "--skip-invalid"])
            let command = "sed -n '2p' \(mixed) | invites import - --db \(copy)"
            #expect(skipped.status == 0 && skipped.stderr.contains("as the file's other lines without an id would be recorded again: `\(command)`"),
                    "\(skipped.stderr)")
            // Followed, the advice records the long note once, and the reminder stays as the two imports above recorded it.
            #expect(try invites(["policy", "--db", copy, "--set", "note_limit=450"]).status == 0)
            #expect(try shell("PATH='\(URL(fileURLWithPath: Paths.binary).deletingLastPathComponent().path)':\"$PATH\"; \(command)").status == 0)
            let history = try invites(["history", "--db", copy, "--invitation", "note is 99999", "--format", "json"]).stdout
            #expect(history.components(separatedBy: #""type":"sent""#).count == 2, "\(history)")
            // A ledger on the defaults exports without a word.
            let plain = folder.appendingPathComponent("plain").path
            #expect(try send(plain, "anna", "r", at: "2026-11-20T10:00:00Z").status == 0)
            #expect(try invites(["export", "--db", plain]).stderr.isEmpty)
        }
    }

    /// `expire --due --now` writes: ahead of the clock it says so, and every sentence names what a follow-up moved on.
    @Test func followUpsNameTheirInvitationsAndAFutureDueRunIsSaid() throws {
        try withTemporaryLedger { db, _ in
            for index in 1...12 {
                #expect(try send(db, "a", "linkedin.com/in/p\(index)", at: "2026-01-01T\(10 + index % 10):00:00Z").status == 0)
            }
            let accepted = try invites(["accept", "--db", db, "--account", "a", "--to", "linkedin.com/in/p1", "--at", "2026-02-01T00:00:00Z"])
            #expect(accepted.stdout.hasSuffix("; accepted inv-1\n"), "\(accepted.stdout)")
            let past = try invites(["expire", "--due", "--db", db, "--now", "2026-09-01T00:00:00Z"])
            #expect(past.stdout.hasSuffix("; expired inv-2, inv-3, inv-4, inv-5, inv-6, inv-7, inv-8, inv-9, inv-10, inv-11 and 1 more\n"), "\(past.stdout)")
            #expect(past.stderr.isEmpty, "\(past.stderr)")
            // A run with nothing due says so (audit 146); its JSON is SPEC's append object as ever.
            let again = try invites(["expire", "--due", "--db", db, "--now", "2026-09-01T00:00:00Z"])
            #expect(again.stdout == "appended 0, 0 duplicates, 0 rejected; nothing is due at 2026-09-01T00:00:00Z\n", "\(again.stdout)")
            let againJSON = try invites(["expire", "--due", "--db", db, "--now", "2026-09-01T00:00:00Z", "--format", "json"])
            #expect(againJSON.stdout.hasPrefix(#"{"appended":0,"duplicates":0,"rejected":0,"first_position":null"#), "\(againJSON.stdout)")
            #expect(try send(db, "a", "linkedin.com/in/q", at: "2026-09-02T00:00:00Z").status == 0)
            let ahead = try invites(["expire", "--due", "--db", db, "--now", "2999-01-01T00:00:00Z", "--format", "json"])
            #expect(ahead.stdout.contains(#""appended":1"#) && ahead.stdout.contains(#""invitations":[]"#), "\(ahead.stdout)")
            #expect(ahead.stderr.contains("invites: note: --now 2999-01-01T00:00:00Z is more than an hour after the clock"), "\(ahead.stderr)")
        }
    }

    /// A bare profile name is another id (SPEC), but a note names the profile the ledger knows.
    @Test func aBareProfileNameOfAnInvitedProfileIsNoted() throws {
        try withTemporaryLedger { db, _ in
            #expect(try send(db, "ben", "https://www.linkedin.com/in/Michael-Darling/", at: "2026-11-01T00:00:00Z").status == 0)
            let note = "invites: note: recipient michael-darling has never been invited, but linkedin.com/in/michael-darling has"
            let check = try invites(["check", "--db", db, "--account", "ben", "--to", "michael-darling"])
            #expect(check.status == 0 && check.stderr.contains(note), "\(check.stderr)")
            #expect(try invites(["history", "--db", db, "--to", "michael-darling"]).stderr.contains(note))
            let slash = try invites(["check", "--db", db, "--account", "ben", "--to", "in/michael-darling"])
            #expect(slash.stderr.contains("recipient in/michael-darling has never been invited"), "\(slash.stderr)")
            let sent = try send(db, "ben", "michael-darling", at: "2026-11-02T00:00:00Z")
            #expect(sent.status == 0 && sent.stderr.contains(note), "\(sent.stderr)")
            // The profile itself, an id of another kind, and a profile never invited get no note.
            for to in ["linkedin.com/in/michael-darling", "urn:li:person:1", "someone-else"] {
                #expect(try invites(["check", "--db", db, "--account", "ben", "--to", to]).stderr.isEmpty, "\(to)")
            }
        }
    }

    /// A profile URL pasted with quotes or punctuation around it is the same person; what normalising leaves after a name is noted (audits 125 F1, 129).
    @Test func aProfileURLPastedWithPunctuationIsTheSamePerson() throws {
        try withTemporaryLedger { db, _ in
            #expect(try send(db, "ben", "https://www.linkedin.com/in/Jane-Doe", at: "2026-11-01T00:00:00Z").status == 0)
            for pasted in [#""https://www.linkedin.com/in/jane-doe/","#, "<https://www.linkedin.com/in/jane-doe>", "linkedin.com/in/jane-doe%3Ftrk%3Dx"] {
                let check = try invites(["check", "--db", db, "--account", "ben", "--to", pasted, "--now", "2026-11-02T00:00:00Z", "--format", "json"])
                #expect(check.status == 3 && check.object["reason"] as? String == "pending"
                        && check.object["recipient"] as? String == "linkedin.com/in/jane-doe", "\(pasted): \(check.stdout)")
            }
            let sent = try send(db, "ben", "https://www.linkedin.com/in/bob-x\u{2026}", at: "2026-11-02T00:00:00Z")
            #expect(sent.status == 0 && sent.stderr.contains("has \"\u{2026}\" after its profile name")
                    && sent.stderr.contains("if linkedin.com/in/bob-x is meant, give that (--to linkedin.com/in/bob-x)"), "\(sent.stderr)")
            #expect(try invites(["check", "--db", db, "--account", "ben", "--to", "linkedin.com/in/jane-doe"]).stderr.isEmpty)
        }
    }

    /// A digest's Merkle root names it as its chain hash does; a refused pending cap says what to do.
    @Test func verifyTakesEitherHashOfADigest() throws {
        try withTemporaryLedger { db, _ in
            for index in 1...5 { #expect(try send(db, "a", "r\(index)", at: "2026-01-0\(index)T10:00:00Z").status == 0) }
            let digest = try invites(["digest", "--db", db, "--position", "3"])
            let document = try #require(try JSONSerialization.jsonObject(with: Data(digest.stdout.utf8)) as? [String: Any])
            let root = try #require(document["root"] as? String), hash = try #require(document["hash"] as? String)
            for given in [root, hash] {
                let run = try invites(["verify", "--db", db, "--expect", "\(given)@3", "--format", "json"])
                #expect(run.status == 0 && run.stdout == #"{"ok":true,"events":5,"position":3,"hash":"\#(hash)"}"# + "\n", "\(run.stdout)")
            }
            #expect(try invites(["verify", "--db", db, "--expect", "\(root)@4"]).status == 1)
            let emptyRoot = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
            #expect(try invites(["verify", "--db", db, "--expect", "\(emptyRoot)@0"]).status == 0)
        }
    }

    /// A repeated `--expect` or `--root` checks every value given: the last one winning turned a failed check into a pass (audit 79 F1).
    @Test func everyExpectationAndTrustedRootGivenIsChecked() throws {
        try withTemporaryLedger { db, folder in
            for index in 1...5 { #expect(try send(db, "a", "r\(index)", at: "2026-01-0\(index)T10:00:00Z").status == 0) }
            let digest = try invites(["digest", "--db", db, "--position", "3"]).object
            let root = try #require(digest["root"] as? String), hash = try #require(digest["hash"] as? String)
            let head = try #require(try invites(["digest", "--db", db]).object["hash"] as? String)
            let wrong = String(repeating: "a", count: 64)
            for order in [[wrong + "@2", head + "@5"], [head + "@5", wrong + "@2"]] {
                let run = try invites(["verify", "--db", db, "--format", "json"] + order.flatMap { ["--expect", $0] })
                #expect(run.status == 1 && run.stdout.hasPrefix(#"{"ok":false,"position":2,"#), "\(order): \(run.stdout)")
            }
            let both = try invites(["verify", "--db", db, "--format", "json", "--expect", root + "@3", "--expect", head + "@5"])
            #expect(both.status == 0 && both.stdout == #"{"ok":true,"events":5,"position":5,"hash":"\#(head)"}"# + "\n", "\(both.stdout)")
            #expect(try invites(["verify", "--db", db, "--expect", hash + "@3", "--expect", "zz@1"]).status == 64)
            // After the first, each is read from the checked chain and tree, not checked in another pass: the same answers.
            let rootLast = try invites(["verify", "--db", db, "--format", "json", "--expect", head + "@5", "--expect", root + "@3"])
            #expect(rootLast.status == 0 && rootLast.stdout == #"{"ok":true,"events":5,"position":3,"hash":"\#(hash)"}"# + "\n", "\(rootLast.stdout)")
            let said = try invites(["verify", "--db", db, "--expect", hash + "@3", "--expect", root + "@3"])
            #expect(said.stdout.contains("the Merkle root at 3 is the one expected"), "\(said.stdout)")
            let pastHead = try invites(["verify", "--db", db, "--format", "json", "--expect", head + "@5", "--expect", head + "@6"])
            #expect(pastHead.status == 1 && pastHead.stdout.contains("past the head"), "\(pastHead.stdout)")

            let proof = folder.appendingPathComponent("since-3.json")
            try invites(["prove", "--db", db, "--from", "3", "--to", "5"]).stdout.write(to: proof, atomically: false, encoding: .utf8)
            for roots in [[wrong, root], [root, wrong]] {
                let run = try invites(["verify-proof", proof.path] + roots.flatMap { ["--root", $0] })
                #expect(run.status == 1 && run.stdout.hasPrefix(#"{"ok":false"#) && run.stderr.contains("a proof has one root"), "\(roots): \(run.stderr)")
            }
            #expect(try invites(["verify-proof", proof.path, "--root", root, "--root", root.uppercased()]).status == 0)
        }
    }

    @Test func aPendingCapRefusalSaysWhatToDo() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["policy", "--db", db, "--set", "pending_cap=2"]).status == 0)
            for index in 1...2 { #expect(try send(db, "acct-ben", "r\(index)", at: "2026-11-2\(index)T00:00:00Z").status == 0) }
            let refused = try send(db, "acct-ben", "r3", at: "2026-11-23T00:00:00Z")
            #expect(refused.status == 3)
            #expect(refused.stderr.contains("acct-ben holds pending_cap (2) or more pending invitations: withdraw the stalest first "
                + "(invites pending --db \(db) --account acct-ben lists them, oldest first), or --force records it anyway"), "\(refused.stderr)")
            // The command it names lists them, young as they are (audit 91 F1: `--older-than 3w` listed none).
            let listed = try invites(["pending", "--db", db, "--account", "acct-ben", "--format", "json"])
            #expect(listed.rows.count == 2, "\(listed.stdout)")
        }
    }

    /// A refusal over invitations that have run out leads with `expire --due`, which dates their expiry then, not with a withdraw now (audit 116 F3, F5).
    @Test func aRefusalOverInvitationsThatRanOutLeadsWithExpire() throws {
        try withTemporaryLedger { db, _ in
            #expect(try send(db, "a", "linkedin.com/in/x", at: "2026-01-01T00:00:00Z").status == 0)
            let pair = ["--account", "a", "--to", "linkedin.com/in/x", "--db", db]
            let early = try invites(["check"] + pair + ["--now", "2026-07-01T23:59:59Z"])
            #expect(early.status == 3 && !early.stdout.contains("ran out"), "\(early.stdout)")
            let late = try invites(["check"] + pair + ["--now", "2026-07-02T00:00:00Z"])
            #expect(late.status == 3 && late.stdout.contains("; it ran out at 2026-07-02T00:00:00Z, so LinkedIn has most likely expired it "
                + "(invites expire --due records that)"), "\(late.stdout)")
            // JSON keeps SPEC's fields and no more.
            let json = try invites(["check"] + pair + ["--now", "2026-07-02T00:00:00Z", "--format", "json"])
            #expect(json.stdout == #"{"account":"a","recipient":"linkedin.com/in/x","allowed":false,"reason":"pending","until":null,"invitation":"inv-1"}"# + "\n")
            let resend = try send(db, "a", "linkedin.com/in/x", at: "2026-08-01T00:00:00Z")
            #expect(resend.status == 3 && resend.stderr.contains("it ran out at 2026-07-02T00:00:00Z (expire_after 26w), so LinkedIn has most "
                + "likely expired it: invites expire --due --db \(db) records that, and its cooldown counts from then"), "\(resend.stderr)")
            #expect(try invites(["policy", "--db", db, "--set", "pending_cap=1"]).status == 0)
            let capped = try send(db, "a", "linkedin.com/in/y", at: "2026-08-01T00:00:00Z")
            #expect(capped.status == 3 && capped.stderr.contains("a holds pending_cap (1) or more pending invitations, 1 of them past "
                + "expire_after (26w), which LinkedIn has most likely expired: invites expire --due --db \(db) records that"), "\(capped.stderr)")
            let check = try invites(["check", "--account", "a", "--to", "linkedin.com/in/y", "--db", db, "--now", "2026-08-01T00:00:00Z"])
            #expect(check.stdout.contains("; 1 of a's pending invitations ran out, so LinkedIn has most likely expired it"), "\(check.stdout)")
            // Following the advice frees the pair at once: the expiry is dated when it ran out, and its cooldown has passed.
            #expect(try invites(["expire", "--due", "--db", db, "--now", "2026-08-01T00:00:00Z"]).status == 0)
            #expect(try invites(["check"] + pair + ["--now", "2026-08-01T00:00:00Z"]).status == 0)
        }
    }

    /// A reminder, withdraw or acceptance dated when its invitation had run out is recorded, and said; one a millisecond earlier is not (audit 116 F7).
    @Test func aFollowUpAfterTheInvitationRanOutIsSaid() throws {
        try withTemporaryLedger { db, _ in
            for (index, person) in ["x", "y", "z", "w"].enumerated() {
                #expect(try invites(["send", "--db", db, "--account", "a", "--to", "linkedin.com/in/\(person)", "--invitation", "i\(index + 1)",
                                     "--at", "2026-01-01T00:00:00Z"]).status == 0)
            }
            let ranOut = "ran out at 2026-07-02T00:00:00Z (expire_after 26w): by this "
            let inTime = try invites(["remind", "--db", db, "--invitation", "i1", "--at", "2026-07-01T23:59:59.999Z"])
            #expect(inTime.status == 0 && inTime.stderr.isEmpty, "\(inTime.stderr)")
            let reminded = try invites(["remind", "--db", db, "--invitation", "i2", "--at", "2026-07-02T00:00:00Z"])
            #expect(reminded.status == 0 && reminded.stderr.contains("i2 \(ranOut)reminder, LinkedIn had most likely expired it; "
                + "the expiry invites expire --due records is now dated at this reminder"), "\(reminded.stderr)")
            let withdrawn = try invites(["withdraw", "--db", db, "--account", "a", "--to", "linkedin.com/in/z", "--at", "2026-08-01T00:00:00Z"])
            #expect(withdrawn.status == 0 && withdrawn.stderr.contains("i3 \(ranOut)withdraw, LinkedIn had most likely expired it; "
                + "cooldown_after_withdraw counts from this withdraw"), "\(withdrawn.stderr)")
            let accepted = try invites(["accept", "--db", db, "--invitation", "i4", "--at", "2026-09-01T00:00:00Z", "--format", "json"])
            #expect(accepted.status == 0 && accepted.stdout.hasPrefix(#"{"appended":1"#)
                    && accepted.stderr.contains("i4 \(ranOut)acceptance, LinkedIn had most likely expired it"), "\(accepted.stderr)")
            // The expiry itself is what it should be, and says nothing.
            let expired = try invites(["expire", "--db", db, "--invitation", "i1", "--at", "2026-09-01T00:00:00Z"])
            #expect(expired.status == 0 && expired.stderr.isEmpty, "\(expired.stderr)")
        }
    }

    /// `policy --set` without `KEY=` is a malformed command line; a near key is suggested; `expire_after` may be zero.
    @Test func policyAssignmentsAreCheckedLikeTheRestOfTheCommandLine() throws {
        try withTemporaryLedger { db, _ in
            for malformed in ["weekly_cap", "=5"] {
                #expect(try invites(["policy", "--db", db, "--set", malformed]).status == 64, "\(malformed)")
            }
            let near = try invites(["policy", "--db", db, "--set", "weeklycap=10"])
            #expect(near.status == 1 && near.stderr.hasSuffix(": did you mean weekly_cap?\n"), "\(near.stderr)")
            // Every refused key and value is named in the one run (audit 132).
            let several = try invites(["policy", "--db", db, "--set", "weeklycap=10", "--set", "note_limit=-1", "--set", "expire_after=3W"])
            #expect(several.status == 1 && several.stderr.hasPrefix("invites: invalid_policy: 3 of the 3 --set values were refused, nothing was changed: ")
                    && several.stderr.contains("weekly_cap?") && several.stderr.contains("note_limit: ")
                    && several.stderr.contains("expire_after: "), "\(several.stderr)")
            let beside = try invites(["policy", "--db", db, "--set", "weekly_cap=5", "--set", "bogus=1"])
            #expect(beside.stderr.hasPrefix("invites: invalid_policy: 1 of the 2 --set values was refused, nothing was changed: unknown policy key"),
                    "\(beside.stderr)")
            #expect(try invites(["policy", "--db", db, "--set", "weekly_cap="]).status == 1)
            #expect(try invites(["policy", "--db", db, "--set", "expire_after=0d"]).status == 0)
            #expect(try send(db, "a", "r", at: "2026-01-05T10:00:00Z").status == 0)
            let pending = try invites(["pending", "--db", db, "--now", "2026-01-05T10:00:00Z", "--format", "json"])
            #expect(pending.stdout.contains(#""expires_at":"2026-01-05T10:00:00Z","overdue":true"#), "\(pending.stdout)")
            let expired = try invites(["expire", "--due", "--db", db, "--now", "2026-01-05T10:00:00Z", "--format", "json"])
            #expect(expired.stdout.contains(#""appended":1"#), "\(expired.stdout)")
            #expect(try invites(["log", "--db", db]).stdout.contains(#""at":"2026-01-05T10:00:00Z","by":"policy""#))
        }
    }

    /// `policy` and `status` show a duration as it was set (`21d`, not `3w`); a refused `--set` creates no ledger (audit 75 M1, L1).
    @Test func policyDurationsAreShownAsTheyWereSet() throws {
        try withTemporaryLedger { db, _ in
            for refused in ["foo=1", "expire_after=3W", "weekly_cap=-1", "weekly_cap=+5"] {
                let run = try invites(["policy", "--db", db, "--set", "note_limit=400", "--set", refused])
                #expect(run.status == 1 && run.stderr.hasPrefix("invites: invalid_policy: "), "\(run.stderr)")
                #expect(!FileManager.default.fileExists(atPath: db), "\(refused) created the ledger")
            }
            let defaults = try invites(["policy", "--db", db, "--format", "json"]).stdout
            #expect(defaults.hasPrefix(#"{"expire_after":"26w","cooldown_after_withdraw":"3w","cooldown_after_expire":"3w","#), "\(defaults)")
            let set = try invites(["policy", "--db", db, "--format", "json", "--set", "expire_after=36h",
                                   "--set", "cooldown_after_withdraw=21d", "--set", "cooldown_after_expire=90m"])
            let shown = #"{"expire_after":"36h","cooldown_after_withdraw":"21d","cooldown_after_expire":"90m","#
            #expect(set.status == 0 && set.stdout.hasPrefix(shown), "\(set.stdout)")
            #expect(try invites(["policy", "--db", db, "--format", "json"]).stdout.hasPrefix(shown))
            let status = try invites(["status", "--db", db, "--format", "json"]).object
            #expect((status["policy"] as? [String: Any])?["cooldown_after_withdraw"] as? String == "21d")
            #expect(try invites(["policy", "--db", db]).stdout.contains("cooldown_after_withdraw  21d"))
            // 21d is the default's value: an export's advice leaves it out.
            #expect(try send(db, "a", "r", at: "2026-01-05T10:00:00Z").status == 0)
            let export = try invites(["export", "--db", db])
            #expect(export.stderr.contains("--set expire_after=36h --set cooldown_after_expire=90m` before"), "\(export.stderr)")
        }
    }

    /// An empty optional text field counts as absent on any kind (SPEC §2), as null does; a written one still does not belong.
    @Test func anEmptyOptionalFieldOnAnotherKindIsAbsent() throws {
        try withTemporaryLedger { db, _ in
            let lines = [
                #"{"type":"sent","id":"e1","invitation":"i1","account":"a","recipient":"r","at":"2026-01-05T00:00:00Z","reason":""}"#,
                #"{"type":"accepted","id":"e2","invitation":"i1","at":"2026-01-06T00:00:00Z","note":"  ","by":"","source":"\t"}"#,
                // An exported line's "position" takes the generic parser's path, and an escaped blank too.
                #"{"position":7,"type":"sent","id":"e3","invitation":"i3","account":"a","recipient":"s","at":"2026-01-07T00:00:00Z","reason":"\u0020\u00a0"}"#,
            ]
            let run = try invites(["import", "-", "--db", db, "--format", "json"], input: lines.joined(separator: "\n") + "\n")
            #expect(run.status == 0 && run.stdout.contains(#""appended":3"#), "\(run.stderr)")
            #expect(!(try invites(["log", "--db", db]).stdout.contains(#""reason""#)))
            let written = #"{"type":"sent","invitation":"i2","account":"a","recipient":"s","at":"2026-01-05T00:00:00Z","reason":"x"}"#
            let refused = try invites(["import", "-", "--db", db], input: written + "\n")
            #expect(refused.status == 1 && refused.stderr.contains(#""reason" does not belong on a sent event"#), "\(refused.stderr)")
        }
    }

    /// Smaller things: a missing folder is named, a JSON array or CSV gets the format, metrics name their zone.
    @Test func messagesSayWhatIsWrongAndWhatToDo() throws {
        try withTemporaryLedger { db, folder in
            let deep = folder.appendingPathComponent("missing/sub/ledger").path
            let create = try send(deep, "a", "r", at: "2026-01-05T00:00:00Z")
            #expect(create.status == 1 && create.stderr.contains("its folder \(folder.path)/missing/sub does not exist (create it first, or check --db)"),
                    "\(create.stderr)")
            let follow = try invites(["remind", "--db", deep, "--invitation", "x"])
            #expect(follow.status == 1 && follow.stderr.contains("does not exist either (is --db or $INVITES_DB right?)"), "\(follow.stderr)")

            let array = #"[{"type":"sent","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z"}]"#
            let notLines = try invites(["import", "-", "--db", db], input: array + "\n")
            #expect(notLines.status == 1 && notLines.stderr.contains("import takes JSON Lines, one event object per line"), "\(notLines.stderr)")
            // No line of it could be appended: --skip-invalid is not offered (audit 70 F6).
            #expect(notLines.stderr.contains("(no line of it can be appended as it is; import takes JSON Lines")
                    && !notLines.stderr.contains("--skip-invalid"), "\(notLines.stderr)")
            let oneGood = try invites(["import", "-", "--db", db], input: "{}\n" + #"{"type":"sent","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z"}"# + "\n")
            #expect(oneGood.status == 1 && oneGood.stderr.contains("(use --skip-invalid to append the valid lines"), "\(oneGood.stderr)")
            let oneBad = try invites(["import", "-", "--db", db], input: "{}\n")
            #expect(!oneBad.stderr.contains("import takes JSON Lines"), "\(oneBad.stderr)")
            // An array written one object a line is not JSON Lines; events whose first line is an object written wrong are (review 130).
            let pretty = "[\n" + #"{"type":"sent","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z"},"# + "\n]\n"
            #expect(try invites(["import", "-", "--db", db], input: pretty).stderr.contains("import takes JSON Lines"))
            let tab = #"{"type":"sent","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z","note":"a"# + "\t" + #"b"}"# + "\n"
            let rawTab = try invites(["import", "-", "--db", db], input: tab)
            #expect(rawTab.status == 1 && rawTab.stderr.contains("not valid JSON") && !rawTab.stderr.contains("import takes JSON Lines"), "\(rawTab.stderr)")

            #expect(try send(db, "a", "linkedin.com/in/x", at: "2026-01-05T09:00:00Z", ["--note", "Hello Bob, loved your talk on \"CRDTs\", truly"]).status == 0)
            let history = try invites(["history", "--db", db, "--to", "linkedin.com/in/x"]).stdout
            #expect(history.contains(#"note "Hello Bob, loved your talk on \"CRDTs\", …""#), "\(history)")
            let byHour = try invites(["metrics", "--db", db, "--by", "hour", "--tz", "Europe/Berlin", "--now", "2026-02-01T00:00:00Z"])
            #expect(byHour.stdout.hasPrefix("hour (Europe/Berlin)  sent"), "\(byHour.stdout)")
            let reversed = try invites(["metrics", "--db", db, "--sent-since", "2026-05-01T00:00:00Z", "--sent-until", "2026-01-01T00:00:00Z"])
            #expect(reversed.status == 0 && reversed.stderr.contains("is after --sent-until"), "\(reversed.stderr)")
        }
    }

    /// Values named in any case, a source named as it was not recorded, and `--format csv` where only JSON Lines is written.
    @Test func namesAreTakenAsAUserTypesThem() throws {
        try withTemporaryLedger { db, _ in
            #expect(try send(db, "a", "r", at: "2026-11-01T00:00:00Z", ["--source", "referral"]).status == 0)
            #expect(try invites(["metrics", "--db", db, "--by", "Source"]).stdout.hasPrefix("source "))
            #expect(try invites(["cooldown", "--db", db, "--state", "CONNECTED"]).status == 0)
            let other = try invites(["pending", "--db", db, "--source", "Referral"])
            #expect(other.stdout.hasSuffix("0 pending\n") && other.stderr.contains("did you mean referral?"), "\(other.stderr)")
            #expect(try invites(["pending", "--db", db, "--source", "referral"]).stderr.isEmpty)
            // --template narrows the same way: only invitations sent with that label.
            #expect(try send(db, "a", "t", at: "2026-11-01T01:00:00Z", ["--template", "variant-b"]).status == 0)
            #expect(try send(db, "a", "u", at: "2026-11-01T02:00:00Z", ["--template", "variant-a"]).status == 0)
            let variant = try invites(["pending", "--db", db, "--template", "variant-b", "--format", "json"])
            #expect((variant.json as? [[String: Any]])?.compactMap { $0["recipient"] as? String } == ["t"], "\(variant.stdout)")
            #expect(variant.stderr.isEmpty, "\(variant.stderr)")
            let misnamed = try invites(["pending", "--db", db, "--template", "Variant-B"])
            #expect(misnamed.stdout.hasSuffix("0 pending\n") && misnamed.stderr.contains("did you mean variant-b?"), "\(misnamed.stderr)")
            #expect(try invites(["pending", "--db", db, "--template", " "]).status == 64)
            let csv = try invites(["export", "--db", db, "--format", "csv"])
            #expect(csv.stdout.hasPrefix("{") && csv.stderr.contains("export always writes JSON Lines, whatever --format says"), "\(csv.stderr)")
            let readOnly = try send(db, "a", "s", at: "2026-11-02T00:00:00Z", ["--read-only"])
            #expect(readOnly.status == 1 && readOnly.stderr.hasSuffix("and this needs a write\n"), "\(readOnly.stderr)")
        }
    }

    /// A root given to `verify --expect` is checked against the events, not the stored tree: with the tree
    /// damaged, or the events altered under an intact tree, its verdict is the chain hash's (review 52).
    @Test func aGivenRootIsJudgedByTheEventsNotTheStoredTree() throws {
        try withTemporaryLedger { db, folder in
            func sends(_ third: String) -> String {
                (0..<64).map { index in
                    let recipient = index == 2 ? third : "r" + String(index)
                    let time = String(format: "%02d:%02d", index / 60, index % 60)
                    return #"{"type":"sent","id":"s\#(index)","invitation":"i\#(index)","account":"a","recipient":"\#(recipient)","at":"2026-01-01T\#(time):00Z"}"#
                }.joined(separator: "\n") + "\n"
            }
            let other = folder.appendingPathComponent("other").path
            #expect(try invites(["import", "-", "--db", db], input: sends("r2")).status == 0)
            #expect(try invites(["import", "-", "--db", other], input: sends("mallory")).status == 0)
            let digest = try #require(try JSONSerialization.jsonObject(with: Data(try invites(["digest", "--db", db, "--position", "32"]).stdout.utf8)) as? [String: Any])
            let root = try #require(digest["root"] as? String), hash = try #require(digest["hash"] as? String)
            // The other ledger's events, with this one's tree: altered events under an intact tree.
            try LogTampering.copyDatabase("merkle-nodes", from: db, to: other)
            for given in [hash, root] {
                let altered = try invites(["verify", "--db", other, "--expect", "\(given)@32"])
                #expect(altered.status == 1 && altered.stderr.contains("the events are not the ones of that digest")
                    && !altered.stderr.contains("are the ones of that digest"), "\(altered.stderr)")
                // The root is the stored tree's own, which the message says (read unchecked: the tree disagrees with the events).
                #expect(altered.stderr.contains("is the Merkle root the stored tree gives at 32") == (given == root), "\(altered.stderr)")
            }
            // This ledger's events, with a tree made from other events: a damaged tree.
            let fresh = folder.appendingPathComponent("fresh").path
            #expect(try invites(["import", "-", "--db", fresh], input: sends("mallory")).status == 0)
            try LogTampering.copyDatabase("merkle-nodes", from: fresh, to: db)
            for given in [hash, root] {
                let damaged = try invites(["verify", "--db", db, "--expect", "\(given)@32"])
                let named = given == root ? "the Merkle root the events give at 32" : "the chain hash at 32"
                #expect(damaged.status == 1 && damaged.stderr.contains("\(named) is the one expected, so events 1–32 are the ones of that digest"),
                        "\(damaged.stderr)")
            }
        }
    }
}
