@testable import InvitesCommands
import Testing

/// A normalised profile URL whose name runs on into what no name holds names the profile most likely meant (audit 125 F1).
///
/// Normalising drops the punctuation pasted after a name (`Identity.recipient`); what it leaves, this reads.
struct RecipientStrayTailTests {
    @Test(arguments: [
        ("linkedin.com/in/jane-doe*", "linkedin.com/in/jane-doe", "\"*\""),
        ("linkedin.com/in/jane-doe~=", "linkedin.com/in/jane-doe", "\"~=\""),
        ("linkedin.com/in/jane-doe\"*", "linkedin.com/in/jane-doe", "'\"*'"),
        ("linkedin.com/in/jörg-x…", "linkedin.com/in/jörg-x", "\"…\""),
        ("linkedin.com/in/j%c3%b6rg>", "linkedin.com/in/j%c3%b6rg", "\">\""),
    ])
    func aNameWithAStrayTailNamesTheProfileMeant(recipient: String, profile: String, stray: String) throws {
        let tail = try #require(RecipientHint.strayTail(of: recipient))
        #expect(tail.profile == profile && tail.stray == stray, "\(tail)")
    }

    @Test(arguments: ["linkedin.com/in/jane-doe", "linkedin.com/in/jane_doe-1a2b3c", "linkedin.com/in/jörg", "linkedin.com/in/οδυσσεασ",
                      "linkedin.com/in/j%c3%b6rg", "linkedin.com/in/,jane", "urn:li:person:1", "jane-doe,",
                      // A mark between letters is the name's own (audit 133).
                      "linkedin.com/in/o'brien", "linkedin.com/in/jane.doe", "linkedin.com/in/jane-doe=x", "linkedin.com/in/ジョン・スミス"])
    func aCleanNameOrAnotherIdHasNone(recipient: String) {
        #expect(RecipientHint.strayTail(of: recipient) == nil, "\(recipient)")
    }
}
