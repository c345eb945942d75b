import Testing
@testable import Ledger

private let t0 = "2026-01-01T09:00:00Z"
private let t1 = "2026-01-02T09:00:00Z"
private let t2 = "2026-01-03T09:00:00Z"

@Test func aFollowUpForAnInvitationNeverSentIsUnknown() throws {
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    do {
        #expect(try ledger.appendCode([followUp(.accepted, invitation: "nope", at: t0)]) == .unknownInvitation)
        #expect(try ledger.appendCode([followUp(.reminded, account: "a", recipient: "r", at: t0)]) == .unknownInvitation)
    }
}

@Test func aSecondSentWithTheSameInvitationIdIsADuplicateInvitation() throws {
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    do {
        #expect(try ledger.appendCode([sent("a", "r", at: t0, invitation: "inv-1")]) == nil)
        #expect(try ledger.appendCode([sent("b", "s", at: t1, invitation: "inv-1")]) == .duplicateInvitation)
    }
}

@Test func sendingToAPairWithAPendingInvitationIsAlreadyPending() throws {
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    do {
        #expect(try ledger.appendCode([sent("a", "https://www.linkedin.com/in/Jane/", at: t0)]) == nil)
        #expect(try ledger.appendCode([sent("a", "linkedin.com/in/jane", at: t1)]) == .alreadyPending)
        #expect(try ledger.appendCode([sent("b", "linkedin.com/in/jane", at: t1)]) == nil)
    }
}

@Test func sendingAfterAnAcceptanceIsAlreadyConnected() throws {
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    do {
        _ = try ledger.append([sent("a", "r", at: t0, invitation: "i1"), followUp(.accepted, invitation: "i1", at: t1)])
        #expect(try ledger.appendCode([sent("a", "r", at: t2)]) == .alreadyConnected)
    }
}

@Test func aFollowUpForAClosedInvitationIsAlreadyClosed() throws {
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    do {
        _ = try ledger.append([sent("a", "r", at: t0, invitation: "i1"), followUp(.withdrawn, invitation: "i1", at: t1)])
        for kind in [EventKind.reminded, .withdrawn, .expired, .accepted] {
            #expect(try ledger.appendCode([followUp(kind, invitation: "i1", at: t2)]) == .alreadyClosed)
            #expect(try ledger.appendCode([followUp(kind, account: "a", recipient: "r", at: t2)]) == .alreadyClosed)
        }
        // Re-invited: the old invitation stays closed, the pair's new one is open.
        _ = try ledger.append([sent("a", "r", at: t2, invitation: "i2")])
        #expect(try ledger.appendCode([followUp(.accepted, invitation: "i1", at: t2)]) == .alreadyClosed)
        #expect(try ledger.appendCode([followUp(.accepted, account: "a", recipient: "r", at: t2)]) == nil)
    }
}

@Test func anEventEarlierThanThePairsLatestIsOutOfOrder() throws {
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    do {
        _ = try ledger.append([sent("a", "r", at: t1, invitation: "i1")])
        #expect(try ledger.appendCode([followUp(.reminded, invitation: "i1", at: t0)]) == .outOfOrder)
        #expect(try ledger.appendCode([followUp(.reminded, invitation: "i1", at: t1)]) == nil)
        _ = try ledger.append([followUp(.withdrawn, invitation: "i1", at: t2)])
        #expect(try ledger.appendCode([sent("a", "r", at: t1)]) == .outOfOrder)
        // Not earlier: a re-invite at the very instant of the close is in order (review 13).
        #expect(try ledger.appendCode([sent("a", "r", at: t2)]) == nil)
    }
}

@Test func anInvitationAndAPairThatDisagreeAreInvalid() throws {
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    do {
        _ = try ledger.append([sent("a", "r", at: t0, invitation: "i1")])
        let outcome = try ledger.append([followUp(.accepted, invitation: "i1", account: "b", at: t1)])
        #expect(outcome.rejections.first?.rejection.code == .invalidEvent)
        #expect(outcome.rejections.first?.rejection.message.contains("i1") == true)
    }
}

