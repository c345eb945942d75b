import Foundation

/// The hand-written LinkedIn exports under `Tests/InvitesCLITests/Fixtures`.
///
/// - `linkedin-2023`: the old header era (no profile URLs), LF, no preamble; names and a message
///   with quoted commas, quotes and line breaks, an INCOMING row, a hidden profile, bad dates.
/// - `linkedin-2026-01`: the new era (profile URLs), BOM, CRLF, the `Notes:` preamble in Connections.csv.
/// - `linkedin-2026-03`: a newer export of the same account: two new rows (Eve), LF, no BOM,
///   reordered and extra columns, profile URLs written differently.
/// - `linkedin-2024`: a new-era export repeating two `linkedin-2023` rows, now with profile URLs.
enum LinkedInFixtures {
    /// The path of a fixture export folder, or of one file in it.
    static func path(_ export: String, _ file: String? = nil) -> String {
        var url = Paths.repository.appendingPathComponent("Tests/InvitesCLITests/Fixtures/\(export)")
        if let file { url = url.appendingPathComponent(file) }
        return url.path
    }
}

extension RunResult {
    /// The `linkedin` member of an import's JSON summary.
    var linkedin: [String: Any] { object["linkedin"] as? [String: Any] ?? [:] }
    /// Standard output as JSON Lines objects (`export`, `log`).
    var lines: [[String: Any]] {
        stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}
