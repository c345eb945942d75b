import Foundation
import Testing
@testable import Projections
import Ledger
import LMDB
import TestSupport

/// The stored projections with the events past their checkpoint folded over them answer as a fold of the whole log.
@Suite struct TailOverlayTests {
    /// Every read of the overlay, at checkpoints from none to all, equals the same read of a fold of the whole log.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func theStoredProjectionsAndTheTailAnswerAsTheWholeLog(seed: UInt64) throws {
        let events = RandomStream.events(count: 400, seed: seed)
        var sawSeeded = false
        for cut in [0, 1, 97, 200, 333, 399, 400] {
            try withLedger { ledger in
                let runner = try ProjectionRunner(ledger: ledger)
                try append(Array(events[..<cut]), to: ledger)
                try runner.catchUp()
                try append(Array(events[cut...]), to: ledger)
                try ledger.read { view in
                    let overlay = try TailOverlayModel(stored: try runner.storedModel(txn: view.txn), checkpoint: UInt64(cut), view: view)
                    let whole = FoldedReadModel(fold: try InvitationFold.build(view: view))
                    try expectSameAnswers(overlay, whole, view: view)
                    sawSeeded = sawSeeded || !overlay.earlier.isEmpty
                }
            }
        }
        #expect(sawSeeded, "the tail followed up invitations sent before the checkpoint")
    }

    /// A query that may not catch up while another process writes answers from the overlay, the same reports as after a catch-up.
    @Test func aQueryBehindAWriterReadsTheStoredProjectionsAndTheTail() throws {
        let events = RandomStream.events(count: 300, seed: 14)
        try withLedger { ledger in
            let runner = try ProjectionRunner(ledger: ledger)
            try append(Array(events[..<250]), to: ledger)
            try runner.catchUp()
            try append(Array(events[250...]), to: ledger)
            let opened = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                try? ledger.environment.write { _ in
                    opened.signal()
                    _ = release.wait(timeout: .now() + 5)
                }
                done.signal()
            }
            opened.wait()
            let now = (events.last?.at ?? RandomStream.start).plus(days: 2)
            let answered = try runner.query { model, view in
                #expect(model is TailOverlayModel)
                let policy = try view.policy()
                return Reports(pending: try PendingQuery().rows(model: model, view: view, policy: policy, now: now),
                               cooldown: try CooldownQuery().rows(model: model, view: view, policy: policy, now: now),
                               metrics: try MetricsQuery(by: .source).rows(model: model, view: view, now: now))
            }
            #expect(try ledger.read { view in try runner.state(PendingList.name, txn: view.txn)?.position } == 250,
                    "nothing was caught up while the writer held the ledger")
            release.signal()
            done.wait()
            #expect(answered == model(events, now: now))
            #expect(try reports(runner, now: now) == answered)
        }
    }

    /// Projections at different checkpoints, or a tail longer than half the log, are answered from a fold of the whole log.
    @Test func projectionsThatCannotServeLeaveTheAnswerToAFold() throws {
        let events = RandomStream.events(count: 231, seed: 15)
        try withLedger { ledger in
            let runner = try ProjectionRunner(ledger: ledger)
            func behind() throws -> any ReadModel { try ledger.read { view in try runner.behindModel(view: view) } }
            try append(Array(events[..<100]), to: ledger)
            try runner.catchUp()
            try append(Array(events[100..<200]), to: ledger)
            #expect(try behind() is TailOverlayModel, "100 of 200 events behind: half")
            try append(Array(events[200..<201]), to: ledger)
            #expect(try behind() is FoldedReadModel, "101 of 201 events behind")
            try runner.rebuild()
            try append(Array(events[201...]), to: ledger)
            #expect(try behind() is TailOverlayModel, "30 of 231 events behind")
            try runner.rebuild([PendingList.name])
            #expect(try behind() is FoldedReadModel, "checkpoints 231, 201, 201")
        }
    }

    /// Checks each read of `overlay` against `whole`, for every account and pair the log names.
    private func expectSameAnswers(_ overlay: TailOverlayModel, _ whole: FoldedReadModel, view: LedgerView) throws {
        let bySent: (InvitationFact, InvitationFact) -> Bool = { $0.sentPosition < $1.sentPosition }
        #expect(try overlay.pending(accountID: nil).sorted(by: bySent) == whole.pending(accountID: nil))
        // The merge keeps the pairs database's key order, as the whole fold gives it: compared unsorted.
        #expect(try overlay.pairs(accountID: nil) == whole.pairs(accountID: nil))
        #expect(try overlay.metricsFacts() == whole.metricsFacts())
        let accounts = try (0..<3).compactMap { try view.accountID("acct-\($0)") }
        for account in accounts {
            #expect(try overlay.pending(accountID: account).sorted(by: bySent) == whole.pending(accountID: account))
            #expect(try overlay.pairs(accountID: account) == whole.pairs(accountID: account))
            #expect(try overlay.pendingCount(accountID: account) == whole.pendingCount(accountID: account))
            for person in 0..<41 {
                let recipient = "person-\(person)"
                #expect(try overlay.pair(accountID: account, recipient: recipient)
                        == whole.pair(accountID: account, recipient: recipient), "acct \(account) \(recipient)")
            }
            for days in [0.0, 30, 200, 400] {
                let after = RandomStream.start.plus(days: days)
                #expect(try overlay.sends(accountID: account, after: after, upTo: after.plus(days: 90))
                        == whole.sends(accountID: account, after: after, upTo: after.plus(days: 90)))
            }
        }
    }
}
