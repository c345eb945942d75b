@testable import InvitesCommands
import LinkedInExport
import Testing

/// A LinkedIn row's id is recorded for good: it must not follow a later change of how profile slugs normalise (review 110 R1).
struct LinkedInEventIDTests {
    /// An outgoing row of alex-doe's with no invitee name (so its ids hash its profile URLs), sent 2026-01-05T09:00:00Z.
    static func row(_ invitee: String) -> ExportedInvitation {
        ExportedInvitation(line: 2, from: "Alex Doe", to: "", sentAt: 1_767_603_600_000, message: "Hi",
                           direction: .outgoing, inviterProfileURL: "https://www.linkedin.com/in/alex-doe",
                           inviteeProfileURL: invitee)
    }

    /// The ids of rows whose slugs this build folds (a final ς, accents written apart) are those the first builds gave them.
    @Test func idsOfFoldedSlugsAreTheFirstBuildsOnes() {
        // Pinned: what a build of 2026-12-01 (ef48441, whose non-ASCII slugs were only lower-cased) recorded for these
        // rows, imported from an Invitations.csv with `--account alex --tz UTC`.
        #expect(LinkedInEventIDs.sent(Self.row("https://www.linkedin.com/in/οδυσσεας/"), account: "alex") == "li:0d6e58af5703550e61b0:sent")
        #expect(LinkedInEventIDs.sent(Self.row("https://www.linkedin.com/in/jo%CC%88rg"), account: "alex") == "li:a6f762c6a67712a55577:sent")
        // An ASCII slug in any case is one id, as always.
        #expect(LinkedInEventIDs.sent(Self.row("https://www.linkedin.com/in/Jane-Doe/"), account: "alex")
                == LinkedInEventIDs.sent(Self.row("linkedin.com/in/jane-doe"), account: "alex"))
    }
}
