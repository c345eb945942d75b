import Ledger
import Projections

/// Each projection's checkpoint and lag behind the log, as `status` reports them.
enum ProjectionHealth {
    struct Entry {
        let name: String
        let position: UInt64
        let lag: UInt64
    }

    /// The projections' health as stored: `status` does not catch them up, so a stalled one shows its lag.
    static func report(ledger: Ledger, head: UInt64) throws -> [Entry] {
        try ProjectionRunner(ledger: ledger).health().map { health in
            Entry(name: health.name, position: health.position, lag: head > health.position ? head - health.position : 0)
        }
    }
}
