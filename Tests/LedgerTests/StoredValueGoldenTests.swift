import Foundation
@testable import Ledger
import Testing

/// The stored forms the log-record and index-key golden files do not cover: a pair's state (the
/// `pairs` index's values) and the policy (`meta`'s `policy`). Review 13 changed each format in
/// its writer and reader together and no test failed, although a ledger written before would
/// then misread every pair, or quietly fall back to the default policy. The bytes below are
/// what this format version writes; a change to them needs a format version and a migration.
struct StoredValueGoldenTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static let pairs: [(PairState, String)] = [
        (PairState(status: .pending, latestAt: Timestamp(milliseconds: 1_767_225_600_000), sentPositions: [7]), PairGolden.pending),
        (PairState(status: .withdrawn, latestAt: Timestamp(milliseconds: 1_767_312_000_123), sentPositions: [7, 9, 300, 70_000]),
         PairGolden.withdrawnFourSends),
        (PairState(status: .accepted, latestAt: Timestamp(milliseconds: -1), sentPositions: [1]), PairGolden.acceptedBefore1970),
    ]

    @Test func pairStatesKeepTheirBytes() throws {
        for (state, golden) in Self.pairs {
            #expect(Self.hex(state.encoded()) == golden, "\(state)")
            let bytes = try #require(Self.bytes(golden))
            let decoded = try bytes.withUnsafeBytes { try PairState.decode($0) }
            #expect(decoded == state)
        }
    }

    @Test func thePolicyKeepsItsStoredText() throws {
        #expect(Policy().stored == PolicyGolden.defaults)
        var custom = Policy()
        try custom.set("expire_after", to: "1w2d")
        try custom.set("note_limit", to: "120")
        try custom.set("weekly_cap", to: "0")
        #expect(custom.stored == PolicyGolden.custom)
        // Text an earlier build wrote reads back as the same policy.
        let read = try Policy(stored: PolicyGolden.custom)
        #expect(read.stored == PolicyGolden.custom)
        #expect(read.noteLimit == 120 && read.weeklyCap == 0)
    }

    /// A duration is stored and shown as it was set; the defaults it equals are no difference.
    @Test func aDurationKeepsTheSpellingItWasSetWith() throws {
        var policy = Policy()
        try policy.set("cooldown_after_withdraw", to: "21d")
        try policy.set("expire_after", to: "36h")
        #expect(policy.value(of: "cooldown_after_withdraw") == "21d" && policy.value(of: "expire_after") == "36h")
        #expect(policy.cooldownAfterWithdraw == .days(21) && policy.expireAfter == TimeSpan(milliseconds: 36 * 3_600_000))
        #expect(policy.stored.hasPrefix("expire_after=36h\ncooldown_after_withdraw=21d\ncooldown_after_expire=3w\n"))
        #expect(try Policy(stored: policy.stored).value(of: "expire_after") == "36h")
        #expect(policy.settingsApartFromDefaults == ["expire_after=36h"])
        // A field changed in code no longer matches its spelling: the shortest form says it.
        policy.cooldownAfterWithdraw = .days(14)
        #expect(policy.value(of: "cooldown_after_withdraw") == "2w")
    }

    static func bytes(_ hex: String) -> [UInt8]? {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            out.append(byte)
            index = next
        }
        return out
    }
}

/// A pair's stored state: status byte, latest `at` (signed varint), the `sent` positions.
private enum PairGolden {
    static let pending = "0080a0d5edee6607"
    static let withdrawnFourSends = "02f69188c0ef660709ac02f0a204"
    static let acceptedBefore1970 = "010101"
}

/// The policy's stored text: one `key=value` per line, in SPEC §1's order.
private enum PolicyGolden {
    static let defaults = "expire_after=26w\ncooldown_after_withdraw=3w\ncooldown_after_expire=3w\npending_cap=500\nweekly_cap=100\nnote_limit=300"
    static let custom = "expire_after=1w2d\ncooldown_after_withdraw=3w\ncooldown_after_expire=3w\npending_cap=500\nweekly_cap=0\nnote_limit=120"
}
