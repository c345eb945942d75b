import Foundation

extension TimeZone {
    /// The zone an IANA name names, as written or else in any case (`utc`, `europe/berlin`), as `--tz` takes it.
    ///
    /// Foundation knows names only in their own case, and people type `utc`. Its list of known
    /// names leaves out many that it accepts (`Asia/Kolkata`, `US/Eastern`, `Etc/UTC`), so the
    /// name is also looked for, part by part and in any case, in the system's zone files.
    static func named(_ name: String) -> TimeZone? {
        if let exact = TimeZone(identifier: name) { return exact }
        let lowered = name.lowercased()
        if let known = (["UTC", "GMT"] + TimeZone.knownTimeZoneIdentifiers).first(where: { $0.lowercased() == lowered }) {
            return TimeZone(identifier: known)
        }
        var folder = "/usr/share/zoneinfo"
        var spelled: [String] = []
        for part in name.split(separator: "/", omittingEmptySubsequences: false) {
            guard !part.isEmpty, part != ".", part != "..",
                  let entries = try? FileManager.default.contentsOfDirectory(atPath: folder),
                  let match = entries.first(where: { $0.lowercased() == part.lowercased() }) else { return nil }
            spelled.append(match)
            folder += "/" + match
        }
        return spelled.isEmpty ? nil : TimeZone(identifier: spelled.joined(separator: "/"))
    }
}
