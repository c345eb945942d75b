import Foundation
@testable import Ledger
import Testing

/// The import's reader: lines read and parsed on a second thread arrive in order, whole, and stop cleanly.
struct ParsedLinesTests {
    /// Writes `text` to a temporary file and opens it.
    static func file(_ text: String) throws -> (JSONLinesFile, URL) {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("parsed-lines-" + UUID().uuidString)
        try Data(text.utf8).write(to: url)
        return (try JSONLinesFile.open(url.path), url)
    }

    static func sent(_ index: Int) -> String {
        #"{"type":"sent","id":"e-\#(index)","at":"2026-01-01T00:00:00Z","account":"a","recipient":"r-\#(index)"}"#
    }

    @Test func everyLineArrivesInOrderAcrossChunks() throws {
        let count = ParsedChunk.lineLimit * 3 + 17
        let text = (1...count).map { $0 % 1000 == 0 ? "   " : Self.sent($0) }.joined(separator: "\r\n")
        let (input, url) = try Self.file(text)
        defer { try? FileManager.default.removeItem(at: url) }
        var numbers: [Int] = []
        var blanks = 0
        var lastBytesRead = 0
        try input.forEachParsedLine(noteLimit: 300) { line in
            numbers.append(line.number)
            #expect(line.bytesRead >= lastBytesRead)
            lastBytesRead = line.bytesRead
            guard let event = line.event else {
                blanks += 1
                #expect(JSONLinesFile.isBlank(line.bytes))
                return
            }
            #expect(String(decoding: line.bytes, as: UTF8.self) == Self.sent(line.number))
            #expect((try? event.get())?.id == "e-\(line.number)")
        }
        #expect(numbers == Array(1...count))
        #expect(blanks == count / 1000)
        #expect(lastBytesRead == text.utf8.count)
    }

    @Test func refusalsAndOverlongLinesKeepTheirNumbers() throws {
        let long = #"{"type":"sent","note":""# + String(repeating: "x", count: FieldLimits.lineBytes) + #""}"#
        let (input, url) = try Self.file([Self.sent(1), "not json", long, Self.sent(4)].joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(at: url) }
        var seen: [(Int, Bool, Int)] = []
        try input.forEachParsedLine(noteLimit: 300) { line in
            let ok = (try? line.event?.get()) != nil
            seen.append((line.number, ok, line.bytes.count))
            if line.number == 3, case .failure(let rejection)? = line.event {
                #expect(rejection.code == .invalidEvent && rejection.message.contains("longer than"))
            }
        }
        #expect(seen.map(\.0) == [1, 2, 3, 4])
        #expect(seen.map(\.1) == [true, false, false, true])
        #expect(seen[2].2 == 0)
    }

    @Test func aThrowingBodyStopsTheReaderAndTheInputCanBeReadAgain() throws {
        let count = ParsedChunk.lineLimit * (ParsedChunkQueue.capacity + 4)
        let (input, url) = try Self.file((1...count).map(Self.sent).joined(separator: "\n"))
        defer { try? FileManager.default.removeItem(at: url) }
        struct Enough: Error {}
        var calls = 0
        #expect(throws: Enough.self) {
            try input.forEachParsedLine(noteLimit: 300) { _ in
                calls += 1
                if calls == 10 { throw Enough() }
            }
        }
        #expect(calls == 10)
        // A retried batch reads the input again from its first line.
        var again = 0
        try input.forEachParsedLine(noteLimit: 300) { line in
            again += 1
            #expect(line.number == again)
        }
        #expect(again == count)
    }

    @Test func anEmptyInputCallsNothing() throws {
        let (input, url) = try Self.file("")
        defer { try? FileManager.default.removeItem(at: url) }
        var calls = 0
        try input.forEachParsedLine(noteLimit: 300) { _ in calls += 1 }
        #expect(calls == 0)
    }
}
