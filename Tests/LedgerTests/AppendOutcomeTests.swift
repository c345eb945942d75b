import Testing
@testable import Ledger

/// A writer asked not to list the invitations it creates keeps the first and counts them all.
@Test func aWriterThatDoesNotListInvitationsCountsThem() throws {
    try withLedger { ledger, _ in
        let outcome = try ledger.append { writer in
            writer.listsInvitations = false
            for index in 1...4 {
                try writer.add(line: index, .success(sent("A", "linkedin.com/in/r\(index)", at: "2026-01-01T00:00:00Z", invitation: "i\(index)")))
            }
        }
        #expect(outcome.appended == 4 && outcome.invitationsCreated == 4 && outcome.invitations == ["i1"])
        let listed = try ledger.append([sent("A", "linkedin.com/in/r5", at: "2026-01-01T00:00:00Z", invitation: "i5"),
                                        sent("A", "linkedin.com/in/r6", at: "2026-01-01T00:00:00Z")])
        #expect(listed.invitationsCreated == 2 && listed.invitations == ["i5", "inv-6"])
        let refused = try ledger.append([sent("A", "linkedin.com/in/r7", at: "2026-01-01T00:00:00Z"),
                                         sent("A", "linkedin.com/in/r7", at: "2026-01-01T00:00:00Z")])
        #expect(!refused.committed && refused.invitationsCreated == 0 && refused.invitations.isEmpty)
    }
}
