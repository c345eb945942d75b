import Testing
@testable import Ledger

/// A batch with many events of one invitation or one pair grows their lists in place (audit 48).
///
/// Each copy of a list costs its length, so an invitation with k reminders, or a pair invited
/// k times, in one batch cost k² when every append copied it: a 100,000-reminder import took
/// 13 s instead of 0.4 s, and 65 s on top of a ledger. A list grown in place moves only when it
/// outgrows its capacity, which doubles: a few dozen moves for thousands of appends.
@Suite struct LongHistoryBatchTests {
    /// How many times a list moved between one event and the next while `events` were added in one batch.
    ///
    /// `list` reads the list watched from the batch's overlay (the longest one, say).
    private func moves(in ledger: Ledger, adding events: [ProposedEvent],
                       list: (IndexOverlay) -> PositionList?) throws -> (moves: Int, length: Int) {
        var moves = 0
        var length = 0
        var last: UnsafeRawPointer?
        let outcome = try ledger.append { writer in
            for (index, event) in events.enumerated() {
                try writer.add(line: index + 1, .success(event))
                guard let overlay = writer.view.overlay, let positions = list(overlay) else { continue }
                let address = positions.storageAddress
                if address != last, last != nil { moves += 1 }
                last = address
                length = positions.count
            }
        }
        #expect(outcome.rejected == 0, "\(outcome.rejections.prefix(3))")
        return (moves, length)
    }

    /// The longest list of the batch's invitations table.
    private static func longestInvitation(_ overlay: IndexOverlay) -> PositionList? {
        (0..<overlay.invitations.count).map { overlay.invitations[$0].positions }.max { $0.count < $1.count }
    }

    /// The longest list of sends of the batch's pairs table.
    private static func longestPair(_ overlay: IndexOverlay) -> PositionList? {
        (0..<overlay.pairs.count).map { overlay.pairs[$0].sentPositions }.max { $0.count < $1.count }
    }

    /// One `sent` and then `count` reminders, named by invitation and by pair in turn.
    private static func reminders(_ count: Int, invitation: String, from day: Int = 0) -> [ProposedEvent] {
        (0..<count).map { index in
            let at = "2026-01-01T00:00:00Z"
            return index % 2 == 0
                ? followUp(.reminded, invitation: invitation, at: at, id: "r\(day)-\(index)")
                : followUp(.reminded, account: "a", recipient: "r", at: at, id: "r\(day)-\(index)")
        }
    }

    @Test func anInvitationsRemindersGrowItsListInPlace() throws {
        try withLedger { ledger, _ in
            let events = [sent("a", "r", at: "2026-01-01T00:00:00Z", id: "s", invitation: "i")] + Self.reminders(3000, invitation: "i")
            let watched = try moves(in: ledger, adding: events, list: Self.longestInvitation)
            #expect(watched.length == 3001)
            #expect(watched.moves <= 20, "the list moved \(watched.moves) times in 3,000 appends")
        }
    }

    @Test func remindersOfAnInvitationOfAnEarlierBatchGrowItsListInPlace() throws {
        try withLedger { ledger, _ in
            _ = try ledger.append([sent("a", "r", at: "2026-01-01T00:00:00Z", id: "s", invitation: "i")] + Self.reminders(10, invitation: "i"))
            let watched = try moves(in: ledger, adding: Self.reminders(3000, invitation: "i", from: 1), list: Self.longestInvitation)
            #expect(watched.length == 3011)
            #expect(watched.moves <= 20, "the list moved \(watched.moves) times in 3,000 appends")
        }
    }

    @Test func aPairInvitedAgainAndAgainGrowsItsListOfSendsInPlace() throws {
        try withLedger { ledger, _ in
            // Sent, then withdrawn, 1,500 times: a re-invite is a fact even inside a cooldown (policy is advice).
            let events = (0..<1500).flatMap { cycle in
                [sent("a", "r", at: "2026-01-01T00:00:00Z", id: "s\(cycle)", invitation: "i\(cycle)"),
                 followUp(.withdrawn, invitation: "i\(cycle)", at: "2026-01-01T00:00:00Z", id: "w\(cycle)")]
            }
            let watched = try moves(in: ledger, adding: events, list: Self.longestPair)
            #expect(watched.length == 1500)
            #expect(watched.moves <= 20, "the list moved \(watched.moves) times in 1,500 sends")
        }
    }

    @Test func aPairOfAnEarlierBatchInvitedAgainGrowsItsListOfSendsInPlace() throws {
        try withLedger { ledger, _ in
            _ = try ledger.append([sent("a", "r", at: "2026-01-01T00:00:00Z", id: "s", invitation: "i"),
                                   followUp(.withdrawn, invitation: "i", at: "2026-01-01T00:00:00Z", id: "w")])
            let events = (0..<1500).flatMap { cycle in
                [sent("a", "r", at: "2026-01-01T00:00:00Z", id: "s\(cycle)", invitation: "i\(cycle)"),
                 followUp(.expired, account: "a", recipient: "r", at: "2026-01-01T00:00:00Z", id: "x\(cycle)")]
            }
            let watched = try moves(in: ledger, adding: events, list: Self.longestPair)
            #expect(watched.length == 1501)
            #expect(watched.moves <= 20, "the list moved \(watched.moves) times in 1,500 sends")
        }
    }
}
