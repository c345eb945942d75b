import Ledger

/// A report as it stood then: only events at positions ≤ `position`, and with `at` ≤ `asOf`.
public struct TimeTravel: Sendable, Equatable {
    /// Only events recorded at positions ≤ this count (`--position`); nil for no limit.
    public var position: UInt64?
    /// Only events whose `at` is ≤ this count (`--as-of`); nil for no limit.
    public var asOf: Timestamp?

    /// A report limited to `position`, `asOf`, both, or neither (the present).
    public init(position: UInt64? = nil, asOf: Timestamp? = nil) {
        self.position = position
        self.asOf = asOf
    }

    /// Whether the report is of the past (answered from a fold, not the stored projections).
    public var isActive: Bool { position != nil || asOf != nil }

    /// Whether the event recorded at `position` with time `at` counts in the report (at or before `position`, `at` ≤ `asOf`).
    public func counts(position eventPosition: UInt64, at: Timestamp) -> Bool {
        (position.map { eventPosition <= $0 } ?? true) && (asOf.map { at <= $0 } ?? true)
    }

    /// How the limit reads in a message: ` as of 2026-01-05T09:30:00.000Z`, ` at position 12`, or nothing.
    public var phrase: String {
        [asOf.map { " as of \($0.rfc3339)" }, position.map { " at position \($0)" }].compactMap { $0 }.joined(separator: ",")
    }
}
