import Foundation
import Testing
@testable import Ledger
import TestSupport

/// A seeded mutation fuzzer over the JSON Lines importer (parser, validation and the batch writer).
///
/// `-sanitize=fuzzer` needs a toolchain build CI does not have, so the suite runs a deterministic
/// mutation loop instead: valid lines of every kind, mutated by byte flips, inserts, deletes, truncation
/// and a catalogue of hostile shapes (duplicate keys, deep nesting, huge numbers, invalid UTF-8, NUL
/// bytes, megabyte values, 10,000-character notes, year 0 and 9999, leap seconds). Every case must end
/// in a recorded event, a duplicate, or a rejection with a SPEC code and its line number; never a crash
/// or a hang. `FUZZ_CASES` and `FUZZ_SEED` scale it up for a soak run.
struct ImporterFuzzer {
    var random: SeededGenerator

    static let seeds: [String] = [
        #"{"type":"sent","id":"e-1","at":"2026-01-05T09:30:00Z","invitation":"inv-1","account":"acct-a","recipient":"https://www.linkedin.com/in/Jane-Doe/?trk=x","source":"search:cto","note":"Hi Jane — \"quoted\"\n","template":"v1"}"#,
        #"{"type":"reminded","at":"2026-01-06T10:00:00.123Z","invitation":"inv-1"}"#,
        #"{"type":"withdrawn","id":"e-3","at":"2026-01-07T10:00:00+01:00","account":"acct-a","recipient":"linkedin.com/in/jane-doe","reason":"no answer"}"#,
        #"{"type":"expired","at":"2026-07-07T10:00:00Z","invitation":"inv-1","by":"policy"}"#,
        #"{"type":"accepted","id":"e-5","at":"2026-01-08T08:00:00Z","invitation":"inv-2","position":5,"recorded_at":"x","hash":"00"}"#,
        #"{"type":"sent","at":"2026-02-01T00:00:00Z","account":" acct-b ","recipient":"urn:li:member:42","note":"   "}"#,
    ]

