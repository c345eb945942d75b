import Testing
import LinkedInExport

@Suite struct NameKeyTests {
    @Test func trimsCollapsesAndFolds() {
        #expect(NameKey.of("  Jane   DOE ") == "jane doe")
        #expect(NameKey.of("Mary\r\nAnn\u{00A0}Smith") == "mary ann smith")
        #expect(NameKey.of(firstName: " José", lastName: "Ñúñez ") == "josé ñúñez")
        #expect(NameKey.of("Jose\u{301}").unicodeScalars.elementsEqual(NameKey.of("JOSÉ").unicodeScalars))
        #expect(NameKey.of("") == "")
    }
}
