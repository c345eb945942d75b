@testable import InvitesCommands
import Testing

/// An older export's name is matched to a profile's address only when the address spells exactly that name (reviews 24–26).
struct ProfileNameMatchTests {
    @Test(arguments: [
        ("linkedin.com/in/jane-doe", "jane doe"),
        ("linkedin.com/in/jane-doe-1a2b3c4d", "jane doe"),
        ("linkedin.com/in/doe-jane", "doe, jane"),
        ("linkedin.com/in/jose-garcia", "josé garcía"),
        ("linkedin.com/in/sean-oneil", "seán o'neil"),
        ("linkedin.com/in/anne-marie-roux-42", "anne-marie roux"),
    ])
    func anAddressSpellingTheNameMatches(recipient: String, name: String) {
        #expect(LinkedInURLSends.slug(of: recipient, spells: name), "\(recipient) ~ \(name)")
    }

    @Test(arguments: [
        ("linkedin.com/in/john-paul-smith", "john smith"),
        ("linkedin.com/in/ann-xu", "ann"),
        ("linkedin.com/in/jdoe", "jane doe"),
        ("linkedin.com/in/jane-doe-smith", "jane doe"),
        ("linkedin.com/in/jane", "jane doe"),
        ("linkedin.com/in/42", "jane doe"),
        ("linkedin.com/in/jane-doe", "(she/her)"),
        // Leaving out initials or credentials made two people one (review 26): when in doubt, no match.
        ("linkedin.com/in/mary-smith", "mary j. smith"),
        ("linkedin.com/in/kim-lee", "kim lee, phd"),
        ("linkedin.com/in/john-smith-jr", "john smith sr."),
        ("linkedin.com/in/alex-kim", "alex kim (they/them)"),
    ])
    func anotherPersonsOrAnOpaqueAddressDoesNot(recipient: String, name: String) {
        #expect(!LinkedInURLSends.slug(of: recipient, spells: name), "\(recipient) ~ \(name)")
    }
}
