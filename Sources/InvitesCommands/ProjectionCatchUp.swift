import Ledger
import Projections

/// What an append runs just before its commit to bring the projections up to its events.
///
/// Nil on a ledger whose projections were never built (the first query builds them). See
/// `ProjectionRunner.catchUpNearby(within:)` for which projections catch up there.
func projectionCatchUp(for ledger: Ledger) throws -> ((LedgerView) throws -> Void)? {
    guard let runner = try ProjectionRunner.existing(ledger: ledger) else { return nil }
    return { view in try runner.catchUpNearby(within: view) }
}