/// SPEC §2: a pair "means that pair's pending invitation" (else its latest, closed one); an `invitation` given
/// with a pair that means another invitation disagrees with it, and `invalid_event` outranks the rest (audit 65 M1).
@Test func anInvitationThatIsNotThePairsOwnDisagreesWithIt() throws {
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    do {
        _ = try ledger.append([sent("a", "r", at: t0, invitation: "i1")])
        // An id never sent, with a pair whose pending invitation is i1 (and an `at` out of order too).
        let unknown = try ledger.append([followUp(.reminded, invitation: "nope", account: "a", recipient: "r",
                                                  at: "2025-12-31T09:00:00Z")])
        #expect(unknown.rejections.first?.rejection.code == .invalidEvent)
        #expect(unknown.rejections.first?.rejection.message
                == "invitation nope was never sent, and pair a → r names its pending invitation i1")
        // Named with only one of account and recipient, or with a pair never invited, it is just unknown.
        #expect(try ledger.appendCode([followUp(.reminded, invitation: "nope", account: "a", at: t1)]) == .unknownInvitation)
        #expect(try ledger.appendCode([followUp(.reminded, invitation: "nope", account: "a", recipient: "s", at: t1)])
                == .unknownInvitation)
        // An older invitation of the pair, closed, while the pair's pending invitation is i2.
        _ = try ledger.append([followUp(.withdrawn, invitation: "i1", at: t1), sent("a", "r", at: t1, invitation: "i2")])
        let older = try ledger.append([followUp(.accepted, invitation: "i1", account: "a", recipient: "r", at: t2)])
        #expect(older.rejections.first?.rejection.code == .invalidEvent)
        #expect(older.rejections.first?.rejection.message
                == "invitation i1 disagrees with pair a → r, which names its pending invitation i2")
        // Named alone, the older invitation is already closed; with its pair's latest, both agree.
        #expect(try ledger.appendCode([followUp(.accepted, invitation: "i1", at: t2)]) == .alreadyClosed)
        #expect(try ledger.appendCode([followUp(.accepted, invitation: "i2", account: "a", recipient: "r", at: t2)]) == nil)
        // Once the pair's latest invitation is closed, the pair names it: the older one still disagrees.
        let closed = try ledger.append([followUp(.withdrawn, invitation: "i1", account: "a", recipient: "r", at: t2)])
        #expect(closed.rejections.first?.rejection.message
                == "invitation i1 disagrees with pair a → r, which names its latest invitation i2 (accepted)")
        #expect(try ledger.appendCode([followUp(.withdrawn, invitation: "i2", account: "a", recipient: "r", at: t2)])
                == .alreadyClosed)
    }
}

/// The same rule within one batch: the pair's pending invitation may be one the batch sent.
@Test func anInvitationAndAPairDisagreeWithinOneBatch() throws {
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    do {
        let outcome = try ledger.append([sent("a", "r", at: t0, invitation: "i1"), followUp(.withdrawn, invitation: "i1", at: t1),
                                         sent("a", "r", at: t1, invitation: "i2"),
                                         followUp(.reminded, invitation: "i1", account: "a", recipient: "r", at: t2)])
        #expect(outcome.rejections.first?.rejection.code == .invalidEvent)
        #expect(outcome.rejections.first?.rejection.message.contains("pending invitation i2") == true)
    }
}

@Test func whenSeveralRulesApplyTheFirstInTheTableIsReported() throws {
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    do {
        _ = try ledger.append([sent("a", "r", at: t1, invitation: "i1")])
        // duplicate_invitation outranks already_pending and out_of_order.
        #expect(try ledger.appendCode([sent("a", "r", at: t0, invitation: "i1")]) == .duplicateInvitation)
        // already_pending outranks out_of_order.
        #expect(try ledger.appendCode([sent("a", "r", at: t0)]) == .alreadyPending)
        _ = try ledger.append([followUp(.accepted, invitation: "i1", at: t2)])
        // already_closed outranks out_of_order.
        #expect(try ledger.appendCode([followUp(.reminded, invitation: "i1", at: t0)]) == .alreadyClosed)
    }
}