    static let fragments: [[UInt8]] = [
        Array(#""type":"sent","#.utf8), Array(#""at":"2026-01-01T00:00:00Z","#.utf8), Array(#""note":null,"#.utf8),
        Array(#""at":1e999999999,"#.utf8), Array(#""id":123456789012345678901234567890123456789,"#.utf8),
        Array(#""x":-0.0e-00000000000000000001,"#.utf8), Array(#""note":"\u0000","#.utf8), Array(#""note":"\ud800","#.utf8),
        Array(#""note":"\udc00\ud800","#.utf8), Array(#""note":"\uD83D\uDE00","#.utf8), Array(#""source":"\u2028\u2029","#.utf8),
        [0x00], [0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x0D], [0x0A],
        Array(#"{"#.utf8), Array(#"}"#.utf8), Array(#"["#.utf8), Array(#"]"#.utf8), Array(#"\"#.utf8), Array(#"""#.utf8),
        Array(#""at":"0000-01-01T00:00:00+01:00","#.utf8), Array(#""at":"9999-12-31T23:59:59-01:00","#.utf8),
    ]

    static let timestamps = [
        "0000-01-01T00:00:00Z", "0000-01-01T00:00:00+00:01", "0000-01-01T00:30:00+01:00", "9999-12-31T23:59:59.999Z",
        "9999-12-31T23:59:59-00:01", "9999-12-31T23:30:00-23:59", "2016-12-31T23:59:60Z", "2026-01-01T24:00:00Z",
        "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2026-01-01T00:00:00.123456789Z", "2026-01-01T00:00:00.Z",
        "2026-01-01 00:00:00Z", "2026-01-01T00:00:00", "+2026-01-01T00:00:00Z", "-0001-01-01T00:00:00Z",
        "2026-13-01T00:00:00Z", "2026-01-01T00:00:00+24:00", "2026-01-01t00:00:00z", "99999-01-01T00:00:00Z", "",
    ]

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

    /// One hostile line, derived from a valid one.
    mutating func line() -> [UInt8] {
        var bytes = Array(pick(Self.seeds).utf8)
        let rounds = int(1...2)
        for _ in 0..<rounds { mutate(&bytes) }
        return bytes
    }

    mutating func mutate(_ bytes: inout [UInt8]) {
        let position = bytes.isEmpty ? 0 : int(0...bytes.count - 1)
        switch int(0...13) {
        case 0 where !bytes.isEmpty: bytes[position] ^= UInt8(1 << int(0...7))
        case 1: bytes.insert(UInt8(int(0...255)), at: position)
        case 2 where !bytes.isEmpty: bytes.remove(at: position)
        case 3: bytes = Array(bytes.prefix(position))
        case 4:
            // A fragment after the opening brace: duplicate keys, huge numbers, escapes, bad bytes.
            bytes.insert(contentsOf: pick(Self.fragments), at: min(1, bytes.count))
        case 5: bytes.insert(contentsOf: pick(Self.fragments), at: position)
        case 6:
            let depth = pick([2, 63, 64, 65, 200, 2_000])
            let balanced = int(0...3) > 0
            var nested: [UInt8]
            if int(0...1) == 0 {
                nested = Array(repeating: UInt8(ascii: "["), count: depth)
                if balanced { nested += Array(repeating: UInt8(ascii: "]"), count: depth) }
            } else {
                nested = Array((String(repeating: #"{"k":"#, count: depth) + "1").utf8)
                if balanced { nested += Array(repeating: UInt8(ascii: "}"), count: depth) }
            }
            bytes.insert(contentsOf: Array(#""x":"#.utf8) + nested + [UInt8(ascii: ",")], at: min(1, bytes.count))
        case 7: replaceValue(of: "at", in: &bytes, with: "\"\(pick(Self.timestamps))\"")
        case 8:
            let length = pick([299, 300, 301, 10_000])
            let scalar = pick(["a", "é", "😀", " "])
            replaceValue(of: "note", in: &bytes, with: "\"" + String(repeating: scalar, count: length) + "\"")
        case 9:
            // A value of megabytes: the parser must stay linear and the field limits must refuse it.
            let field = pick(["note", "id", "source", "x"])
            let size = int(0...40) == 0 ? pick([1 << 20, 3 << 20]) : pick([1_025, 4_000, 70_000])
            replaceValue(of: field, in: &bytes, with: "\"" + String(repeating: "x", count: size) + "\"")
        case 10: replaceValue(of: pick(["id", "account", "recipient", "invitation"]), in: &bytes,
                              with: pick(["\"\"", "\"   \"", "\"a\\u0000b\"", "\"\\u0007\"", "null", "true", "[]", "{}", "-1e400", "\"" + String(repeating: "é", count: 600) + "\""]))
        case 11: bytes.insert(0x00, at: position)
        case 12: replaceValue(of: "type", in: &bytes, with: pick(["\"SENT\"", "\"sent \"", "\"deleted\"", "1", "null", "\"sent\\u0000\""]))
        default:
            bytes = pick([[], Array("   ".utf8), Array("[]".utf8), Array("null".utf8), Array("{}".utf8), Array("{\"type\":\"sent\"} trailing".utf8),
                          Array("\u{FEFF}{\"type\":\"sent\"}".utf8), [0xEF, 0xBB, 0xBF, 0x7B, 0x7D]])
        }
    }

    /// Replaces (or adds) the value of a top-level key, textually.
    func replaceValue(of key: String, in bytes: inout [UInt8], with value: String) {
        let text = String(decoding: bytes, as: UTF8.self)
        if let range = text.range(of: "\"\(key)\":") {
            var end = range.upperBound
            if end < text.endIndex, text[end] == "\"" {
                end = text.index(after: end)
                while end < text.endIndex, text[end] != "\"" {
                    if text[end] == "\\" { end = text.index(after: end); if end == text.endIndex { break } }
                    end = text.index(after: end)
                }
                if end < text.endIndex { end = text.index(after: end) }
            } else {
                while end < text.endIndex, text[end] != ",", text[end] != "}" { end = text.index(after: end) }
            }
            bytes = Array((String(text[..<range.upperBound]) + value + String(text[end...])).utf8)
        } else if bytes.first == UInt8(ascii: "{") {
            bytes.insert(contentsOf: Array("\"\(key)\":\(value),".utf8), at: 1)
        }
    }
}

/// Appends one fuzzed batch with `--skip-invalid` semantics; returns the outcome and the accepted timestamps that do not parse back.
func appendFuzzedBatch(_ batch: [[UInt8]], firstLine: Int, to ledger: Ledger) throws -> (AppendOutcome, [String]) {
    var unparsable: [String] = []
    let outcome = try ledger.append(skipInvalid: true) { writer in
        unparsable.removeAll()
        for index in batch.indices {
            let parsed = batch[index].withUnsafeBytes { EventParser.parse(line: $0) }
            if case .success(let event) = parsed, Timestamp(rfc3339: event.at.rfc3339) != event.at {
                // Whatever is accepted must print as a timestamp import accepts again (export → import).
                unparsable.append("line \(firstLine + index): at \(event.at.rfc3339)")
            }
            try writer.add(line: firstLine + index, parsed)
        }
    }
    return (outcome, unparsable)
}

/// Thousands of hostile lines through the parser and the batch writer: no crash, each refused with a SPEC code and its line.
///
/// Six minutes, longer than the whole run: on two cores a test's clock starts before its body has
/// one of the cooperative pool's threads, which other tests may hold for minutes (`waitsOnChildren`).
@Test(.timeLimit(.minutes(6)))
func hostileLinesAreRecordedOrRefusedWithACodeAndALine() throws {
    let env = ProcessInfo.processInfo.environment
    let cases = env["FUZZ_CASES"].flatMap(Int.init) ?? 6_000
    let seed = env["FUZZ_SEED"].flatMap(UInt64.init) ?? 0x5EED_F022
    var fuzzer = ImporterFuzzer(random: SeededGenerator(seed: seed))
    var recorded = 0, duplicates = 0, refused = 0
    var codes: [RejectionCode: Int] = [:]
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    let batchSize = 250
    var done = 0
    while done < cases {
        var batch: [[UInt8]] = []
        for _ in 0..<min(batchSize, cases - done) { batch.append(fuzzer.line()) }
        let (outcome, unparsable) = try appendFuzzedBatch(batch, firstLine: done + 1, to: ledger)
        #expect(unparsable.isEmpty, "accepted timestamps that export cannot print: \(unparsable.prefix(5))")
        #expect(outcome.committed)
        #expect(outcome.appended + outcome.duplicates + outcome.rejected == batch.count)
        let lines = outcome.rejections.map(\.line)
        #expect(Set(lines).count == lines.count, "a line was refused twice")
        for (line, rejection) in outcome.rejections {
            #expect((done + 1...done + batch.count).contains(line), "rejection names line \(line)")
            #expect(!rejection.message.isEmpty, "line \(line): \(rejection.code.rawValue) with no message")
            #expect(rejection.message.utf8.count < 4_096, "line \(line): the message echoes the whole input")
            codes[rejection.code, default: 0] += 1
        }
        recorded += outcome.appended
        duplicates += outcome.duplicates
        refused += outcome.rejected
        done += batch.count
    }
    let verification = try ledger.verify()
    if case .ok(let events, _, _) = verification {
        #expect(Int(events) == recorded)
    } else {
        Issue.record("the fuzzed ledger does not verify: \(verification)")
    }
    #expect(refused > cases / 2, "the mutations should mostly be refused")
    print("fuzz: \(cases) hostile lines (seed \(seed)): \(recorded) recorded, \(duplicates) duplicates, \(refused) refused: "
          + codes.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))
}

/// The parser alone on shapes that stress its own limits: depth, size, numbers, bytes.
@Test func theParserRefusesHostileShapesWithAReason() throws {
    func parse(_ bytes: [UInt8]) -> Result<ProposedEvent, Rejection> {
        bytes.withUnsafeBytes { EventParser.parse(line: $0) }
    }
    func refused(_ bytes: [UInt8], _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        switch parse(bytes) {
        case .success(let event): Issue.record("accepted: \(event)", sourceLocation: sourceLocation)
        case .failure(let rejection):
            #expect(rejection.code == .invalidEvent, sourceLocation: sourceLocation)
            #expect(rejection.message.contains(fragment), "\(rejection.message)", sourceLocation: sourceLocation)
        }
    }
    let head = #"{"type":"sent","at":"2026-01-01T00:00:00Z","account":"a","recipient":"r""#
    refused(Array((head + ",\"x\":" + String(repeating: "[", count: 100_000) + "}").utf8), "nesting deeper than 64")
    refused(Array((head + ",\"type\":\"sent\"}").utf8), "twice")
    // Past the keys searched one by one, a repeated key is still found, and many keys cost linear time (audit 159: 130,000 took 24 s).
    let manyKeys = (0..<100_000).map { #""k\#($0)":1"# }.joined(separator: ",")
    refused(Array((head + "," + manyKeys + ",\"k17\":2}").utf8), #"the key "k17" appears twice"#)
    let twentyKeys = (0..<20).map { #""k\#($0)":1"# }.joined(separator: ",")
    refused(Array((head + "," + twentyKeys + ",\"account\":\"b\"}").utf8), #"the key "account" appears twice"#)
    let started = ContinuousClock.now
    refused(Array((head + "," + manyKeys + "}").utf8), "unknown field")
    #expect(ContinuousClock.now - started < .seconds(10), "100,000 keys on one line")
    // The note limit is the ledger's policy, checked after the duplicate check, not by the parser.
    let longNote = try parse(Array((head + ",\"note\":\"" + String(repeating: "é", count: 10_000) + "\"}").utf8)).get()
    #expect(EventValidation.noteProblem(longNote, noteLimit: 300) == "note is 10000 characters, longer than note_limit 300")
    refused(Array((head + ",\"source\":\"" + String(repeating: "s", count: 2 << 20) + "\"}").utf8), "longer than 400 bytes")
    refused(Array(head.utf8) + [0x2C, 0x22, 0x6E, 0x6F, 0x74, 0x65, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D], "UTF-8")
    refused(Array(head.utf8) + [0x00, 0x7D], "at byte")
    refused(Array((head + ",\"id\":\"a\\u0000b\"}").utf8), "control character")
    // Identifiers hold no control character; labels are free text, as notes and reasons are.
    refused(Array(#"{"type":"sent","at":"2026-01-01T00:00:00Z","account":"a\tb","recipient":"r"}"#.utf8), "\"account\" contains a control character")
    refused(Array(#"{"type":"sent","at":"2026-01-01T00:00:00Z","account":"a","recipient":"r\nr"}"#.utf8), "\"recipient\" contains a control character")
    let labelled = try parse(Array((head + #","source":"a\tb","template":"x\ny\u0001"}"#).utf8)).get()
    #expect(labelled.source == "a\tb" && labelled.template == "x\ny\u{1}")
    let expiredBy = try parse(Array(#"{"type":"expired","at":"2026-01-01T00:00:00Z","invitation":"i","by":"p\tq"}"#.utf8)).get()
    #expect(expiredBy.by == "p\tq")
    refused(Array((head + ",\"note\":\"\\ud800\"}").utf8), "lone surrogate")
    refused(Array((head + ",\"id\":1" + String(repeating: "0", count: 100_000) + "}").utf8), "string")
    refused(Array(#"{"type":"sent","at":"2016-12-31T23:59:60Z","account":"a","recipient":"r"}"#.utf8), "leap second")
    // A type, field or time given in another tool's words is refused with the one meant (audit 129).
    refused(Array(#"{"type":"send","at":"2026-01-05T09:30:00Z","account":"a","recipient":"r"}"#.utf8), #"unknown type "send"; did you mean "sent"?"#)
    refused(Array(#"{"type":"Withdraw","at":"2026-01-05T09:30:00Z","invitation":"i"}"#.utf8), #"did you mean "withdrawn"?"#)
    refused(Array(#"{"type":"poke","at":"2026-01-05T09:30:00Z","invitation":"i"}"#.utf8), #"the types are "sent", "reminded", "withdrawn""#)
    refused(Array(#"{"type":"sent","at":"2026-01-05T09:30:00Z","account":"a","recepient":"r"}"#.utf8), #"unknown field "recepient"; did you mean "recipient"?"#)
    refused(Array(#"{"type":"sent","at":"2026-01-05T09:30:00Z","account":"a","to":"r"}"#.utf8), #"unknown field "to"; did you mean "recipient"?"#)
    // Only a field that belongs on the kind is offered (audit 133: "reasn" on a sent offered "reason").
    refused(Array(#"{"type":"withdrawn","at":"2026-01-05T09:30:00Z","invitation":"i","reasn":"x"}"#.utf8), #"unknown field "reasn"; did you mean "reason"?"#)
    if case .failure(let rejection) = parse(Array(#"{"type":"sent","at":"2026-01-05T09:30:00Z","account":"a","recipient":"r","reasn":"x"}"#.utf8)) {
        #expect(rejection.message.hasSuffix(#"unknown field "reasn""#), "\(rejection.message)")
    } else {
        Issue.record("an unknown field was accepted")
    }
    refused(Array(#"{"type":"sent","at":"2026-01-05","account":"a","recipient":"r"}"#.utf8), "(such as 2026-01-05T09:30:00Z)")
    refused(Array(#"{"type":"sent","at":"2026-01-05T10:30:00+0100","account":"a","recipient":"r"}"#.utf8),
            "writes its offset without a colon: RFC 3339 takes +01:00")
    refused(Array(#"{"type":"sent","at":"2026-01-05T09:30:00 Z","account":"a","recipient":"r"}"#.utf8), "has a space before its time zone")
    refused(Array(#"{"type":"sent","at":"2026-01-05T09:30:00 +01:00","account":"a","recipient":"r"}"#.utf8), "has a space before its time zone")
    refused(Array(#"{"type":"sent","at":"2026-01-05T09:30:00 x","account":"a","recipient":"r"}"#.utf8), "has no time zone")
    // A refusal quotes at most a short prefix of a long value, key or type.
    let long = String(repeating: "x", count: 70_000)
    for line in [#"{"type":"\#(long)"}"#, #"{"type":"sent","\#(long)":1}"#, #"{"type":"sent","at":"\#(long)"}"#,
                 #"{"type":"sent","id":"\#(long)","x":1}"#, #"{"type":"sent","\#(long)":1,"\#(long)":1}"#] {
        if case .failure(let rejection) = parse(Array(line.utf8)) {
            #expect(rejection.message.utf8.count < 400, "\(rejection.message.prefix(200))")
        } else {
            Issue.record("a 70,000-byte value was accepted")
        }
    }
    for at in ["0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"] {
        guard case .success(let event) = parse(Array(#"{"type":"sent","at":"\#(at)","account":"a","recipient":"r"}"#.utf8)) else {
            Issue.record("\(at) is refused"); continue
        }
        #expect(event.at.rfc3339 == at)
    }
}

/// A refusal names the byte where the bad text starts, from 1, whatever is wrong there: a raw control character, a lone
/// surrogate's `\u` escape, the first byte that is not UTF-8 (audit 159: a surrogate was named at the byte after its
/// escape, or after the pair it was tried as, and invalid UTF-8 at no byte).
@Test(arguments: [
    (#"\ud800"#, "lone surrogate in a string"), (#"\udc00"#, "lone surrogate in a string"),
    (#"\ud83d\u0041"#, "lone surrogate in a string"), (#"\ud800\ud800"#, "lone surrogate in a string"),
    ("\u{1}", "control character in a string"), ("\u{FFFD}", "the line is not valid UTF-8"),
    ("\u{FFFE}", "the line is not valid UTF-8"), ("\u{FFFF}", "the line is not valid UTF-8"),
])
func aRefusalNamesTheByteWhereTheBadTextStarts(value: String, problem: String) {
    let head = Array(#"{"type":"sent","at":"2026-01-01T00:00:00Z","account":"a","recipient":"r","note":"é"#.utf8)
    // Stand-ins for bytes a Swift string cannot hold: an invalid byte, a sequence cut short, an overlong `/`.
    let invalid: [String: [UInt8]] = ["\u{FFFD}": [0xFF], "\u{FFFE}": [0xE2, 0x82], "\u{FFFF}": [0xC0, 0xAF]]
    let line = head + (invalid[value] ?? Array(value.utf8)) + Array(#"x"}"#.utf8)
    let rejection = line.withUnsafeBytes { EventParser.parse(line: $0) }
    guard case .failure(let refused) = rejection else { Issue.record("accepted"); return }
    #expect(refused.message == "not valid JSON: \(problem) at byte \(head.count + 1)")
}

/// Text after an object past a carriage return says that a carriage return alone ends no line (old Mac line endings, audit 159); other text after it does not.
@Test func textAfterTheObjectPastALoneCarriageReturnSaysItEndsNoLine() {
    let object = #"{"type":"sent","at":"2026-01-01T00:00:00Z","account":"a","recipient":"r"}"#
    func message(_ line: String) -> String? {
        guard case .failure(let rejection) = Array(line.utf8).withUnsafeBytes({ EventParser.parse(line: $0) }) else { return nil }
        return rejection.message
    }
    let hint = ": a carriage return alone does not end a line (old Mac line endings): convert them first, e.g. with `tr '\\r' '\\n'`"
    let at = object.utf8.count + 2
    #expect(message(object + "\r" + object) == "not valid JSON: text after the object at byte \(at)\(hint)")
    #expect(message(object + " \r\t" + object)?.hasSuffix(hint) == true)
    #expect(message(object + " " + object) == "not valid JSON: text after the object at byte \(at)")
}

