import Testing
@testable import Ledger

@Test func retryingTheSameEventIsCountedAsADuplicate() throws {
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    do {
        let batch = [sent("a", "https://www.linkedin.com/in/X/", at: "2026-01-01T00:00:00Z", id: "e1"),
                     followUp(.reminded, account: "a", recipient: "linkedin.com/in/x", at: "2026-01-02T00:00:00Z", id: "e2")]
        let first = try ledger.append(batch)
        #expect(first.appended == 2)
        let retry = try ledger.append(batch)
        #expect(retry.appended == 0)
        #expect(retry.duplicates == 2)
        #expect(retry.rejected == 0)
        // A retry that leaves out what the ledger filled in is still the same event.
        let sparse = try ledger.append([followUp(.reminded, invitation: first.invitations[0], at: "2026-01-02T00:00:00Z", id: "e2")])
        #expect(sparse.duplicates == 1)
        #expect(try ledger.read { try $0.head().position } == 2)
    }
}

@Test func aKnownIdWithDifferentContentIsAnIdConflict() throws {
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    do {
        _ = try ledger.append([sent("a", "r", at: "2026-01-01T00:00:00Z", id: "e1", note: "hi")])
        #expect(try ledger.appendCode([sent("a", "r", at: "2026-01-01T00:00:00Z", id: "e1", note: "hello")]) == .idConflict)
        // The id check comes before every other rule (here already_pending would apply).
        #expect(try ledger.appendCode([sent("a", "r", at: "2026-01-01T00:00:01Z", id: "e1", note: "hi")]) == .idConflict)
    }
}

@Test func aBatchWithOneBadEventWritesNothing() throws {
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    do {
        let outcome = try ledger.append([sent("a", "r1", at: "2026-01-01T00:00:00Z"),
                                         sent("a", "r2", at: "2026-01-01T00:00:00Z"),
                                         followUp(.accepted, invitation: "missing", at: "2026-01-02T00:00:00Z")])
        #expect(!outcome.committed)
        #expect(outcome.rejections.map(\.line) == [3])
        #expect(try ledger.read { try $0.head().position } == 0)
        #expect(try ledger.read { try $0.accountID("a") } == nil)
        // The same batch with skipInvalid appends the valid events.
        let skipped = try ledger.append([sent("a", "r1", at: "2026-01-01T00:00:00Z"),
                                         followUp(.accepted, invitation: "missing", at: "2026-01-02T00:00:00Z")],
                                        skipInvalid: true)
        #expect(skipped.committed && skipped.appended == 1 && skipped.rejected == 1)
    }
}

@Test func eventsInOneBatchSeeTheBatchsEarlierEvents() throws {
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    do {
        let outcome = try ledger.append([sent("a", "r", at: "2026-01-01T00:00:00Z"),
                                         followUp(.accepted, account: "a", recipient: "r", at: "2026-01-01T00:05:00Z"),
                                         sent("a", "r", at: "2026-01-02T00:00:00Z")])
        #expect(outcome.rejections.map(\.rejection.code) == [.alreadyConnected])
    }
}

@Test func assignedIdsNeverCollideWithClientIds() throws {
    let (ledger, path) = try makeLedger()
    defer { removeLedger(path) }
    do {
        _ = try ledger.append([sent("a", "r1", at: "2026-01-01T00:00:00Z", id: "ev-2", invitation: "inv-2")])
        let outcome = try ledger.append([sent("a", "r2", at: "2026-01-01T00:00:00Z")])
        #expect(outcome.appended == 1)
        let events = try ledger.allEvents()
        #expect(Set(events.map(\.id)).count == 2)
        #expect(Set(events.map(\.invitation)).count == 2)
    }
}