/// SPEC §2: once an event parses, the duplicate check comes before every other rule, `note_limit` included
/// (audit 10): lowering the limit must not turn a client's retry of a recorded event into a refusal.
@Test func aRetryIsADuplicateEvenAfterTheNoteLimitWasLowered() throws {
    try withLedger { ledger, _ in
        let note = String(repeating: "n", count: 40)
        #expect(try ledger.appendCode([sent("a", "r", at: t0, id: "e1", invitation: "i1", note: note)]) == nil)
        var policy = try ledger.policy()
        policy.noteLimit = 10
        try ledger.setPolicy(policy)
        let retry = try ledger.append([sent("a", "r", at: t0, id: "e1", invitation: "i1", note: note)])
        #expect(retry.committed && retry.duplicates == 1 && retry.rejections.isEmpty)
        // A known id with other content is id_conflict, whatever its note.
        #expect(try ledger.appendCode([sent("a", "r", at: t0, id: "e1", invitation: "i1", note: note + "!")]) == .idConflict)
        // A new event with a note over the new limit is invalid_event, before the lifecycle rules (already_pending here).
        let refused = try ledger.append([sent("a", "r", at: t1, id: "e2", note: note)])
        #expect(refused.rejections.first?.rejection.code == .invalidEvent)
        #expect(refused.rejections.first?.rejection.message.contains("note is 40 characters, longer than note_limit 10") == true)
    }
}

/// The rejection of one parsed line, or nil when it parses.
private func parseRejection(_ line: String) -> Rejection? {
    var copy = line
    return copy.withUTF8 { buffer in
        switch EventParser.parse(line: UnsafeRawBufferPointer(buffer)) {
        case .success: return nil
        case .failure(let rejection): return rejection
        }
    }
}

@Test func staticRulesRejectBadEventsAsInvalid() {
    func code(_ line: String) -> RejectionCode? { parseRejection(line)?.code }
    let good = #"{"type":"sent","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z"}"#
    #expect(code(good) == nil)
    #expect(code("[1,2]") == .invalidEvent)
    #expect(code(#"{"type":"poked","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z"}"#) == .invalidEvent)
    #expect(code(#"{"type":"sent","recipient":"r","at":"2026-01-01T00:00:00Z"}"#) == .invalidEvent)
    #expect(code(#"{"type":"sent","account":"  ","recipient":"r","at":"2026-01-01T00:00:00Z"}"#) == .invalidEvent)
    // An invitation id of white space only is empty once trimmed (audit 154: untrimmed, it was recorded).
    #expect(code(#"{"type":"sent","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z","invitation":"   "}"#) == .invalidEvent)
    #expect(code(#"{"type":"accepted","invitation":" \t ","at":"2026-01-01T00:00:00Z"}"#) == .invalidEvent)
    #expect(code(#"{"type":"sent","account":"a","recipient":"r","at":"2026-13-01T00:00:00Z"}"#) == .invalidEvent)
    #expect(code(#"{"type":"sent","account":"a","recipient":"r","at":"2026-01-01T23:59:60Z"}"#) == .invalidEvent)
    #expect(code(#"{"type":"sent","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z","reason":"x"}"#) == .invalidEvent)
    #expect(code(#"{"type":"sent","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z","extra":1}"#) == .invalidEvent)
    #expect(code(#"{"type":"sent","type":"sent","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z"}"#) == .invalidEvent)
    // Counted in Unicode scalars, past the limit in bytes only.
    #expect(EventValidation.noteProblem(sent("a", "r", at: "2026-01-01T00:00:00Z", note: "12345"), noteLimit: 4)
        == "note is 5 characters, longer than note_limit 4")
    #expect(EventValidation.noteProblem(sent("a", "r", at: "2026-01-01T00:00:00Z", note: "😀😀😀😀"), noteLimit: 4) == nil)
    #expect(EventValidation.noteProblem(sent("a", "r", at: "2026-01-01T00:00:00Z", note: "1234"), noteLimit: 4) == nil)
    #expect(EventValidation.noteProblem(sent("a", "r", at: "2026-01-01T00:00:00Z", note: "x"), noteLimit: 0)
        == "note is 1 character, longer than note_limit 0")
    // An accent written apart is a scalar of its own: said, as the note shows fewer letters (audit 109 F11).
    #expect(EventValidation.noteProblem(sent("a", "r", at: "2026-01-01T00:00:00Z", note: "eeeee\u{0301}"), noteLimit: 5)
        == "note is 6 characters (counted in Unicode scalars; 5 as shown: an accent written apart, a \\r\\n line break or an emoji sequence is shown as one and counts more), longer than note_limit 5")
    #expect(code(#"{"type":"accepted","account":"a","at":"2026-01-01T00:00:00Z"}"#) == .invalidEvent)
    #expect(code(#"{"type":"sent","account":"a","recipient":"r","at":"2026-01-01T00:00:00Z","position":7,"hash":"x","recorded_at":"y"}"#) == nil)
    #expect(code("{\"type\":\"sent\",\"account\":\"a\",\"recipient\":\"r\",\"at\":\"2026-01-01T00:00:00Z\",\"note\":\"\\ud800\"}") == .invalidEvent)
}

