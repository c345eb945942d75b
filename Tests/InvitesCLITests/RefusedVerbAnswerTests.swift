import Foundation
import Testing

/// A verb whose one event is refused answers as a refused import does: its error line, and with JSON or CSV the append object counting it (audit 125 F3).
@Suite struct RefusedVerbAnswerTests {
    private let refusedJSON = #"{"appended":0,"duplicates":0,"rejected":1,"first_position":null,"last_position":null,"invitations":[]}"#

    @Test func aRefusedFollowUpPrintsTheAppendObjectThatCountsIt() throws {
        try withTemporaryLedger { db, _ in
            let sent = try invites(["send", "--db", db, "--account", "a", "--to", "r1", "--invitation", "i1", "--at", "2026-01-05T00:00:00Z"])
            #expect(sent.status == 0, "\(sent.stderr)")
            #expect(try invites(["withdraw", "--db", db, "--invitation", "i1", "--at", "2026-01-06T00:00:00Z"]).status == 0)
            for verb in ["withdraw", "remind", "accept", "expire"] {
                let again = try invites([verb, "--db", db, "--invitation", "i1", "--at", "2026-01-07T00:00:00Z", "--format", "json"])
                #expect(again.status == 1 && again.stdout == refusedJSON + "\n", "\(verb): \(again.stdout)")
                #expect(again.stderr.hasPrefix("invites: already_closed: invitation i1 is already withdrawn"), "\(verb): \(again.stderr)")
            }
            let unknown = try invites(["accept", "--db", db, "--account", "a", "--to", "nobody", "--format", "csv"])
            #expect(unknown.status == 1 && unknown.stdout == "appended,duplicates,rejected,first_position,last_position,invitations\r\n0,0,1,,,\r\n",
                    "\(unknown.stdout.debugDescription)")
            #expect(unknown.stderr.hasPrefix("invites: unknown_invitation:"), "\(unknown.stderr)")
            // A table says it on standard error only.
            let table = try invites(["remind", "--db", db, "--invitation", "i1"])
            #expect(table.status == 1 && table.stdout.isEmpty && table.stderr.contains("already_closed"), "\(table.stdout)")
        }
    }

    @Test func aRefusedSendPrintsTheAppendObjectButAPolicyRefusalItsVerdict() throws {
        try withTemporaryLedger { db, _ in
            #expect(try invites(["send", "--db", db, "--account", "a", "--to", "r1", "--at", "2026-01-05T00:00:00Z"]).status == 0)
            let early = try invites(["send", "--db", db, "--account", "a", "--to", "r1", "--at", "2026-01-04T00:00:00Z", "--force", "--format", "json"])
            #expect(early.status == 1 && early.stdout == refusedJSON + "\n" && early.stderr.hasPrefix("invites: already_pending:"),
                    "\(early.stdout) \(early.stderr)")
            let badTime = try invites(["send", "--db", db, "--account", "a", "--to", "r2", "--at", "yesterday", "--format", "json"])
            #expect(badTime.status == 1 && badTime.stdout == refusedJSON + "\n" && badTime.stderr.hasPrefix("invites: invalid_event:"),
                    "\(badTime.stdout) \(badTime.stderr)")
            let policy = try invites(["send", "--db", db, "--account", "a", "--to", "r1", "--at", "2026-01-06T00:00:00Z", "--format", "json"])
            #expect(policy.status == 3 && policy.stdout.contains(#""reason":"pending""#) && !policy.stdout.contains("appended"), "\(policy.stdout)")
        }
    }
}
