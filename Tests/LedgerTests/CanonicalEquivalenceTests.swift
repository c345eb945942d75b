import Foundation
import Testing
@testable import Ledger

// Text identity is byte-exact: "jos\u{E9}" (NFC) and "jose\u{301}" (NFD) are canonically
// equivalent, so Swift's `==` takes them as one string, but the ledger stores bytes and
// normalises no Unicode, so they are two accounts, recipients, sources, notes and ids.

private let nfc = "jos\u{E9}"
private let nfd = "jose\u{301}"

/// The bytes of a text, so that an expectation compares what the ledger stored, not canonical forms.
private func bytes(_ text: String?) -> [UInt8]? { text.map { Array($0.utf8) } }

/// A `sent` with every text field spelled `spelling`, made distinct by `number` (ids end in it, so their prefixes are interned).
private func spelledSent(_ spelling: String, number: Int, at: String) -> ProposedEvent {
    sent(spelling, "r-\(spelling)-\(number)", at: at, id: "\(spelling)-\(number)", invitation: "inv-\(spelling)-\(number)",
         source: spelling, note: spelling, template: spelling)
}

/// The text fields of every event, as bytes, for comparing ledgers written differently.
private func textFields(_ ledger: Ledger) throws -> [[[UInt8]?]] {
    try ledger.allEvents().map { event in
        [bytes(event.id), bytes(event.invitation), bytes(event.account), bytes(event.recipient),
         bytes(event.source), bytes(event.note), bytes(event.template)]
    }
}

/// Records an issue unless the whole ledger verifies with `events` events.
private func expectVerifies(_ ledger: Ledger, events: UInt64) throws {
    let verification = try ledger.verify()
    guard case .ok(events, events, _) = verification else {
        Issue.record("the ledger does not verify: \(verification)")
        return
    }
}

/// Every spelling is stored as given, whether the two come in one batch, in two batches, or through two ledger handles.
@Test func nfcAndNfdSpellingsAreStoredAsGivenHoweverTheyArrive() throws {
    // The NFC spelling first, so that the name cache holds it when the NFD one comes.
    let events = [spelledSent(nfc, number: 1, at: "2026-01-01T00:00:00Z"),
                  spelledSent(nfd, number: 2, at: "2026-01-01T00:01:00Z"),
                  spelledSent(nfc, number: 3, at: "2026-01-01T00:02:00Z"),
                  spelledSent(nfd, number: 4, at: "2026-01-01T00:03:00Z")]
    let expected = events.map { event in
        [bytes(event.id), bytes(event.invitation), bytes(event.account), bytes(event.recipient),
         bytes(event.source), bytes(event.note), bytes(event.template)]
    }
    // One batch.
    try withLedger { ledger, _ throws in
        #expect(try ledger.append(events).appended == 4)
        #expect(try textFields(ledger) == expected)
    }
    // One event a batch, one handle.
    try withLedger { ledger, _ throws in
        for event in events { #expect(try ledger.append([event]).appended == 1) }
        #expect(try textFields(ledger) == expected)
        #expect(try ledger.read { try [$0.accountID(nfc), $0.accountID(nfd), $0.sourceID(nfc), $0.sourceID(nfd)] } == [1, 2, 1, 2])
    }
    // Two handles (as two processes), each warming its cache with one spelling before the other comes.
    try withLedger { _, path throws in
        do {
            let first = try Ledger.open(at: path)
            #expect(try first.append(Array(events[0..<2])).appended == 2)
        }
        let second = try Ledger.open(at: path)
        _ = try second.read { view in try view.accountID(nfc) }
        #expect(try second.append(Array(events[2...])).appended == 2)
        #expect(try textFields(second) == expected)
        try expectVerifies(second, events: 4)
    }
}

/// An account looked up by one spelling (even by a refused event) does not stand in for the other in the chain.
@Test func aRefusedLookupOfOneSpellingLeavesTheOtherSpellingsHashRight() throws {
    try withLedger { ledger, _ throws in
        _ = try ledger.append([sent(nfc, "r1", at: "2026-01-01T00:00:00Z")])
        let outcome = try ledger.append([followUp(.accepted, account: nfc, recipient: "never", at: "2026-01-02T00:00:00Z"),
                                         sent(nfd, "r2", at: "2026-01-03T00:00:00Z")], skipInvalid: true)
        #expect(outcome.appended == 1 && outcome.rejected == 1)
        #expect(try ledger.allEvents().map { bytes($0.account) } == [bytes(nfc), bytes(nfd)])
        try expectVerifies(ledger, events: 2)
    }
}

/// Pairs are told apart by their bytes: the NFD recipient is a second pair, and a follow-up closes only its own.
@Test func nfcAndNfdRecipientsAreTwoPairs() throws {
    try withLedger { ledger, _ throws in
        let outcome = try ledger.append([sent("a", nfc, at: "2026-01-01T00:00:00Z"), sent("a", nfd, at: "2026-01-01T00:00:00Z"),
                                         sent(nfc, "r", at: "2026-01-01T00:00:00Z"), sent(nfd, "r", at: "2026-01-01T00:00:00Z")])
        #expect(outcome.appended == 4 && outcome.rejected == 0)
        #expect(try ledger.appendCode([followUp(.accepted, account: "a", recipient: nfd, at: "2026-01-02T00:00:00Z"),
                                       followUp(.withdrawn, account: nfd, recipient: "r", at: "2026-01-02T00:00:00Z")]) == nil)
        let pairs = try ledger.read { view in
            try [(("a", nfc)), ("a", nfd), (nfc, "r"), (nfd, "r")].map { try view.latestInvitation(account: $0.0, recipient: $0.1)?.status }
        }
        #expect(pairs == [.pending, .accepted, .pending, .withdrawn])
        #expect(try ledger.read { try $0.invitationsOfRecipient(nfd) } == [2])
    }
}