@Test func timestampsParseRFC3339AndPrintTheSpecsForm() throws {
    #expect(ts("2026-01-05T10:30:00+01:00").rfc3339 == "2026-01-05T09:30:00Z")
    #expect(ts("2026-01-05T09:30:00.1239Z").rfc3339 == "2026-01-05T09:30:00.123Z")
    // Every length of fraction is of a second, not of milliseconds (audit 154: `.12` was read as 12 ms, and no test saw it).
    #expect(ts("2026-01-05T09:30:00.1Z").rfc3339 == "2026-01-05T09:30:00.100Z")
    #expect(ts("2026-01-05T09:30:00.12Z").rfc3339 == "2026-01-05T09:30:00.120Z")
    #expect(ts("2026-01-05T10:30:00.12+01:00").rfc3339 == "2026-01-05T09:30:00.120Z")
    #expect(ts("2026-01-05T09:30:00.1234567Z").rfc3339 == "2026-01-05T09:30:00.123Z")
    // However many digits: an import read one of more than 64 bytes as no timestamp, where send --at took it (audit 157).
    let digits = String(repeating: "9", count: 60)
    #expect(ts("2026-01-05T10:30:00.\(digits)+01:00").rfc3339 == "2026-01-05T09:30:00.999Z")
    #expect(parseRejection(#"{"type":"sent","account":"a","recipient":"r","at":"2026-01-05T09:30:00.\#(digits)Z"}"#) == nil)
    #expect(ts("0000-01-01T00:00:00Z").rfc3339 == "0000-01-01T00:00:00Z")
    #expect(ts("9999-12-31T23:59:59.999Z").rfc3339 == "9999-12-31T23:59:59.999Z")
    #expect(ts("1969-12-31T23:59:59.5Z").milliseconds == -500)
    #expect(Timestamp(rfc3339: "2026-02-29T00:00:00Z") == nil)
    #expect(Timestamp(rfc3339: "2024-02-29T00:00:00Z") != nil)
    #expect(Timestamp(rfc3339: "2026-01-05 09:30:00") == nil)
}

@Test func durationsCombineUnits() {
    #expect(TimeSpan("3w") == TimeSpan.days(21))
    #expect(TimeSpan("1w2d") == TimeSpan("9d"))
    #expect(TimeSpan("36h")?.description == "1d12h")
    #expect(TimeSpan("26w")?.description == "26w")
    #expect(TimeSpan("90m")?.description == "1h30m")
    #expect(TimeSpan("3") == nil)
    #expect(TimeSpan("w") == nil)
    #expect(TimeSpan("3x") == nil)
}

@Test func recipientsNormaliseEveryProfileURLForm() {
    #expect(Identity.recipient("https://www.linkedin.com/in/Jane-Doe/?trk=x") == "linkedin.com/in/jane-doe")
    #expect(Identity.recipient("linkedin.com/in/jane-doe") == "linkedin.com/in/jane-doe")
    #expect(Identity.recipient("  http://linkedin.com/in/Jane-Doe#about ") == "linkedin.com/in/jane-doe")
    #expect(Identity.recipient("HTTPS://WWW.LINKEDIN.COM/IN/JANE/details/") == "linkedin.com/in/jane")
    #expect(Identity.recipient(" urn:li:person:AbC ") == "urn:li:person:AbC")
}

