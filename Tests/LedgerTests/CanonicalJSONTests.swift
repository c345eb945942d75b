import Testing
@testable import Ledger

/// The fast canonical writer must produce exactly `Event.canonicalJSON`'s bytes: the chain depends on them.
struct CanonicalJSONTests {
    private static let times: [Timestamp] = [
        Timestamp(milliseconds: 0), Timestamp(milliseconds: -1), Timestamp(milliseconds: 1_767_605_400_123),
        Timestamp(milliseconds: 1_767_605_400_000), Timestamp(milliseconds: 1_767_605_400_007),
        Timestamp.earliest, Timestamp.latest, Timestamp(milliseconds: Timestamp.earliest.milliseconds - 86_400_000),
        Timestamp(milliseconds: Timestamp.latest.milliseconds + 86_400_001),
    ]

    private static let texts: [String] = [
        "plain", "", "quote \" backslash \\ slash /", "controls \u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F}",
        "unicode — Jäne 👋🏽", "linkedin.com/in/jane-doe",
    ]

    private func canonical(_ event: Event) -> [UInt8] {
        var out: [UInt8] = []
        event.canonicalJSON(into: &out)
        return out
    }

    @Test func matchesEventCanonicalJSONForEveryKindAndField() {
        for kind in EventKind.allCases {
            for (index, at) in Self.times.enumerated() {
                let text = Self.texts[index % Self.texts.count]
                let other = Self.texts[(index + 3) % Self.texts.count]
                let position = UInt64(index) * 99_991 + 1
                let optional: String? = index % 2 == 0 ? text : nil
                let event = Event(kind: kind, id: index % 3 == 0 ? "ev-\(position)" : text, at: at,
                                  invitation: index % 2 == 0 ? "inv-\(position)" : other, account: other, recipient: text,
                                  source: kind == .sent ? other : nil, note: kind == .sent ? optional : nil,
                                  template: kind == .sent ? optional : nil, reason: kind == .withdrawn ? optional : nil,
                                  by: kind == .expired ? optional : nil, position: position,
                                  recordedAt: Self.times[(index + 2) % Self.times.count])
                var fast: [UInt8] = []
                CanonicalJSON.append(
                    kind: kind, id: index % 3 == 0 ? .numbered("ev-", position) : .text(text), at: at,
                    invitation: index % 2 == 0 ? .numbered("inv-", position) : .quoted(CanonicalString.literal(other)),
                    account: .quoted(CanonicalString.literal(other)), recipient: .text(text),
                    source: event.source.map(CanonicalString.text), note: event.note,
                    template: event.template.map { .quoted(CanonicalString.literal($0)) }, reason: event.reason, by: event.by,
                    position: position, recordedAt: .quoted(event.recordedAt.quotedRFC3339), into: &fast)
                #expect(fast == canonical(event), "kind \(kind), case \(index)")
            }
        }
    }

    /// `escapedCount` counts what `appendString` writes between the quotes, for every byte and mixes of them (audit 137's note bound rests on it).
    @Test func escapedCountIsWhatTheWriterWrites() {
        var texts = Self.texts + (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            texts.append(String(String.UnicodeScalarView((0..<Int.random(in: 0...40, using: &random)).compactMap { _ in
                Unicode.Scalar(UInt32.random(in: 0...0x2FF, using: &random))
            })))
        }
        for text in texts {
            var out: [UInt8] = []
            JSONText.appendString(text, to: &out)
            #expect(JSONText.escapedCount(text) == out.count - 2, "\(text.debugDescription)")
        }
    }

    @Test func quotedTimestampIsTheRFC3339Literal() {
        for at in Self.times {
            #expect(at.quotedRFC3339 == Array("\"\(at.rfc3339)\"".utf8))
        }
    }
}
