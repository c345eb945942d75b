import Foundation
import Testing
@testable import Projections
import Ledger

/// A fold of few invitations whose accounts were interned late (ids far above the invitation count) orders and groups as a dense one.
///
/// `accountGroups` counts into an array indexed by account id while ids stay below
/// 4·invitations + 1024, and falls back to a comparison sort above that; `groupsGoingBack` then
/// takes every group as going back in time. A full rebuild never leaves that range, but an
/// `--as-of` or `--position` fold of a ledger whose first events interned thousands of accounts does.
@Suite struct SparseAccountFoldTests {
    /// a's one send; b's two, the second dated before the first; b's first withdrawn.
    static let events = [
        ProposedEvent(kind: .sent, at: .at("2026-01-03T00:00:00Z"), invitation: "i1", account: "a", recipient: "r1"),
        ProposedEvent(kind: .sent, at: .at("2026-01-05T00:00:00Z"), invitation: "i2", account: "b", recipient: "r2"),
        ProposedEvent(kind: .sent, at: .at("2026-01-02T00:00:00Z"), invitation: "i3", account: "b", recipient: "r3"),
        ProposedEvent(kind: .withdrawn, at: .at("2026-01-06T00:00:00Z"), invitation: "i2"),
    ]
    /// Before any of the fillers' sends, and within the 3 weeks of cooldown after b's withdraw.
    static let asOf = Timestamp.at("2026-01-10T00:00:00Z")

    /// What a fold's orders say, by invitation id: per-account time order, its groups, the pending order, and the pairs.
    struct Orders: Equatable {
        var byAccountTime: [String]
        var groupRanges: [Range<Int>]
        var pendingByAccountTime: [String]
        var pendingGroupRanges: [Range<Int>]
        var pairs: [String]

        init(_ fold: InvitationFold) {
            let facts = fold.facts
            let all = fold.accountTimeOrder(), pending = fold.accountTimeOrder(pendingOnly: true)
            byAccountTime = all.indices.map { facts[Int($0)].explicitInvitation ?? "?" }
            groupRanges = all.groups.map(\.range)
            pendingByAccountTime = pending.indices.map { facts[Int($0)].explicitInvitation ?? "?" }
            pendingGroupRanges = pending.groups.map(\.range)
            pairs = fold.pairs.map { "\($0.invitation) \($0.recipient) \($0.status)" }
        }
    }

    /// The sparse path groups, orders and picks pairs as the dense path does, and the reports as of then match the plain model (audit 107 F18).
    @Test func aFoldOfLateInternedAccountsOrdersAsADenseOne() throws {
        let dense = try withLedger { ledger in
            try append(Self.events, to: ledger)
            return try ledger.read { view in try InvitationFold.build(view: view) }
        }
        let denseOrders = Orders(dense)
        #expect(denseOrders.byAccountTime == ["i1", "i3", "i2"] && denseOrders.groupRanges == [0..<1, 1..<3])
        #expect(denseOrders.pendingByAccountTime == ["i1", "i3"] && denseOrders.pendingGroupRanges == [0..<1, 1..<2])

        try withLedger { ledger in
            // 2,000 accounts interned first, each with one send dated after `asOf`, which the fold leaves out.
            let fillers = (0..<2_000).map { index in
                ProposedEvent(kind: .sent, at: .at("2026-06-01T00:00:00Z"), invitation: "f-\(index)", account: "filler-\(index)",
                              recipient: "filler-\(index)")
            }
            try append(fillers + Self.events, to: ledger)
            let sparse = try ledger.read { view in try InvitationFold.build(view: view, asOf: Self.asOf) }
            let facts = sparse.facts
            try #require(facts.count == 3)
            // The precondition of the sparse path: an account id past 4·invitations + 1024.
            #expect(facts.allSatisfy { Int($0.accountID) > 4 * facts.count + 1024 }, "\(facts.map(\.accountID))")
            #expect(Orders(sparse) == denseOrders)

            let runner = try ProjectionRunner(ledger: ledger)
            let asOf = try reports(runner, now: Self.asOf, travel: TimeTravel(asOf: Self.asOf))
            #expect(asOf == model(Self.events, now: Self.asOf))
            #expect(asOf.cooldown.map(\.recipient) == ["r2"] && asOf.pending.map(\.recipient) == ["r3", "r1"], "\(asOf)")
        }
    }
}