/// A profile URL pasted with quotes, brackets or punctuation around it, or with a query begun or escaped otherwise, is the same person (audits 125 F1, 129).
@Test func recipientsDropWhatWasPastedAroundAProfileURL() {
    for pasted in [#""https://www.linkedin.com/in/Jane-Doe/""#, "'linkedin.com/in/jane-doe'", "\u{201C}https://www.linkedin.com/in/jane-doe\u{201D}",
                   "<https://www.linkedin.com/in/jane-doe>", "(linkedin.com/in/jane-doe).", "https://www.linkedin.com/in/jane-doe,",
                   "linkedin.com/in/jane-doe;", "linkedin.com/in/jane-doe!", "« linkedin.com/in/jane-doe »", "[linkedin.com/in/jane-doe]",
                   "https://www.linkedin.com/in/jane-doe%3Ftrk%3Dx", "https://www.linkedin.com/in/jane-doe%2f", "linkedin.com/in/jane-doe%23about",
                   "linkedin.com/in/jane-doe&trk=public_profile", "linkedin.com/in/jane-doe%26x",
                   // Blanks and punctuation in either order, escaped punctuation, other scripts' quotes (review 130).
                   "linkedin.com/in/jane-doe,\u{200B}", "linkedin.com/in/jane-doe,%20", "linkedin.com/in/jane-doe%20,", "linkedin.com/in/jane-doe%2C",
                   "linkedin.com/in/jane-doe%29", "\u{201E}linkedin.com/in/jane-doe\u{201C}", "\u{300C}linkedin.com/in/jane-doe\u{300D}",
                   "`linkedin.com/in/jane-doe`",
                   // `/in/` given twice, or an escaped slash before the name (audit 133: every `/in/in/…` was one person, `in`).
                   "https://www.linkedin.com/in/in/jane-doe", "linkedin.com/in/IN//jane-doe", "linkedin.com/in/%2Fjane-doe",
                   // Quotes or brackets before the name, a path parameter after it (audit 133).
                   #"linkedin.com/in/"jane-doe""#, "linkedin.com/in/(jane-doe)", "linkedin.com/in/%22jane-doe%22", "linkedin.com/in/jane-doe;jsessionid=1",
                   "https://www.linkedin.com/in/-/jane-doe", "linkedin.com/in/_/jane-doe"] {
        #expect(Identity.recipient(pasted) == "linkedin.com/in/jane-doe", "\(pasted)")
    }
    // Not a profile URL: only trimmed, quotes and all (SPEC); a name inside stays whole; a quoted URL with no name names nobody.
    #expect(Identity.recipient(#" "urn:li:person:1" "#) == #""urn:li:person:1""#)
    #expect(Identity.recipient("linkedin.com/in/jane_doe-1a2b") == "linkedin.com/in/jane_doe-1a2b")
    #expect(Identity.recipient("https://www.linkedin.com/in/j%C3%B6rg%2F") == "linkedin.com/in/jörg")
    #expect(Identity.recipient("https://www.linkedin.com/in/j%C3%B6rg\u{201D},") == "linkedin.com/in/jörg")
    #expect(Identity.recipient("linkedin.com/in/jane.doe-x") == "linkedin.com/in/jane.doe-x")  // inside a name, kept
    #expect(Identity.recipient("linkedin.com/in/in") == "linkedin.com/in/in" && Identity.recipient("linkedin.com/in/in-x") == "linkedin.com/in/in-x")
    #expect(Identity.recipient("linkedin.com/in/-") == "linkedin.com/in/-" && Identity.recipient("linkedin.com/in/-jane") == "linkedin.com/in/-jane")
    #expect(Identity.isProfileURLWithoutName(#""https://www.linkedin.com/in/""#))
    #expect(Identity.isProfileURLWithoutName("https://www.linkedin.com/in/.,"))
    // As the first builds read it (the ids of a LinkedIn export's rows): a slug ends at `/`, `?` and `#` only.
    #expect(Identity.recipientAsFirstNormalised("https://www.linkedin.com/in/jane-doe,") == "linkedin.com/in/jane-doe,")
}

/// A retry whose account is the recorded one in another Unicode form is an id_conflict that says so (audit 109 F7).
@Test func aRetryInAnotherUnicodeFormSaysSo() {
    let at = Timestamp(milliseconds: 0)
    let recorded = Event(kind: .sent, id: "e1", at: at, invitation: "i1", account: "Zo\u{00EB}", recipient: "r1", source: "s",
                         position: 1, recordedAt: at)
    #expect(BatchWriter.difference(ProposedEvent(kind: .sent, id: "e1", at: at, invitation: "i1", account: "Zoe\u{0308}",
                                                 recipient: "r1", source: "s"), recorded)
            == "account (the same letters in another Unicode form)")
    #expect(BatchWriter.difference(ProposedEvent(kind: .sent, id: "e1", at: at, invitation: "i1", account: "Zoey",
                                                 recipient: "r1", source: "s"), recorded) == "account")
}

