import Ledger

/// Each projection's checkpoint and lag behind the log, as `status` reports them.
enum ProjectionHealth {
    struct Entry {
        let name: String
        let position: UInt64
        let lag: UInt64
    }

    /// The projections' health; filled by the read side.
    static func report(ledger: Ledger, head: UInt64) throws -> [Entry] {
        []
    }
}
