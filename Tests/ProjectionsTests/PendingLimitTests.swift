import Foundation
import Testing
@testable import Projections
import Ledger

/// `SmallestKept` keeps what sorting everything and taking the first `limit` keeps.
@Test func smallestKeptIsTheSortedPrefix() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<300 {
        let count = Int.random(in: 0...60, using: &generator)
        // Pairs with many equal first halves: the order is total only with the second (as sent_at, then invitation).
        let values = (0..<count).map { index in (Int.random(in: 0...5, using: &generator), index) }
        let precedes: ((Int, Int), (Int, Int)) -> Bool = { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        let expected = values.sorted(by: precedes)
        for limit in [-1, 0, 1, 2, 7, count, count + 3] {
            var kept = SmallestKept(limit: limit, by: precedes)
            for value in values.shuffled(using: &generator) { kept.offer(value) }
            let got = kept.sorted()
            let want = expected.prefix(max(0, limit))
            #expect(got.map(\.0) == want.map(\.0) && got.map(\.1) == want.map(\.1), "limit \(limit) of \(values)")
        }
    }
}

/// `pending --limit N` gives the first N rows of the whole list, and counts the whole list and
/// its overdue rows, from the stored projections and from a fold (`--as-of`) alike.
@Test(arguments: [11, 12] as [UInt64])
func aLimitedPendingReportIsTheFirstRowsOfTheWholeList(seed: UInt64) throws {
    let events = RandomStream.events(count: 400, seed: seed)
    try withLedger { ledger in
        try append(events, to: ledger)
        let runner = try ProjectionRunner(ledger: ledger)
        let last = events.last?.at ?? RandomStream.start
        var (sawOverdue, sawOnTime) = (false, false)
        for (travel, now) in [(TimeTravel(), last.plus(days: 10)), (TimeTravel(), last.plus(days: 200)),
                              (TimeTravel(asOf: events[250].at), events[250].at)] {
            try runner.query(travel) { model, view in
                let policy = try view.policy()
                for account in [nil] + (try view.accounts()).map(\.name) as [String?] {
                    let whole = try PendingQuery(account: account).rows(model: model, view: view, policy: policy, now: now)
                    sawOverdue = sawOverdue || whole.contains(where: \.overdue)
                    sawOnTime = sawOnTime || whole.contains { !$0.overdue }
                    for limit in [0, 1, 4, whole.count, whole.count + 1] {
                        let report = try PendingQuery(account: account, limit: limit).report(model: model, view: view, policy: policy, now: now)
                        #expect(report.rows == Array(whole.prefix(limit)))
                        #expect(report.total == whole.count && report.overdue == whole.filter(\.overdue).count)
                    }
                }
            }
        }
        #expect(sawOverdue && sawOnTime)
    }
}