/// A non-ASCII slug has one spelling per profile: NFC, a Greek final sigma as σ, a dotted capital I as i (audit 109 F3, F4).
@Test func nonASCIISlugsOfOneProfileNormaliseAlike() {
    // Compared byte for byte: Swift's == takes a composed and a decomposed spelling as equal (review 110 R4).
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
    let jorg = bytes("linkedin.com/in/j\u{00F6}rg-m\u{00FC}ller")
    #expect(bytes(Identity.recipient("https://www.linkedin.com/in/jo%CC%88rg-mu%CC%88ller")) == jorg)  // decomposed, escaped
    #expect(bytes(Identity.recipient("linkedin.com/in/jo\u{0308}rg-mu\u{0308}ller")) == jorg)          // decomposed, raw
    #expect(bytes(Identity.recipient("linkedin.com/in/JÖRG-MÜLLER")) == jorg)
    #expect(bytes(Identity.recipient("https://www.linkedin.com/in/ΟΔΥΣΣΕΑΣ")) == bytes("linkedin.com/in/οδυσσεασ"))
    #expect(bytes(Identity.recipient("https://www.linkedin.com/in/οδυσσεας")) == bytes("linkedin.com/in/οδυσσεασ"))
    #expect(bytes(Identity.recipient("linkedin.com/in/İSMAİL")) == bytes("linkedin.com/in/ismail"))
    // Other recipients are only trimmed, as SPEC says.
    #expect(bytes(Identity.recipient("urn:li:person:οδυσσεας")) == bytes("urn:li:person:οδυσσεας"))
    // As the first builds normalised them, for the ids of LinkedIn rows: only lower-cased.
    #expect(bytes(Identity.recipientAsFirstNormalised("https://www.linkedin.com/in/ΟΔΥΣΣΕΑΣ/")) == bytes("linkedin.com/in/οδυσσεασ"))
    #expect(bytes(Identity.recipientAsFirstNormalised("linkedin.com/in/jo\u{0308}rg")) == bytes("linkedin.com/in/jo\u{0308}rg"))
    #expect(bytes(Identity.recipientAsFirstNormalised("linkedin.com/in/οδυσσεας")) == bytes("linkedin.com/in/οδυσσεας"))
}

/// "any form of a profile URL": country and mobile subdomains, ports, percent-escaped and non-ASCII slugs.
@Test func recipientsNormaliseCountrySubdomainsPortsAndEscapedSlugs() {
    #expect(Identity.recipient("https://de.linkedin.com/in/Jane-Doe/") == "linkedin.com/in/jane-doe")
    #expect(Identity.recipient("uk.linkedin.com/in/jane-doe?originalSubdomain=uk") == "linkedin.com/in/jane-doe")
    #expect(Identity.recipient("https://mobile.linkedin.com/in/jane-doe") == "linkedin.com/in/jane-doe")
    #expect(Identity.recipient("https://www.linkedin.com:443/in/jane-doe") == "linkedin.com/in/jane-doe")
    #expect(Identity.recipient("https://www.linkedin.com/in/J%C3%B6rg-M%C3%BCller/") == "linkedin.com/in/jörg-müller")
    #expect(Identity.recipient("linkedin.com/in/Jörg-Müller") == "linkedin.com/in/jörg-müller")
    // An escaped separator ends the name, as the separator does (audit 125 F1; builds before 2026-12-03 kept `a%2fb`).
    #expect(Identity.recipient("linkedin.com/in/a%2Fb") == "linkedin.com/in/a")
    // Escapes that do not decode to a plain slug stay as written (lower-cased).
    #expect(Identity.recipient("linkedin.com/in/a%zz") == "linkedin.com/in/a%zz")
    #expect(Identity.recipient("linkedin.com/in/a%C3") == "linkedin.com/in/a%c3")
    // Not LinkedIn profiles: only trimmed.
    #expect(Identity.recipient("https://notlinkedin.com/in/Jane") == "https://notlinkedin.com/in/Jane")
    #expect(Identity.recipient("https://a.b.linkedin.com/in/Jane") == "https://a.b.linkedin.com/in/Jane")
    #expect(Identity.recipient("https://www.linkedin.com:x/in/Jane") == "https://www.linkedin.com:x/in/Jane")
    #expect(Identity.recipient("linkedin.com/in/") == "linkedin.com/in/")
    #expect(Identity.recipient("LinkedIn.COM/in/Jane") == "linkedin.com/in/jane")
    #expect(Identity.recipient("https://.linkedin.com/in/Jane") == "https://.linkedin.com/in/Jane")
    #expect(Identity.recipient("https://xlinkedin.com/in/Jane") == "https://xlinkedin.com/in/Jane")
    #expect(Identity.recipient("https://www.linkedin.com:/in/Jane") == "https://www.linkedin.com:/in/Jane")
    #expect(Identity.recipient("https://w_w.linkedin.com/in/Jane") == "https://w_w.linkedin.com/in/Jane")
    #expect(Identity.recipient("linkedin.com/company/acme") == "linkedin.com/company/acme")
    // Forms audit 22 met stored as written: scheme-relative, LinkedIn Lite, doubled slashes, a trailing dot.
    #expect(Identity.recipient("//www.linkedin.com/in/Jane") == "linkedin.com/in/jane")
    #expect(Identity.recipient("https://www.linkedin.com/mwlite/in/Jane-Doe") == "linkedin.com/in/jane-doe")
    #expect(Identity.recipient("https://www.linkedin.com//in/jane") == "linkedin.com/in/jane")
    // And after `in` (audit 65 L3: refused as naming nobody before).
    #expect(Identity.recipient("https://www.linkedin.com/in//Jane-Doe/") == "linkedin.com/in/jane-doe")
    #expect(Identity.recipient("HTTPS://LINKEDIN.COM//IN///about") == "linkedin.com/in/about")
    #expect(Identity.recipient("https://www.linkedin.com./in/jane") == "linkedin.com/in/jane")
    #expect(Identity.recipient("https://www.linkedin.com.:443/in/jane") == "linkedin.com/in/jane")
    #expect(Identity.recipient("//linkedin.com.evil.com/in/jane") == "//linkedin.com.evil.com/in/jane")
    #expect(Identity.recipient("https://www.linkedin.com../in/jane") == "https://www.linkedin.com../in/jane")
    #expect(Identity.recipient("https://www.linkedin.com/mwlite/company/acme") == "https://www.linkedin.com/mwlite/company/acme")
    #expect(Identity.recipient("///linkedin.com/in/jane") == "///linkedin.com/in/jane")
}

