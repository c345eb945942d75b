import Ledger

/// A note for a `--source` or `--template` the ledger has never seen, naming the known ones it most likely meant.
///
/// SPEC keeps a source and a template as written, so `Referral` is another group than
/// `referral`: the empty list it gives is SPEC's, and this says why (audit 51).
enum SourceHint {
    /// The note for `source`, or nil when the ledger knows it.
    static func note(for source: String, in view: LedgerView) throws -> String? {
        guard try view.sourceID(source) == nil else { return nil }
        return "invites: note: no invitation was sent from source \(NearNames.shown(source)) (sources match as written)"
            + guess(source, among: try view.sources())
    }

    /// The note for `template`, or nil when the ledger knows it.
    static func note(forTemplate template: String, in view: LedgerView) throws -> String? {
        guard try view.templateID(template) == nil else { return nil }
        return "invites: note: no invitation was sent with template \(NearNames.shown(template)) (templates match as written)"
            + guess(template, among: try view.templates())
    }

    /// `; did you mean …?` with the known names closest to `name`, or nothing when none is close.
    private static func guess(_ name: String, among known: [(id: UInt32, name: String)]) -> String {
        let close = NearNames.closest(to: name, among: known.map(\.name))
        return close.isEmpty ? "" : "; did you mean \(close.map(NearNames.shown).joined(separator: ", "))?"
    }
}
