import Ledger

/// A note for a `--source` the ledger has never seen, naming the known ones it most likely meant.
///
/// SPEC keeps a source as written, so `Referral` is another group than `referral`: the empty
/// list it gives is SPEC's, and this says why (audit 51).
enum SourceHint {
    /// The note for `source`, or nil when the ledger knows it.
    static func note(for source: String, in view: LedgerView) throws -> String? {
        guard try view.sourceID(source) == nil else { return nil }
        let close = NearNames.closest(to: source, among: try view.sources().map(\.name))
        let guess = close.isEmpty ? "" : "; did you mean \(close.joined(separator: ", "))?"
        return "invites: note: no invitation was sent from source \(source) (sources match as written)\(guess)"
    }
}