/// A profile URL with nothing after `/in/` names nobody: such a recipient is refused, not kept as another id.
@Test func aProfileURLWithoutAProfileNameIsRefused() {
    for url in ["https://www.linkedin.com/in/", "linkedin.com/in/", " https://de.linkedin.com/in/?trk=x ", "HTTPS://LINKEDIN.COM/IN//?about", "linkedin.com/in/#x",
                "linkedin.com/in//", "linkedin.com/in/?x", "https://www.linkedin.com:443/in/"] {
        #expect(Identity.isProfileURLWithoutName(url), "\(url)")
        var event = ProposedEvent(kind: .sent, at: Timestamp(milliseconds: 0), account: "acct", recipient: url)
        #expect(EventValidation.normalise(&event) == "\"recipient\" is a LinkedIn profile URL with no profile name after /in/")
    }
    for other in ["linkedin.com/in/jane-doe", "https://www.linkedin.com/in/Jane/", "urn:li:person:42", "linkedin.com/company/acme",
                  "https://notlinkedin.com/in/", "in/", "https://a.b.linkedin.com/in/", ".linkedin.com/in/", "www.linkedin.com:/in/"] {
        #expect(!Identity.isProfileURLWithoutName(other), "\(other)")
        var event = ProposedEvent(kind: .sent, at: Timestamp(milliseconds: 0), account: "acct", recipient: other)
        #expect(EventValidation.normalise(&event) == nil, "\(other)")
    }
}

/// A recipient an earlier build recorded as written (a URL form it did not know) still matches its retry (review 23).
@Test func aRetryMatchesARecipientRecordedBeforeItsFormWasNormalised() {
    let recorded = Event(kind: .sent, id: "e-1", at: Timestamp(milliseconds: 0), invitation: "i-1", account: "a",
                         recipient: "//www.linkedin.com/in/Jane", source: "unknown", note: nil, template: nil, reason: nil, by: nil,
                         position: 1, recordedAt: Timestamp(milliseconds: 0))
    var retry = ProposedEvent(kind: .sent, id: "e-1", at: Timestamp(milliseconds: 0), invitation: "i-1", account: "a",
                              recipient: Identity.recipient("//www.linkedin.com/in/Jane"), source: "unknown")
    #expect(retry.recipient == "linkedin.com/in/jane")
    #expect(BatchWriter.difference(retry, recorded) == nil)
    retry.recipient = "linkedin.com/in/john"
    #expect(BatchWriter.difference(retry, recorded) == "recipient")
}

