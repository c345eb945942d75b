import Testing
@testable import Ledger
import TestSupport

/// The import fast path must give exactly the generic parser's result, accepted or refused, message included.
struct EventLineScannerTests {
    private func generic(_ bytes: [UInt8]) -> Result<ProposedEvent, Rejection> {
        bytes.withUnsafeBytes { raw in
            do throws(JSONSyntaxError) {
                return EventParser.parse(members: try JSONLineParser.members(of: raw))
            } catch {
                return .failure(EventParser.unparsed(raw, error.description))
            }
        }
    }

    private func fast(_ bytes: [UInt8]) -> Result<ProposedEvent, Rejection> {
        bytes.withUnsafeBytes { EventParser.parse(line: $0) }
    }

    @Test func ordinaryLinesTakeTheFastPath() {
        for seed in ImporterFuzzer.seeds where !seed.contains("\"position\"") {
            let scanned = Array(seed.utf8).withUnsafeBytes { EventLineScanner.fields(of: $0) }
            #expect(scanned != nil, "\(seed)")
        }
        let spaced = #"  { "type" : "sent" , "at":"2026-01-05T09:30:00Z","account":"a","recipient":"r","note":null }  "#
        #expect(Array(spaced.utf8).withUnsafeBytes { EventLineScanner.fields(of: $0) } != nil)
    }

    @Test func unusualLinesFallBack() {
        for line in [#"{"type":"sent","type":"sent"}"#, #"{"typ\u0065":"sent"}"#, #"{"type":"sent","x":1}"#,
                     #"{"type":"sent","note":1}"#, #"{"type":"sent","note":"\x"}"#, #"{}"#, #"{"type":"sent"} x"#,
                     #"{"type":"sent","position":3}"#, #"{"type":"sent","note":"\ud800"}"#] {
            #expect(Array(line.utf8).withUnsafeBytes { EventLineScanner.fields(of: $0) } == nil, "\(line)")
        }
    }

    @Test func fastAndGenericPathsAgreeOnFuzzedLines() {
        var fuzzer = ImporterFuzzer(random: SeededGenerator(seed: 20_261_129))
        var lines = ImporterFuzzer.seeds.map { Array($0.utf8) }
        lines.append(Array(#"{"type":"sent","at":"2026-01-05T09:30:00Z","account":"a","recipient":"r","note":"\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00"}"#.utf8))
        lines.append(Array(#"{"type":"sent","at":"2026-01-05T09:30:00Z","account":"a","recipient":"r","note":"é 👋"}"#.utf8))
        lines.append([0x7B, 0x22, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3A, 0x22, 0xC0, 0xAF, 0x22, 0x7D])
        for _ in 0..<5_000 { lines.append(fuzzer.line()) }
        for line in lines {
            #expect(fast(line) == generic(line), "\(String(decoding: line, as: UTF8.self))")
        }
    }
}