/// A retry differing only by NFC against NFD in one field is an id conflict naming that field, not a duplicate.
@Test func aRetryDifferingOnlyInNormalisationIsAnIdConflictNamingTheField() throws {
    try withLedger { ledger, _ throws in
        let recorded = sent(nfc, nfc, at: "2026-01-01T00:00:00Z", id: "x", invitation: nfc, source: nfc, note: nfc, template: nfc)
        var follow = followUp(.withdrawn, invitation: nfc, at: "2026-01-02T00:00:00Z", id: "y", reason: nfc)
        follow.by = nfc
        #expect(try ledger.append([recorded, follow]).appended == 2)
        #expect(try ledger.append([recorded, follow]).duplicates == 2)
        let retries: [(String, ProposedEvent)] = [
            ("account", { var event = recorded; event.account = nfd; return event }()),
            ("recipient", { var event = recorded; event.recipient = nfd; return event }()),
            ("invitation", { var event = recorded; event.invitation = nfd; return event }()),
            ("source", { var event = recorded; event.source = nfd; return event }()),
            ("note", { var event = recorded; event.note = nfd; return event }()),
            ("template", { var event = recorded; event.template = nfd; return event }()),
            ("reason", { var event = follow; event.reason = nfd; return event }()),
            ("by", { var event = follow; event.by = nfd; return event }()),
        ]
        for (field, retry) in retries {
            let rejection = try ledger.append([retry]).rejections.first?.rejection
            #expect(rejection?.code == .idConflict, "\(field)")
            // The account, which notes and tables name most, says the two print alike (audit 109 F7).
            let named = field == "account" ? "account (the same letters in another Unicode form)" : field
            #expect(rejection?.message.hasSuffix("with a different \(named)") == true, "\(field): \(rejection?.message ?? "")")
        }
        #expect(try ledger.read { try $0.head().position } == 2)
    }
}

/// A follow-up naming its invitation and the other spelling of its account or recipient is refused, not applied.
@Test func aFollowUpWhoseAccountOrRecipientIsTheOtherSpellingIsRefused() throws {
    try withLedger { ledger, _ throws in
        _ = try ledger.append([sent(nfc, nfc, at: "2026-01-01T00:00:00Z", invitation: "i")])
        #expect(try ledger.appendCode([followUp(.accepted, invitation: "i", account: nfd, at: "2026-01-02T00:00:00Z")]) == .invalidEvent)
        #expect(try ledger.appendCode([followUp(.accepted, invitation: "i", recipient: nfd, at: "2026-01-02T00:00:00Z")]) == .invalidEvent)
        #expect(try ledger.appendCode([followUp(.accepted, invitation: "i", account: nfc, recipient: nfc, at: "2026-01-02T00:00:00Z")]) == nil)
    }
}

/// The byte-keyed text: equal and hashed alike only when the bytes are, unlike `String`.
@Test func exactTextComparesBytes() {
    #expect(nfc == nfd)
    #expect(ExactText(nfc) != ExactText(nfd))
    #expect(Set([ExactText(nfc), ExactText(nfd), ExactText(nfc)]).count == 2)
    #expect(!nfc.hasSameBytes(as: nfd) && nfc.hasSameBytes(as: "jos\u{E9}"))
    let long = String(repeating: "ü", count: 40)
    #expect(long.hasSameBytes(as: String(repeating: "\u{FC}", count: 40)))
    #expect(!long.hasSameBytes(as: String(repeating: "u\u{308}", count: 40)))
    #expect(String?.none.hasSameBytes(as: nil) && !String?.none.hasSameBytes(as: "") && !Optional(nfc).hasSameBytes(as: nfd))
}

/// `bytesPrecede` is UTF-8 byte order: the same answer as comparing the `utf8` views, for prefixes,
/// empty strings, small and large strings, and text that `String`'s `<` orders otherwise.
@Test func bytesPrecedeIsUTF8ByteOrder() {
    let pieces = ["", "a", "b", "ab", "a\u{0}", "Z", "é", "e\u{301}", "ü", "\u{FFFF}", "🧑‍💻", "z" + String(repeating: "x", count: 40)]
    var texts: [String] = []
    for first in pieces { for second in pieces { texts.append(first + second) } }
    for left in texts {
        for right in texts {
            #expect(left.bytesPrecede(right) == left.utf8.lexicographicallyPrecedes(right.utf8), "\(left.debugDescription) vs \(right.debugDescription)")
        }
    }
    #expect("e\u{301}".bytesPrecede("é") && !("e\u{301}" < "é") && !("é" < "e\u{301}"))
}