/// A name over its byte limit is told in bytes and characters: SPEC counts characters, the limit is LMDB's key (audit 65 L1).
@Test func aNameTooLongIsToldInBytesAndCharacters() {
    var event = ProposedEvent(kind: .sent, at: Timestamp(milliseconds: 0), account: "acct", recipient: "r",
                              source: String(repeating: "王", count: 134))
    #expect(EventValidation.normalise(&event) == "\"source\" is longer than 400 bytes of UTF-8 (402 bytes in 134 characters)")
    event.source = String(repeating: "王", count: 133)
    #expect(EventValidation.normalise(&event) == nil)
}

/// A blank account or recipient names nothing: the message names the event by the next field, not by the blanks (audit 77 L2).
@Test func aBlankFieldIsNotTheSubjectOfItsMessage() {
    func message(_ line: String) -> String? { parseRejection(line)?.message }
    #expect(message(#"{"type":"sent","account":"a","recipient":"   ","at":"2026-01-01T00:00:00Z"}"#) == #"account a: empty "recipient""#)
    #expect(message(#"{"type":"sent","account":" \t ","recipient":"r","at":"2026-01-01T00:00:00Z"}"#) == #"recipient r: empty "account""#)
    #expect(sent("  ", "r", at: "2026-01-01T00:00:00Z").subject == "recipient r")
}

/// White space, control and invisible characters copied at a slug's ends are not part of the name (audit 94 F1).
@Test func aSlugsBlankEndsAreDropped() {
    for written in ["https://www.linkedin.com/in/jane-doe%C2%A0/", "https://www.linkedin.com/in/\u{00A0}jane-doe/",
                    "https://www.linkedin.com/in/jane-doe%20/", "linkedin.com/in/%E2%80%8BJane-Doe%EF%BB%BF",
                    "linkedin.com/in/jane-doe%0A", "linkedin.com/in/jane-doe\u{3000}?trk=x"] {
        #expect(Identity.recipient(written) == "linkedin.com/in/jane-doe", "\(written)")
    }
    // Between other characters they stay: another slug, kept as written.
    #expect(Identity.recipient("linkedin.com/in/jane%20doe") == "linkedin.com/in/jane%20doe")
    // Nothing but blanks names nobody, as a URL with nothing after /in/.
    for blank in ["https://www.linkedin.com/in/%C2%A0", "linkedin.com/in/%E2%80%8B/", "linkedin.com/in/%20%20"] {
        #expect(Identity.isProfileURLWithoutName(blank), "\(blank)")
    }
}

/// A C1 control (U+0080–U+009F) in an identifier is a control character, as C0 and DEL are (audit 94 F2).
@Test func aC1ControlInAnIdentifierIsRefused() {
    for account in ["a\u{85}b", "\u{80}", "x\u{9F}"] {
        #expect(EventValidation.pairProblem(account: account, recipient: "r") == "\"account\" contains a control character", "\(account)")
    }
    for fine in ["a\u{A0}b", "é", "¡", "\u{100}"] {
        #expect(EventValidation.pairProblem(account: fine, recipient: "r") == nil, "\(fine)")
    }
}

/// Identifiers are trimmed and blank optional texts are absent, on every field, so a retry with stray spaces is the same event (audit 154).
@Test func identifiersAreTrimmedAndBlankOptionalTextsAreAbsent() throws {
    try withLedger { ledger, _ in
        #expect(try ledger.appendCode([sent("a ", "urn:1 ", at: t0, id: "x1", invitation: " i1 ", source: " \t", template: " ")]) == nil)
        #expect(try ledger.appendCode([followUp(.accepted, invitation: "i1", at: t1)]) == nil)
        #expect(try ledger.appendCode([sent("a", "r2", at: t0, invitation: "i2"), followUp(.withdrawn, invitation: "i2", at: t1, reason: "   ")]) == nil)
        let events = try ledger.allEvents()
        #expect(events.count == 4)
        if events.count == 4 {
            #expect(events[0].account == "a" && events[0].recipient == "urn:1" && events[0].invitation == "i1")
            #expect(events[0].source == "unknown" && events[0].template == nil)
            #expect(events[3].kind == .withdrawn && events[3].reason == nil)
        }
        // The retry without the stray spaces is the event recorded: a duplicate, not an id_conflict.
        let retry = try ledger.append([sent("a", "urn:1", at: t0, id: "x1", invitation: "i1")])
        #expect(retry.rejections.isEmpty && retry.duplicates == 1)
    }
}
