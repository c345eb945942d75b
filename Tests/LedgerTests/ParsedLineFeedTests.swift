import Foundation
import Testing
@testable import Ledger

/// A reading closure over in-memory lines (nil stands for an over-long line), as `LineSource.forEachLine` calls its body.
private func lines(_ texts: [String?], failingAfter limit: Int? = nil) -> (ParsedLineFeed.LineSink) throws -> Void {
    { sink in
        for (index, text) in texts.enumerated() {
            if let limit, index == limit { throw LedgerError("the disk went away after line \(limit)") }
            var bytes = Array((text ?? "").utf8)
            try bytes.withUnsafeMutableBytes { try sink(index + 1, UnsafeRawBufferPointer($0), text == nil, index * 10) }
        }
    }
}

private func sentLine(_ index: Int) -> String {
    #"{"type":"sent","account":"a","recipient":"r\#(index)","at":"2026-01-01T00:00:00Z"}"#
}

@Test func theFeedGivesEveryLineInOrderParsedAcrossManyChunks() throws {
    let count = ParsedLineFeed.linesPerChunk * 3 + 17
    var texts: [String?] = (1...count).map(sentLine)
    texts[5] = "  \r"
    texts[ParsedLineFeed.linesPerChunk] = nil
    texts[9] = "not json"
    var seen: [(Int, Bool, String, Int)] = []
    try ParsedLineFeed.forEach(noteLimit: 300, reading: lines(texts)) { line in
        seen.append((line.number, (try? line.parsed.get()) != nil, String(decoding: line.bytes, as: UTF8.self), line.bytesRead))
    }
    #expect(seen.count == count - 1)
    #expect(seen.map(\.0) == (1...count).filter { $0 != 6 })
    for (number, parsed, text, bytesRead) in seen {
        #expect(text == (texts[number - 1] ?? ""))
        #expect(parsed == (number != 10 && number != ParsedLineFeed.linesPerChunk + 1))
        #expect(bytesRead == (number - 1) * 10)
    }
}

@Test func theFeedCallsAnOverLongLineInvalid() throws {
    var rejections: [Rejection] = []
    try ParsedLineFeed.forEach(noteLimit: 300, reading: lines([nil])) { line in
        if case .failure(let rejection) = line.parsed { rejections.append(rejection) }
    }
    #expect(rejections.map(\.code) == [.invalidEvent])
    #expect(rejections.first?.message.contains("longer than") == true)
}

@Test func anErrorOfTheWritingSideStopsTheReaderAndReachesTheCaller() throws {
    let texts: [String?] = (1...(ParsedLineFeed.linesPerChunk * 20)).map(sentLine)
    var delivered = 0
    #expect(throws: LedgerError.self) {
        try ParsedLineFeed.forEach(noteLimit: 300, reading: lines(texts)) { line in
            delivered += 1
            if line.number == 3_000 { throw LedgerError("the map is full") }
        }
    }
    #expect(delivered == 3_000)
}

@Test func anErrorOfTheReaderComesAfterTheLinesBeforeIt() throws {
    let texts: [String?] = (1...5_000).map(sentLine)
    var delivered = 0
    #expect(throws: LedgerError.self) {
        try ParsedLineFeed.forEach(noteLimit: 300, reading: lines(texts, failingAfter: 4_500)) { _ in delivered += 1 }
    }
    #expect(delivered == 4_500)
}

/// The map fills up mid-import: the batch is replayed from its first line through a new feed and recorded once.
@Test func anImportThroughTheFeedSurvivesTheMapGrowing() throws {
    let path = NSTemporaryDirectory() + "ledger-feed-growth-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: path) }
    var options = Ledger.Options()
    options.mapSize = 64 << 10
    let ledger = try Ledger.open(at: path, options: options)
    let startSize = ledger.environment.mapSize
    var texts: [String?] = (1...3_000).map(sentLine)
    texts += (1...3_000).map { #"{"type":"reminded","account":"a","recipient":"r\#($0)","at":"2026-01-02T00:00:00Z"}"# }
    var feeds = 0
    let outcome = try ledger.append { writer in
        feeds += 1
        try ParsedLineFeed.forEach(noteLimit: writer.policy.noteLimit, reading: lines(texts)) { line in
            try writer.add(line: line.number, line.parsed)
        }
    }
    #expect(outcome.committed && outcome.appended == 6_000 && outcome.rejected == 0)
    #expect(feeds > 1 && ledger.environment.mapSize > startSize)
    guard case .ok(let events, _, _) = try ledger.verify() else {
        Issue.record("the grown ledger does not verify")
        return
    }
    #expect(events == 6_000)
    #expect(try ledger.environment.read { try [$0.count(ledger.ids), $0.count(ledger.invitations), $0.count(ledger.pairs)] } == [6_000, 3_000, 3_000])
    #expect(try ledger.read { try $0.positions(ofInvitation: "inv-7") } == [7, 3_007])
}
