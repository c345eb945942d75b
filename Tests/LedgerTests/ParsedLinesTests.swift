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

    /// The text at `place` in `input`, read again from the input.
    static func text(at place: Range<Int>, in input: JSONLinesFile) throws -> String {
        var bytes: [UInt8] = []
        try input.forEachPiece(of: place) { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
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
        try input.forEachParsedLine { line in
            numbers.append(line.number)
            #expect(line.bytesRead >= lastBytesRead)
            lastBytesRead = line.bytesRead
            let text = try Self.text(at: line.place, in: input)
            guard let event = line.event else {
                blanks += 1
                #expect(text == "   \r")
                return
            }
            #expect(text == Self.sent(line.number) + (line.number < count ? "\r" : ""))
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
        try input.forEachParsedLine { line in
            let ok = (try? line.event?.get()) != nil
            seen.append((line.number, ok, line.place.count))
            if line.number == 3, case .failure(let rejection)? = line.event {
                #expect(rejection.code == .invalidEvent && rejection.message.contains("longer than"))
            }
        }
        #expect(seen.map(\.0) == [1, 2, 3, 4])
        #expect(seen.map(\.1) == [true, false, false, true])
        #expect(seen[2].2 == long.utf8.count)
    }

    /// Each line's place is where the input holds it, `\r` included: an over-long line's too, across reads.
    @Test func placesPointBackIntoTheInput() throws {
        let long = String(repeating: "z", count: FieldLimits.lineBytes * 2 + 5)
        let lines = ["\u{FEFF}" + Self.sent(1), "  ", long, "not json", Self.sent(5), long]
        let text = lines[0] + "\r\n" + lines[1] + "\n" + lines[2] + "\r\n" + lines[3] + "\n" + lines[4] + "\r\n" + lines[5] + "\r"
        let (input, url) = try Self.file(text)
        defer { try? FileManager.default.removeItem(at: url) }
        var places: [Int: Range<Int>] = [:]
        try input.forEachParsedLine { line in places[line.number] = line.place }
        func copied(_ number: Int) throws -> String { try Self.text(at: places[number] ?? 0..<0, in: input) }
        #expect(places.keys.sorted() == [1, 2, 3, 4, 5, 6])
        #expect(try copied(1) == Self.sent(1) + "\r")  // after the byte order mark
        #expect(try copied(2) == "  ")
        #expect(try copied(3) == long + "\r")
        #expect(try copied(4) == "not json")
        #expect(try copied(5) == Self.sent(5) + "\r")
        #expect(try copied(6) == long + "\r")
    }

    @Test func aThrowingBodyStopsTheReaderAndTheInputCanBeReadAgain() throws {
        let count = ParsedChunk.lineLimit * (ParsedChunk.queueCapacity + 4)
        let (input, url) = try Self.file((1...count).map(Self.sent).joined(separator: "\n"))
        defer { try? FileManager.default.removeItem(at: url) }
        struct Enough: Error {}
        var calls = 0
        #expect(throws: Enough.self) {
            try input.forEachParsedLine { _ in
                calls += 1
                if calls == 10 { throw Enough() }
            }
        }
        #expect(calls == 10)
        // A retried batch reads the input again from its first line.
        var again = 0
        try input.forEachParsedLine { line in
            again += 1
            #expect(line.number == again)
        }
        #expect(again == count)
    }

    /// A file written to after it was opened says so, and a file knows its own descriptors from others'.
    @Test func anInputKnowsWhetherItChangedAndWhichFileItIs() throws {
        let (input, url) = try Self.file(Self.sent(1) + "\n")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(!input.changedSinceOpened())
        let same = open(url.path, O_RDONLY), other = open("/dev/null", O_RDONLY)
        defer { close(same); close(other) }
        #expect(input.isSameFile(as: same) && !input.isSameFile(as: other))
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((Self.sent(2) + "\n").utf8))
        try handle.close()
        #expect(input.changedSinceOpened())
    }

    /// A line of exactly the limit ended by `\r\n` is read whole, also when its `\r` ends a 1 MiB read (audit 12).
    @Test func aLineOfExactlyTheLimitFitsWhereverItsCRFalls() throws {
        func padded(_ length: Int) -> String {
            let head = #"{"type":"sent","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z","note":""#
            return head + String(repeating: "x", count: length - head.utf8.count - 2) + #""}"#
        }
        // The first line ends one byte before the first read does, so the second line's `\r` ends the second read.
        let first = padded(FieldLimits.lineBytes - 2), second = padded(FieldLimits.lineBytes)
        let (input, url) = try Self.file(first + "\n" + second + "\r\n")
        defer { try? FileManager.default.removeItem(at: url) }
        var parsed: [Bool] = []
        try input.forEachParsedLine { line in parsed.append((try? line.event?.get()) != nil) }
        #expect(parsed == [true, true])
    }

    @Test func anEmptyInputCallsNothing() throws {
        let (input, url) = try Self.file("")
        defer { try? FileManager.default.removeItem(at: url) }
        var calls = 0
        try input.forEachParsedLine { _ in calls += 1 }
        #expect(calls == 0)
    }
}
