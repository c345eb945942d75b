import Foundation

extension TimeZone {
    /// The zone an IANA name names, as written or else in any case (`utc`, `europe/berlin`), as `--tz` takes it.
    ///
    /// Foundation knows names only in their own case, and people type `utc`.
    static func named(_ name: String) -> TimeZone? {
        if let exact = TimeZone(identifier: name) { return exact }
        let lowered = name.lowercased()
        return (["UTC", "GMT"] + TimeZone.knownTimeZoneIdentifiers).first { $0.lowercased() == lowered }
            .flatMap { TimeZone(identifier: $0) }
    }
}
