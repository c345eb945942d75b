@testable import InvitesCommands
import Ledger
import Testing

/// The names a mistyped one most likely meant, and what is hidden in a name.
@Suite struct NearNamesTests {
    @Test func theSameNameInAnotherCaseComesAlone() {
        #expect(NearNames.closest(to: "Acct-Sales-1", among: ["acct-sales-1", "acct-sales-2"]) == ["acct-sales-1"])
        #expect(NearNames.closest(to: "acct-sales-3", among: ["acct-sales-1", "acct-sales-2"]) == ["acct-sales-1", "acct-sales-2"])
        #expect(NearNames.closest(to: "zeta", among: ["acct-sales-1"]).isEmpty)
    }

    /// A zero-width space or a direction mark is named by its code point, once; an emoji's joiner is not (audit 86 F2).
    @Test func invisibleCharactersAreNamed() {
        #expect(NearNames.shown("acct\u{200B}") == "acct\u{200B} (holding U+200B, which no table shows)")
        #expect(NearNames.shown("\u{200E}a\u{200E}b\u{FEFF}") == "\u{200E}a\u{200E}b\u{FEFF} (holding U+200E, U+FEFF, which no table shows)")
        #expect(NearNames.shown("acct") == "acct")
        #expect(NearNames.shown("👨‍👩‍👧") == "👨‍👩‍👧")
        // Accents written apart (NFD) print as the composed name does: said (audit 109 F7).
        #expect(NearNames.shown("Zoe\u{0308}") == "Zoe\u{0308} (not in Unicode's composed form (NFC), e.g. accents written apart: another name than the same letters composed)")
        #expect(NearNames.shown("Zo\u{00EB}") == "Zo\u{00EB}")
        #expect(NearNames.closest(to: "acct\u{200B}", among: ["acct"]) == ["acct"])
    }
}
