@testable import InvitesCommands
import Testing

/// Proof documents come from anyone: the parser is strict and says where it stopped.
struct ProofJSONTests {
    func parse(_ text: String) throws(ProofJSONError) -> ProofJSON { try ProofJSONParser.parse(Array(text.utf8)) }

    @Test func aDocumentParsesWithItsNumbersKeptAsWritten() throws {
        let document = try parse(#"{"kind":"inclusion","size":12345678901234567890,"proof":["ab",null,true]}"#)
        #expect(document["kind"] == .string("inclusion"))
        #expect(document["size"] == .number("12345678901234567890"))
        #expect(document["proof"] == .array([.string("ab"), .null, .bool(true)]))
    }

    /// A number is canonical as JCS writes it: an integral float is that integer; a fraction or an inexact magnitude is refused.
    @Test func anEventsNumbersAreWrittenAsJCSWritesThem() throws {
        func canonical(_ position: String) throws -> String {
            String(decoding: try EventCanonicalizer.canonicalBytes(of: try parse(#"{"position":\#(position),"id":"e"}"#)), as: UTF8.self)
        }
        for written in ["3", "3.0", "3E0", "0.3e1", "30e-1"] {
            #expect(try canonical(written) == #"{"id":"e","position":3}"#, "\(written)")
        }
        #expect(try canonical("-0.0") == #"{"id":"e","position":0}"#)
        #expect(try canonical("9007199254740991") == #"{"id":"e","position":9007199254740991}"#)
        for refused in ["3.5", "1e300", "9007199254740992", "9.007199254740992e15"] {
            #expect(throws: ProofJSONError.self, "\(refused)") { try canonical(refused) }
        }
    }

    @Test func aLeadingByteOrderMarkIsSkipped() throws {
        #expect(try parse("\u{FEFF}" + #"{"ok":true}"#)["ok"] == .bool(true))
        #expect(throws: ProofJSONError.self) { try parse(#"{"ok":true}"# + "\u{FEFF}") }
        #expect(throws: ProofJSONError.self) { try parse("\u{FEFF}") }
    }

    @Test func whatIsNotStrictJSONIsRefused() {
        for bad in [#"{"a":1,"a":2}"#, #"{"a":"\ud800"}"#, #"{"a":1} x"#, #"{"a":01}"#, "{\"a\":\"\u{1}\"}", "", "[", #"{"a":tru}"#] {
            #expect(throws: ProofJSONError.self, "\(bad)") { try parse(bad) }
        }
    }

    @Test func aSurrogatePairIsJoinedAndALoneSurrogateIsRefused() throws {
        #expect(try parse(#"{"a":"\uD83D\uDE00\u00e9"}"#)["a"] == .string("😀é"))
        for lone in [#"{"a":"\udc00"}"#, #"{"a":"\ud83d\u0041"}"#, #"{"a":"\ud83dx"}"#] {
            #expect(throws: ProofJSONError.self, "\(lone)") { try parse(lone) }
        }
    }

    @Test func nestingIsCappedSoAHostileDocumentCannotExhaustTheStack() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: ProofJSONError.self) { try parse(deep) }
    }
}
