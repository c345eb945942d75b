import Foundation

/// Locates the hand-written fixture files next to this source file.
enum Fixtures {
    /// The `Fixtures` folder, found from `#filePath` as given, or with symlinks resolved.
    static func folder(filePath: String = #filePath) -> URL {
        let given = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
        if FileManager.default.fileExists(atPath: given.path) { return given }
        return URL(fileURLWithPath: filePath).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
    }

    /// A fixture file or folder, e.g. `url("export-2023", "Invitations.csv")`.
    static func url(_ parts: String...) -> URL {
        parts.reduce(folder()) { $0.appendingPathComponent($1) }
    }

    /// The raw bytes of a fixture file.
    static func bytes(_ parts: String...) throws -> [UInt8] {
        let url = parts.reduce(folder()) { $0.appendingPathComponent($1) }
        return [UInt8](try Data(contentsOf: url))
    }

    /// A fresh empty temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("LinkedInExportTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let newYork = TimeZone(identifier: "America/New_York")
    static let tokyo = TimeZone(identifier: "Asia/Tokyo")
}
